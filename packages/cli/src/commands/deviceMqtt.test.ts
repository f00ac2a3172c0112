import { execFileSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

  it('pinion device csr makes a request of the device key, named after its id without 0x, for the device CA to sign', async () => {
    const keyFile = join(dir, 'device.json')
    expect(await runPinion('device', 'keygen', '--type', 'p256', '--out', keyFile)).toMatchObject({ code: 0, err: '' })
    const { code, out, err } = await runPinion('device', 'csr', '--key', keyFile)
    expect({ code, err }).toEqual({ code: 0, err: '' })
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as { deviceId: string; publicKey: string }
    // openssl checks the request's own signature (made by the device key), then prints its name and key.
    const subject = execFileSync('openssl', ['req', '-verify', '-noout', '-subject'], { input: out, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
    expect(subject.trim()).toBe(`subject=CN = ${key.deviceId.slice(2)}`)
    const publicKey = createPublicKey(execFileSync('openssl', ['req', '-noout', '-pubkey'], { input: out, encoding: 'utf8' })).export({ format: 'jwk' })
    expect(`0x${Buffer.from(publicKey.x!, 'base64url').toString('hex')}${Buffer.from(publicKey.y!, 'base64url').toString('hex')}`).toBe(key.publicKey)
  })
})
