import type { MqttIngestConfig } from '@pinion/oracle'
import { PinionError } from '@pinion/protocol'
import type { Command } from 'commander'
import { readPemFlag } from './readPemFlag.ts'

/** `pinion oracle`'s MQTT flags, as commander names them. Every TLS flag names a file: no key is ever a flag's value. */
export type OracleMqttFlags = {
  mqttListen?: string
  mqttBroker?: string
  mqttCert?: string
  mqttKey?: string
  mqttCa?: string
  mqttShareGroup?: string
}

/** Where `--mqtt-broker`'s account comes from: the environment only, never a flag (flags show in `ps`). */
const MQTT_USERNAME_ENV = 'PINION_MQTT_USERNAME'
const MQTT_PASSWORD_ENV = 'PINION_MQTT_PASSWORD'

/** Adds the MQTT flags to `pinion oracle` (README: Devices over MQTT). */
export function withMqttOptions(command: Command): Command {
  return command
    .option(
      '--mqtt-listen <[host:]port>',
      'also serve MQTT from a broker embedded in the oracle (devices log in with a token, or a client certificate over TLS); host default 127.0.0.1',
    )
    .option(
      '--mqtt-broker <url>',
      `also take reports from an external broker (mqtt:// or mqtts://), logging in as ${MQTT_USERNAME_ENV} / ${MQTT_PASSWORD_ENV} from the environment`,
    )
    .option('--mqtt-cert <file>', "PEM certificate: the embedded broker's (it then serves mqtts://), or the oracle's client certificate for --mqtt-broker")
    .option('--mqtt-key <file>', 'PEM private key of --mqtt-cert')
    .option(
      '--mqtt-ca <file>',
      "PEM CA: with --mqtt-listen, the network's device CA whose client certificates log devices in; with --mqtt-broker, what the broker's certificate must chain to",
    )
    .option('--mqtt-share-group <name>', 'with --mqtt-broker: share the devices between the ingest processes of this oracle ($share/<name>/…)')
}

/**
 * The MqttIngestConfig the flags describe, undefined when they ask for no MQTT. Reads the files the
 * TLS flags name (the config carries PEM text into the oracle's thread). Throws
 * PINION_ERR_MQTT_FLAGS for flags that do not fit together or a file that cannot be read.
 */
export function mqttIngestOfFlags(flags: OracleMqttFlags, env: NodeJS.ProcessEnv = process.env): MqttIngestConfig | undefined {
  const bad = (message: string) => new PinionError('PINION_ERR_MQTT_FLAGS', message)
  const tlsFlags = [flags.mqttCert, flags.mqttKey, flags.mqttCa].some((flag) => flag !== undefined)
  if (flags.mqttListen !== undefined && flags.mqttBroker !== undefined)
    throw bad('--mqtt-listen and --mqtt-broker: an oracle serves MQTT from its own broker or from an external one, not both')
  if (flags.mqttListen === undefined && flags.mqttBroker === undefined) {
    if (tlsFlags || flags.mqttShareGroup !== undefined) throw bad('--mqtt-cert, --mqtt-key, --mqtt-ca and --mqtt-share-group need --mqtt-listen or --mqtt-broker')
    return undefined
  }
  if ((flags.mqttCert === undefined) !== (flags.mqttKey === undefined)) throw bad('--mqtt-cert and --mqtt-key go together: a certificate and its private key')
  const cert = readPemFlag('--mqtt-cert', flags.mqttCert)
  const key = readPemFlag('--mqtt-key', flags.mqttKey)
  const ca = readPemFlag('--mqtt-ca', flags.mqttCa)

  if (flags.mqttListen !== undefined) {
    if (flags.mqttShareGroup !== undefined) throw bad('--mqtt-share-group is for --mqtt-broker: an embedded broker has one oracle behind it')
    if (ca !== undefined && cert === undefined) throw bad('--mqtt-ca with --mqtt-listen is the device CA of a TLS broker: give the broker its --mqtt-cert and --mqtt-key too')
    const { host, port } = parseListen(flags.mqttListen, bad)
    const tls = cert === undefined || key === undefined ? undefined : { cert, key, ...(ca === undefined ? {} : { deviceCa: ca }) }
    return { listen: { ...(host === undefined ? {} : { host }), port, ...(tls === undefined ? {} : { tls }) } }
  }

  const url = flags.mqttBroker!
  if (!/^(mqtts?|wss?):\/\/[^/]/.test(url)) throw bad(`--mqtt-broker ${JSON.stringify(url)} is not an mqtt://, mqtts://, ws:// or wss:// URL`)
  if (/^[a-z]+:\/\/[^/@]*@/i.test(url)) throw bad(`--mqtt-broker must not hold credentials; set ${MQTT_USERNAME_ENV} and ${MQTT_PASSWORD_ENV}`)
  const username = env[MQTT_USERNAME_ENV]
  const password = env[MQTT_PASSWORD_ENV]
  const tls = { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) }
  return {
    brokerUrl: url,
    ...(username === undefined || username === '' ? {} : { username }),
    ...(password === undefined || password === '' ? {} : { password }),
    ...(flags.mqttShareGroup === undefined ? {} : { shareGroup: flags.mqttShareGroup }),
    ...(Object.keys(tls).length === 0 ? {} : { tls }),
  }
}

/** `1883`, `0.0.0.0:8883` or `[::1]:8883`. */
function parseListen(value: string, bad: (message: string) => Error): { host?: string; port: number } {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value)
  const port = match === null ? Number.NaN : Number(match[2])
  if (match === null || port > 65_535) throw bad(`--mqtt-listen ${JSON.stringify(value)} is not [host:]port (a port from 0 to 65535)`)
  const host = match[1]?.replace(/^\[|\]$/g, '')
  return { ...(host === undefined ? {} : { host }), port }
}
