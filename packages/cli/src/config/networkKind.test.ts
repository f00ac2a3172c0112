import { describe, expect, it } from 'vitest'
import { networkKind } from './networkKind.ts'

describe('networkKind', () => {
  const config = { kinds: { wireless: {}, uptime: {} } }
  it('is the named kind of the network, or its first', () => {
    expect(networkKind(config, 'uptime').name).toBe('uptime')
    expect(networkKind(config, undefined).name).toBe('wireless')
  })
  it('refuses a kind the network does not run, naming the ones it does', () => {
    expect(() => networkKind({ kinds: { uptime: {} } }, 'wireless')).toThrow('--kind is "wireless", expected one of the kinds the network runs: uptime.')
    expect(() => networkKind(config, 'storage')).toThrow('--kind is "storage", expected one of the kinds the network runs: wireless, uptime.')
  })
})
