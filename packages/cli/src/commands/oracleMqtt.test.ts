import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { Command } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'
import { type OracleMqttFlags, mqttIngestOfFlags, withMqttOptions } from './oracleMqtt.ts'

// The files' contents are not parsed here (the broker's TLS does that: mqtt.tls.db.test.ts); these
// stand in for PEM files so that what is read from which flag shows.
const dir = mkdtempSync(join(tmpdir(), 'pinion-oracle-mqtt-'))
const file = (name: string) => {
  const path = join(dir, name)
  writeFileSync(path, `<${name}>`)
  return path
}
const cert = file('broker.pem')
const key = file('broker.key')
const ca = file('device-ca.pem')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `pinion oracle`'s MQTT flags as commander parses them from `argv`, then the config they make. */
const configOf = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  mqttIngestOfFlags(withMqttOptions(new Command('oracle')).parse(argv, { from: 'user' }).opts<OracleMqttFlags>(), env)

describe('pinion oracle --mqtt-*', () => {
  it('asks for no MQTT without --mqtt-listen or --mqtt-broker', () => {
    expect(configOf([])).toBeUndefined()
  })

  it('embeds a broker on [host:]port, over TLS with a device CA when the files are named', () => {
    expect(configOf(['--mqtt-listen', '1883'])).toEqual({ listen: { port: 1883 } })
    expect(configOf(['--mqtt-listen', '0.0.0.0:8883', '--mqtt-cert', cert, '--mqtt-key', key])).toEqual({
      listen: { host: '0.0.0.0', port: 8883, tls: { cert: '<broker.pem>', key: '<broker.key>' } },
    })
    expect(configOf(['--mqtt-listen', '[::1]:8883', '--mqtt-cert', cert, '--mqtt-key', key, '--mqtt-ca', ca])).toEqual({
      listen: { host: '::1', port: 8883, tls: { cert: '<broker.pem>', key: '<broker.key>', deviceCa: '<device-ca.pem>' } },
    })
  })

  it('takes an external broker’s account from the environment only', () => {
    expect(
      configOf(['--mqtt-broker', 'mqtts://broker.example:8883', '--mqtt-ca', ca, '--mqtt-share-group', 'oracle-1'], {
        PINION_MQTT_USERNAME: 'pinion-oracle',
        PINION_MQTT_PASSWORD: 's3cret',
      }),
    ).toEqual({
      brokerUrl: 'mqtts://broker.example:8883',
      username: 'pinion-oracle',
      password: 's3cret',
      shareGroup: 'oracle-1',
      tls: { ca: '<device-ca.pem>' },
    })
    expect(configOf(['--mqtt-broker', 'mqtt://127.0.0.1:1883'])).toEqual({ brokerUrl: 'mqtt://127.0.0.1:1883' })
  })

  it.each([
    [['--mqtt-listen', '1883', '--mqtt-broker', 'mqtt://127.0.0.1:1883'], /not both/],
    [['--mqtt-cert', cert, '--mqtt-key', key], /need --mqtt-listen or --mqtt-broker/],
    [['--mqtt-listen', '8883', '--mqtt-cert', cert], /go together/],
    [['--mqtt-listen', '8883', '--mqtt-ca', ca], /give the broker its --mqtt-cert/],
    [['--mqtt-listen', '1883', '--mqtt-share-group', 'g'], /is for --mqtt-broker/],
    [['--mqtt-listen', 'localhost'], /not \[host:\]port/],
    [['--mqtt-listen', '70000'], /not \[host:\]port/],
    [['--mqtt-broker', 'http://127.0.0.1:1883'], /not an mqtt:\/\//],
    [['--mqtt-broker', 'mqtt://oracle:pw@127.0.0.1:1883'], /must not hold credentials/],
    [['--mqtt-listen', '8883', '--mqtt-cert', join(dir, 'missing.pem'), '--mqtt-key', key], /--mqtt-cert .*missing\.pem/],
  ])('refuses %j with PINION_ERR_MQTT_FLAGS', (argv, message) => {
    expect(() => configOf(argv)).toThrow(expect.objectContaining({ code: 'PINION_ERR_MQTT_FLAGS', message: expect.stringMatching(message) }))
  })
  it('stops `pinion oracle` before it starts, with the code', async () => {
    const { code, err } = await runPinion('oracle', '--mqtt-listen', '1883', '--mqtt-broker', 'mqtt://127.0.0.1:1883')
    expect(code).toBe(1)
    expect(err).toContain('[PINION_ERR_MQTT_FLAGS]')
  })
})
