import { createHash } from 'node:crypto'
import { type DeviceKey, deviceIdOf, signWithDeviceKey } from '@pinion/protocol'
import { type Hex, hexToBytes, isHex, size } from 'viem'

/**
 * Pinion over MQTT: the topics, the device's connect token and the ack, in one place for both ends
 * (the device SDK's mqttTransport and the oracle's MQTT ingest).
 *
 * Topics, per network and device (ids as lower-case 0x hex):
 *
 *   pinion/<networkId>/devices/<deviceId>/reports          device → oracle: a ReportBatch (protobuf), QoS 1
 *   pinion/<networkId>/devices/<deviceId>/acks             oracle → device: the verdicts of each batch (JSON)
 *   pinion/<networkId>/devices/<deviceId>/challenges/get   device → oracle: {"epoch":"<n>","waitMs":<ms>} (JSON)
 *   pinion/<networkId>/devices/<deviceId>/challenges       oracle → device: that epoch's challenges (JSON)
 *
 * A device publishes only to its own `reports` and `challenges/get` and subscribes only to its own
 * `acks` and `challenges`.
 */
export const MQTT_TOPIC_ROOT = 'pinion'

export type MqttDeviceTopics = { reports: string; acks: string; challengeRequests: string; challenges: string }

/** A device's four topics. */
export function mqttTopicsOf(networkId: Hex, deviceId: Hex): MqttDeviceTopics {
  const base = `${MQTT_TOPIC_ROOT}/${networkId.toLowerCase()}/devices/${deviceId.toLowerCase()}`
  return { reports: `${base}/reports`, acks: `${base}/acks`, challengeRequests: `${base}/challenges/get`, challenges: `${base}/challenges` }
}

/** What a topic a device published to is, and whose: undefined for anything but a device's reports or challenge requests on `networkId`. */
export function parseDeviceTopic(networkId: Hex, topic: string): { deviceId: Hex; type: 'reports' | 'challengeRequests' } | undefined {
  const match = /^pinion\/(0x[0-9a-f]{64})\/devices\/(0x[0-9a-f]{64})\/(reports|challenges\/get)$/.exec(topic)
  if (match === null || match[1] !== networkId.toLowerCase()) return undefined
  return { deviceId: match[2] as Hex, type: match[3] === 'reports' ? 'reports' : 'challengeRequests' }
}

/** Domain separation of the connect token's signature: never a valid report signature, nor another network's token. */
export const MQTT_TOKEN_DOMAIN = 'pinion-mqtt-v1'
/** The longest a token may be valid for, counted from when the oracle checks it. */
export const MAX_MQTT_TOKEN_LIFETIME_MS = 10 * 60_000
/** How long the tokens mqttTransport makes are valid for. */
export const DEFAULT_MQTT_TOKEN_LIFETIME_MS = 5 * 60_000

/**
 * The bytes a connect token signs: "pinion-mqtt-v1" (ASCII, 14 bytes) ‖ networkId (32 bytes) ‖
 * deviceId (32 bytes) ‖ expiresAtMs (unsigned 64-bit big-endian).
 */
export function mqttTokenMessage(networkId: Hex, deviceId: Hex, expiresAtMs: number): Uint8Array {
  if (!isHex(networkId) || size(networkId) !== 32 || !isHex(deviceId) || size(deviceId) !== 32) throw new TypeError('networkId and deviceId must be 32 bytes of hex')
  if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs < 0) throw new TypeError(`expiresAtMs must be a whole number of milliseconds, got ${expiresAtMs}`)
  const domain = new TextEncoder().encode(MQTT_TOKEN_DOMAIN)
  const message = new Uint8Array(domain.length + 32 + 32 + 8)
  message.set(domain, 0)
  message.set(hexToBytes(networkId), domain.length)
  message.set(hexToBytes(deviceId), domain.length + 32)
  new DataView(message.buffer).setBigUint64(domain.length + 64, BigInt(expiresAtMs))
  return message
}

/**
 * The MQTT password of a device: `<expiresAtMs>.<signature, base64url>`, the device key's signature
 * of mqttTokenMessage (ed25519, or P-256 r‖s). The username is the device id.
 */
export function signMqttToken(key: DeviceKey, networkId: Hex, expiresAtMs: number): string {
  const signature = signWithDeviceKey(key, mqttTokenMessage(networkId, deviceIdOf(key.publicKey), expiresAtMs))
  return `${expiresAtMs}.${Buffer.from(signature).toString('base64url')}`
}

/** A token's parts, or undefined when it is not one. */
export function parseMqttToken(password: string): { expiresAtMs: number; signature: Uint8Array } | undefined {
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{86})$/.exec(password)
  if (match === null) return undefined
  const expiresAtMs = Number(match[1])
  if (!Number.isSafeInteger(expiresAtMs)) return undefined
  return { expiresAtMs, signature: new Uint8Array(Buffer.from(match[2]!, 'base64url')) }
}

/** How an ack names the batch it answers: sha256 of the payload as published, 0x hex. A batch sent again has the same id. */
export function batchIdOf(payload: Uint8Array): Hex {
  return `0x${createHash('sha256').update(payload).digest('hex')}`
}

/**
 * What the oracle publishes on a device's ack topic for each batch, once its verdicts are final
 * (accepted ones stored durably): the HTTP batch response's body, or the HTTP error body of a batch
 * refused as a whole with the status HTTP would have answered (and when to try again), each with the
 * batch's id and the oracle's signer.
 */
export type MqttAck = { batch: Hex; oracle: string } & (
  | { accepted: number; duplicates: number; rejected: number; results: { index: number; status: 'accepted' | 'duplicate' | 'rejected'; code?: string }[] }
  | { code: string; message: string; status: number; retryAfterMs?: number }
)
