import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MqttClientTls, deviceKeyPem } from '@pinion/device'
import { type DeviceKey, PinionError, deviceIdOf } from '@pinion/protocol'
import { readPemFlag } from './readPemFlag.ts'

/** `pinion device run`'s MQTT flags, as commander names them. The TLS flags name PEM files: no key is ever a flag's value. */
export type DeviceMqttFlags = { mqtt?: string[]; cert?: string; tlsKey?: string; ca?: string }

/**
 * The device's TLS for mqtts:// brokers, from the files the flags name; undefined without TLS flags.
 * `--cert` is the device's client certificate, of its own device key (`--key`), which is then its TLS
 * key too; `--tls-key` only for a broker whose certificates hold another key. Throws
 * PINION_ERR_MQTT_FLAGS for flags that do not fit together or a file that cannot be read.
 */
export function mqttTlsOfFlags(flags: DeviceMqttFlags): MqttClientTls | undefined {
  const bad = (message: string) => new PinionError('PINION_ERR_MQTT_FLAGS', message)
  if (flags.cert === undefined && flags.tlsKey === undefined && flags.ca === undefined) return undefined
  if (flags.mqtt === undefined) throw bad('--cert, --tls-key and --ca are for MQTT over TLS: name the brokers with --mqtt mqtts://…')
  if (flags.tlsKey !== undefined && flags.cert === undefined) throw bad('--tls-key without --cert: a TLS key is the key of a client certificate')
  const plain = flags.mqtt.filter((url) => !/^(mqtts|wss):\/\//.test(url))
  if (plain.length > 0) throw bad(`--cert, --tls-key and --ca need TLS brokers (mqtts:// or wss://), but --mqtt names ${plain.join(', ')}`)
  const cert = readPemFlag('--cert', flags.cert)
  const key = readPemFlag('--tls-key', flags.tlsKey)
  const ca = readPemFlag('--ca', flags.ca)
  return { ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }), ...(ca === undefined ? {} : { ca }) }
}

/**
 * A certificate signing request for the device's MQTT client certificate: of the device key, with
 * CN = the device id as 64 hex digits (no 0x: X.509 caps a CN at 64 characters). The network's device
 * CA signs it (`openssl x509 -req -CA …`). Made by the machine's openssl, which reads keys from files
 * only (not from a pipe): the PEM form of the key exists for that moment, in a folder only this user
 * can open, and is removed at once.
 */
export function deviceCertificateRequest(key: DeviceKey): string {
  const cn = deviceIdOf(key.publicKey).slice(2)
  const dir = mkdtempSync(join(tmpdir(), 'pinion-csr-'))
  try {
    const keyFile = join(dir, 'device.key')
    writeFileSync(keyFile, deviceKeyPem(key), { mode: 0o600 })
    return execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    throw new PinionError('PINION_ERR_MQTT_FLAGS', `openssl could not make the certificate request: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
