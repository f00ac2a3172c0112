import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError, signWithDeviceKey, verifyDeviceSignature } from '@pinion/protocol'
import { type Hex, bytesToHex, concat, hexToBytes, keccak256, toBytes } from 'viem'
import { BeaconSchema } from './generated/pinion/wireless/v1/beacon_pb.ts'
import { DataTransferSchema } from './generated/pinion/wireless/v1/data_transfer_pb.ts'
import { WitnessSchema } from './generated/pinion/wireless/v1/witness_pb.ts'
import type { RouterKey } from './routerKey.ts'

/** The wireless kind's payload types. */
export const BEACON_PAYLOAD_TYPE = 'beacon'
export const WITNESS_PAYLOAD_TYPE = 'witness'
export const DATA_TRANSFER_PAYLOAD_TYPE = 'data_transfer'
export const WIRELESS_PAYLOAD_TYPES = [BEACON_PAYLOAD_TYPE, WITNESS_PAYLOAD_TYPE, DATA_TRANSFER_PAYLOAD_TYPE] as const

/** Domain prefix of a beacon's data. */
const BEACON_DATA_PREFIX = 'pinion/wireless/beacon/v1'
/** Domain prefix of the message a router signs for a data transfer. */
const DATA_TRANSFER_SIGNING_PREFIX = 'pinion/wireless/data-transfer/v1'
/** Bounds on variable-length fields: anything outside is not a payload of ours. */
const MIN_LOCAL_ENTROPY_BYTES = 4
const MAX_LOCAL_ENTROPY_BYTES = 32
const MAX_SESSION_ID_BYTES = 64
const MAX_DATARATE_LENGTH = 16

/** A beacon (pinion.wireless.v1.Beacon); byte fields as lower-case hex. */
export type Beacon = {
  entropy: Hex
  localEntropy: Hex
  data: Hex
  frequencyHz: number
  datarate: string
  txPowerDeciDbm: number
  transmittedAtMs: bigint
  /** When the preamble went on air, GPS unix ns, from a secure concentrator (HIP-72); absent without one. */
  gpsTimeNs?: bigint
}
/** A witness (pinion.wireless.v1.Witness). */
export type Witness = {
  beaconerId: Hex
  beaconData: Hex
  frequencyHz: number
  datarate: string
  rssiDeciDbm: number
  snrDeciDb: number
  receivedAtMs: bigint
  /** When the preamble arrived, GPS unix ns, from a secure concentrator (HIP-72); absent without one. */
  gpsTimeNs?: bigint
}
/** A data transfer (pinion.wireless.v1.DataTransfer). */
export type DataTransfer = {
  routerPublicKey: Hex
  sessionId: Hex
  bytes: bigint
  packets: bigint
  startedAtMs: bigint
  endedAtMs: bigint
  routerSignature: Hex
}
export type UnsignedDataTransfer = Omit<DataTransfer, 'routerSignature'>

/** A decoded wireless payload, tagged with its payload type. */
export type WirelessPayload =
  | ({ type: typeof BEACON_PAYLOAD_TYPE } & Beacon)
  | ({ type: typeof WITNESS_PAYLOAD_TYPE } & Witness)
  | ({ type: typeof DATA_TRANSFER_PAYLOAD_TYPE } & DataTransfer)

/** The beacon data a hotspot must send: keccak256(prefix ‖ entropy ‖ localEntropy ‖ deviceId). */
export function beaconData(entropy: Hex, localEntropy: Hex, deviceId: Hex): Hex {
  return keccak256(concat([toBytes(BEACON_DATA_PREFIX), hexToBytes(entropy), hexToBytes(localEntropy), hexToBytes(deviceId)]))
}

/** The channel a beacon with `data` must use: channelsHz[u16be(data[0..2]) % length]. */
export function expectedChannel(data: Hex, params: { readonly channelsHz: readonly number[] }): number {
  const bytes = hexToBytes(data)
  return params.channelsHz[((bytes[0]! << 8) | bytes[1]!) % params.channelsHz.length]!
}

/** The datarate a beacon with `data` must use: datarates[data[2] % length]. */
export function expectedDatarate(data: Hex, params: { readonly datarates: readonly string[] }): string {
  return params.datarates[hexToBytes(data)[2]! % params.datarates.length]!
}

export function encodeBeacon(beacon: Beacon): Uint8Array {
  return toBinary(
    BeaconSchema,
    create(BeaconSchema, {
      entropy: hexToBytes(beacon.entropy),
      localEntropy: hexToBytes(beacon.localEntropy),
      data: hexToBytes(beacon.data),
      frequencyHz: BigInt(beacon.frequencyHz),
      datarate: beacon.datarate,
      txPowerDeciDbm: beacon.txPowerDeciDbm,
      transmittedAtMs: beacon.transmittedAtMs,
      gpsTimeNs: beacon.gpsTimeNs ?? 0n,
    }),
  )
}

