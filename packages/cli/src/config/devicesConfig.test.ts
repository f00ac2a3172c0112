import { describe, expect, it } from 'vitest'
import { defineNetwork } from './network.ts'
import { refusedConfig as refused } from './refusedConfig.ts'

describe('devices.transport in pinion.config.ts', () => {
  it('is http unless the config says mqtt', () => {
    expect(defineNetwork().devices).toEqual({ transport: 'http' })
    expect(defineNetwork({ devices: {} }).devices).toEqual({ transport: 'http' })
    expect(defineNetwork({ devices: { transport: 'mqtt' } }).devices).toEqual({ transport: 'mqtt' })
  })

  it('refuses another transport, naming the field and what it may be', () => {
    const error = refused({ devices: { transport: 'nats' } })
    expect(error.problems).toEqual([{ code: 'PINION_ERR_CONFIG_VALUE', path: 'devices.transport', message: expect.stringContaining('"http" or "mqtt"') }])
  })

  it('refuses a key nothing reads under devices', () => {
    const error = refused({ devices: { transports: 'mqtt' } })
    expect(error.problems).toEqual([{ code: 'PINION_ERR_CONFIG_UNKNOWN_KEY', path: 'devices.transports', message: expect.stringContaining('did you mean `transport`?') }])
  })
})
