import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { afterAll, describe, expect, it } from 'vitest'
import { mqttTlsOfFlags } from './deviceMqtt.ts'

// Stand-ins for PEM files: what is read from which flag (the TLS itself: mqtt.tls.db.test.ts).
const dir = mkdtempSync(join(tmpdir(), 'pinion-device-mqtt-'))
const file = (name: string) => {
  const path = join(dir, name)
  writeFileSync(path, `<${name}>`)
  return path
}
const cert = file('device.pem')
const ca = file('ca.pem')
const tlsKey = file('tls.key')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pinion device run --cert/--ca/--tls-key', () => {
  it('reads the files the flags name; without TLS flags there is no TLS', () => {
    expect(mqttTlsOfFlags({ mqtt: ['mqtt://127.0.0.1:1883'] })).toBeUndefined()
    expect(mqttTlsOfFlags({ mqtt: ['mqtts://127.0.0.1:8883'], cert, ca })).toEqual({ cert: '<device.pem>', ca: '<ca.pem>' })
    expect(mqttTlsOfFlags({ mqtt: ['mqtts://a:8883', 'wss://b/mqtt'], ca })).toEqual({ ca: '<ca.pem>' })
    expect(mqttTlsOfFlags({ mqtt: ['mqtts://127.0.0.1:8883'], cert, tlsKey })).toEqual({ cert: '<device.pem>', key: '<tls.key>' })
  })

  it.each([
    [{ cert }, /name the brokers with --mqtt/],
    [{ mqtt: ['mqtts://127.0.0.1:8883'], tlsKey }, /--tls-key without --cert/],
    [{ mqtt: ['mqtt://127.0.0.1:1883'], cert }, /need TLS brokers/],
    [{ mqtt: ['mqtts://127.0.0.1:8883'], cert: join(dir, 'missing.pem') }, /--cert .*missing\.pem/],
  ])('refuses %j with PINION_ERR_MQTT_FLAGS', (flags, message) => {
    expect(() => mqttTlsOfFlags(flags)).toThrow(expect.objectContaining({ code: 'PINION_ERR_MQTT_FLAGS', message: expect.stringMatching(message) }))
  })

  it('stops `pinion device run` before it starts, with the code', async () => {
    const { code, err } = await runPinion('device', 'run', '--key', 'missing.json', '--mqtt', 'mqtt://127.0.0.1:1883', '--cert', cert)
    expect(code).toBe(1)
    expect(err).toContain('[PINION_ERR_MQTT_FLAGS]')
  })
})