export function encodeWitness(witness: Witness): Uint8Array {
  return toBinary(
    WitnessSchema,
    create(WitnessSchema, {
      beaconerId: hexToBytes(witness.beaconerId),
      beaconData: hexToBytes(witness.beaconData),
      frequencyHz: BigInt(witness.frequencyHz),
      datarate: witness.datarate,
      rssiDeciDbm: witness.rssiDeciDbm,
      snrDeciDb: witness.snrDeciDb,
      receivedAtMs: witness.receivedAtMs,
      gpsTimeNs: witness.gpsTimeNs ?? 0n,
    }),
  )
}

export function encodeDataTransfer(transfer: DataTransfer): Uint8Array {
  return toBinary(
    DataTransferSchema,
    create(DataTransferSchema, {
      routerPublicKey: hexToBytes(transfer.routerPublicKey),
      sessionId: hexToBytes(transfer.sessionId),
      bytes: transfer.bytes,
      packets: transfer.packets,
      startedAtMs: transfer.startedAtMs,
      endedAtMs: transfer.endedAtMs,
      routerSignature: hexToBytes(transfer.routerSignature),
    }),
  )
}

const U64_MAX = (1n << 64n) - 1n

/**
 * The bytes a router signs for a transfer carried by `deviceId` (network-independent: a router's
 * signature is about a hotspot and a session, whatever network it is reported to):
 * prefix ‖ deviceId (32) ‖ routerPublicKey (32) ‖ u16be(len(sessionId)) ‖ sessionId
 * ‖ u64be(bytes) ‖ u64be(packets) ‖ u64be(startedAtMs) ‖ u64be(endedAtMs).
 */
export function dataTransferSigningMessage(deviceId: Hex, transfer: UnsignedDataTransfer): Uint8Array {
  const session = hexToBytes(transfer.sessionId)
  if (session.length > 0xffff) throw new PinionError('PINION_ERR_DATA_TRANSFER', `session id has ${session.length} bytes; expected at most ${0xffff}`)
  const numbers = new Uint8Array(32)
  const view = new DataView(numbers.buffer)
  const fields = [transfer.bytes, transfer.packets, transfer.startedAtMs, transfer.endedAtMs]
  fields.forEach((value, i) => {
    if (value < 0n || value > U64_MAX) throw new PinionError('PINION_ERR_DATA_TRANSFER', `data transfer field ${value} is not a uint64`)
    view.setBigUint64(i * 8, value)
  })
  const length = new Uint8Array([session.length >> 8, session.length & 0xff])
  return concat([toBytes(DATA_TRANSFER_SIGNING_PREFIX), hexToBytes(deviceId), hexToBytes(transfer.routerPublicKey), length, session, numbers])
}

/** A data transfer carried by `deviceId`, counter-signed by `router` (the router is the customer's). */
export function signDataTransfer(router: RouterKey, deviceId: Hex, transfer: Omit<UnsignedDataTransfer, 'routerPublicKey'>): DataTransfer {
  const unsigned: UnsignedDataTransfer = { ...transfer, routerPublicKey: router.publicKey }
  const signature = signWithDeviceKey({ type: 'ed25519', publicKey: router.publicKey, privateKey: router.privateKey }, dataTransferSigningMessage(deviceId, unsigned))
  return { ...unsigned, routerSignature: bytesToHex(signature) }
}

/**
 * Whether the transfer's router signature is the router key's signature for `deviceId`. Checked once
 * per distinct (signature, message): the message holds the device, the router key and every signed
 * field, so the answer is the same every time, and a transfer reported again (a replay flood, each
 * copy DUPLICATE_DATA_TRANSFER) costs a lookup instead of an ed25519 verify (~50–90 µs, most of
 * verify's time). Bounded: cleared when full, which costs only recomputation.
 */
export function verifyDataTransferSignature(deviceId: Hex, transfer: DataTransfer): boolean {
  let message: Uint8Array
  try {
    message = dataTransferSigningMessage(deviceId, transfer)
  } catch {
    return false
  }
  const key = `${transfer.routerSignature}${Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('latin1')}`
  let valid = checkedTransfers.get(key)
  if (valid === undefined) {
    valid = verifyDeviceSignature('ed25519', transfer.routerPublicKey, message, hexToBytes(transfer.routerSignature))
    if (checkedTransfers.size >= CHECKED_TRANSFERS_LIMIT) checkedTransfers.clear()
    checkedTransfers.set(key, valid)
  }
  return valid
}
const CHECKED_TRANSFERS_LIMIT = 65_536
const checkedTransfers = new Map<string, boolean>()

/** Decodes a wireless payload; throws PINION_ERR_MALFORMED_PAYLOAD for anything that is not one. */
export function decodeWirelessPayload(payloadType: string, bytes: Uint8Array): WirelessPayload {
  switch (payloadType) {
    case BEACON_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(BeaconSchema, bytes), 'Beacon', bytes)
      return {
        type: BEACON_PAYLOAD_TYPE,
        entropy: fixed('entropy', m.entropy, 32),
        localEntropy: ranged('local_entropy', m.localEntropy, MIN_LOCAL_ENTROPY_BYTES, MAX_LOCAL_ENTROPY_BYTES),
        data: fixed('data', m.data, 32),
        frequencyHz: frequency(m.frequencyHz),
        datarate: datarate(m.datarate),
        txPowerDeciDbm: m.txPowerDeciDbm,
        transmittedAtMs: m.transmittedAtMs,
        ...gpsTime(m.gpsTimeNs),
      }
    }
    case WITNESS_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(WitnessSchema, bytes), 'Witness', bytes)
      return {
        type: WITNESS_PAYLOAD_TYPE,
        beaconerId: fixed('beaconer_id', m.beaconerId, 32),
        beaconData: fixed('beacon_data', m.beaconData, 32),
        frequencyHz: frequency(m.frequencyHz),
        datarate: datarate(m.datarate),
        rssiDeciDbm: m.rssiDeciDbm,
        snrDeciDb: m.snrDeciDb,
        receivedAtMs: m.receivedAtMs,
        ...gpsTime(m.gpsTimeNs),
      }
    }
    case DATA_TRANSFER_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(DataTransferSchema, bytes), 'DataTransfer', bytes)
      return {
        type: DATA_TRANSFER_PAYLOAD_TYPE,
        routerPublicKey: fixed('router_public_key', m.routerPublicKey, 32),
        sessionId: ranged('session_id', m.sessionId, 1, MAX_SESSION_ID_BYTES),
        bytes: m.bytes,
        packets: m.packets,
        startedAtMs: m.startedAtMs,
        endedAtMs: m.endedAtMs,
        routerSignature: fixed('router_signature', m.routerSignature, 64),
      }
    }
    default:
      throw malformed(`wireless has no payload type "${payloadType}"; expected one of ${WIRELESS_PAYLOAD_TYPES.join(', ')}`)
  }
}

function parse<message>(decode: () => message, name: string, bytes: Uint8Array): message {
  try {
    return decode()
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `payload of ${bytes.length} bytes is not a pinion.wireless.v1.${name}`, { cause })
  }
}

/** A secure concentrator's GPS time, or nothing for 0 (proto3's absent). */
function gpsTime(ns: bigint): { gpsTimeNs?: bigint } {
  return ns === 0n ? {} : { gpsTimeNs: ns }
}

function fixed(field: string, value: Uint8Array, length: number): Hex {
  if (value.length !== length) throw malformed(`${field} has ${value.length} bytes; expected ${length}`)
  return flatHex(value)
}

function ranged(field: string, value: Uint8Array, min: number, max: number): Hex {
  if (value.length < min || value.length > max) throw malformed(`${field} has ${value.length} bytes; expected ${min} to ${max}`)
  return flatHex(value)
}

/**
 * Bytes as 0x-prefixed lower-case hex, the same text as viem's bytesToHex, but one flat string.
 * bytesToHex appends two digits at a time, which V8 keeps as a tree of string pieces (about 1 KB
 * for 32 bytes) until something hashes or compares it and it is flattened (about 3 µs). Decoded ids
 * are Map keys in verifyEpoch and score: the trees were most of a witness report's memory and
 * much of verifyEpoch's first pass over it.
 */
function flatHex(bytes: Uint8Array): Hex {
  const text = Buffer.allocUnsafe(2 + 2 * bytes.length)
  text.write('0x', 0, 'latin1')
  text.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'), 2, 'latin1')
  return text.toString('latin1') as Hex
}

function frequency(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`frequency_hz ${value} is not a frequency; expected at most ${Number.MAX_SAFE_INTEGER} Hz`)
  return Number(value)
}

function datarate(value: string): string {
  if (value.length > MAX_DATARATE_LENGTH) throw malformed(`datarate has ${value.length} characters; expected at most ${MAX_DATARATE_LENGTH}`)
  return value
}

const malformed = (message: string) => new PinionError('PINION_ERR_MALFORMED_PAYLOAD', message)
