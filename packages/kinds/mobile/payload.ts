import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError, signWithDeviceKey, verifyDeviceSignature } from '@pinion/protocol'
import { type Hex, bytesToHex, concat, hexToBytes, toBytes } from 'viem'
import { DataSessionSchema } from './generated/pinion/mobile/v1/data_session_pb.ts'
import { HeartbeatSchema, LocationFixSchema } from './generated/pinion/mobile/v1/heartbeat_pb.ts'
import { SpeedtestSchema } from './generated/pinion/mobile/v1/speedtest_pb.ts'
import type { InfrastructureKey } from './infrastructure.ts'
import { type RadioType, radioTypeFromWire, radioTypeToWire } from './radioType.ts'

/** The mobile kind's payload types. */
export const HEARTBEAT_PAYLOAD_TYPE = 'heartbeat'
export const SPEEDTEST_PAYLOAD_TYPE = 'speedtest'
export const DATA_SESSION_PAYLOAD_TYPE = 'data_session'
export const MOBILE_PAYLOAD_TYPES = [HEARTBEAT_PAYLOAD_TYPE, SPEEDTEST_PAYLOAD_TYPE, DATA_SESSION_PAYLOAD_TYPE] as const

// Domain prefixes of what each infrastructure key signs: a signature for one can never pass as another.
const LOCATION_FIX_PREFIX = 'pinion/mobile/location-fix/v1'
const SPEEDTEST_PREFIX = 'pinion/mobile/speedtest/v1'
const DATA_SESSION_PREFIX = 'pinion/mobile/data-session/v1'
const MAX_TEST_ID_BYTES = 32
const MAX_SESSION_ID_BYTES = 64

/** A validator's fix of where a radio is (pinion.mobile.v1.LocationFix). */
export type LocationFix = { cell: bigint; validatedAtMs: bigint; validatorPublicKey: Hex; validatorSignature: Hex }
export type UnsignedLocationFix = Omit<LocationFix, 'validatorPublicKey' | 'validatorSignature'>
/** A heartbeat (pinion.mobile.v1.Heartbeat); no fix when the radio has none. */
export type Heartbeat = { radioType: RadioType; locationFix?: LocationFix }
/** A server-signed speedtest (pinion.mobile.v1.Speedtest). */
export type Speedtest = {
  serverPublicKey: Hex
  testId: Hex
  uploadBps: bigint
  downloadBps: bigint
  latencyMs: number
  measuredAtMs: bigint
  serverSignature: Hex
}
export type UnsignedSpeedtest = Omit<Speedtest, 'serverPublicKey' | 'serverSignature'>
/** A carrier-signed data session (pinion.mobile.v1.DataSession). */
export type DataSession = {
  carrierPublicKey: Hex
  sessionId: Hex
  subscriberId: Hex
  uploadBytes: bigint
  downloadBytes: bigint
  startedAtMs: bigint
  endedAtMs: bigint
  carrierSignature: Hex
}
export type UnsignedDataSession = Omit<DataSession, 'carrierPublicKey' | 'carrierSignature'>

/** A decoded mobile payload, tagged with its payload type. */
export type MobilePayload =
  | ({ type: typeof HEARTBEAT_PAYLOAD_TYPE } & Heartbeat)
  | ({ type: typeof SPEEDTEST_PAYLOAD_TYPE } & Speedtest)
  | ({ type: typeof DATA_SESSION_PAYLOAD_TYPE } & DataSession)

const U64_MAX = (1n << 64n) - 1n

/** Big-endian bytes of unsigned integers, each `width` bytes; throws for a value that does not fit. */
function numbers(values: readonly bigint[], width: 4 | 8): Uint8Array {
  const out = new Uint8Array(values.length * width)
  const view = new DataView(out.buffer)
  const max = width === 8 ? U64_MAX : 0xffff_ffffn
  values.forEach((value, i) => {
    if (value < 0n || value > max) throw malformed(`${value} does not fit in ${width} unsigned bytes`)
    if (width === 8) view.setBigUint64(i * width, value)
    else view.setUint32(i * width, Number(value))
  })
  return out
}

function withLength(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0xffff) throw malformed(`an id of ${bytes.length} bytes; expected at most ${0xffff}`)
  return concat([new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes])
}

/** What a location validator signs for `deviceId`: prefix ‖ deviceId ‖ validator key ‖ u64be(cell) ‖ u64be(validatedAtMs). */
export function locationFixSigningMessage(deviceId: Hex, validator: Hex, fix: UnsignedLocationFix): Uint8Array {
  return concat([toBytes(LOCATION_FIX_PREFIX), hexToBytes(deviceId), hexToBytes(validator), numbers([fix.cell, fix.validatedAtMs], 8)])
}

/** What a speedtest server signs for `deviceId` (see speedtest.proto). */
export function speedtestSigningMessage(deviceId: Hex, server: Hex, test: UnsignedSpeedtest): Uint8Array {
  return concat([
    toBytes(SPEEDTEST_PREFIX),
    hexToBytes(deviceId),
    hexToBytes(server),
    withLength(hexToBytes(test.testId)),
    numbers([test.uploadBps, test.downloadBps], 8),
    numbers([BigInt(test.latencyMs)], 4),
    numbers([test.measuredAtMs], 8),
  ])
}

/** What a carrier signs for `deviceId` (see data_session.proto). */
export function dataSessionSigningMessage(deviceId: Hex, carrier: Hex, session: UnsignedDataSession): Uint8Array {
  return concat([
    toBytes(DATA_SESSION_PREFIX),
    hexToBytes(deviceId),
    hexToBytes(carrier),
    withLength(hexToBytes(session.sessionId)),
    hexToBytes(session.subscriberId),
    numbers([session.uploadBytes, session.downloadBytes, session.startedAtMs, session.endedAtMs], 8),
  ])
}

const sign = (key: InfrastructureKey, message: Uint8Array): Hex => bytesToHex(signWithDeviceKey({ type: 'ed25519', ...key }, message))

/** Whether `signature` is `key`'s ed25519 signature of the message `build` makes; false where the message cannot be built. */
function signedBy(key: Hex, signature: Hex, build: () => Uint8Array): boolean {
  let message: Uint8Array
  try {
    message = build()
  } catch {
    return false
  }
  return verifyDeviceSignature('ed25519', key, message, hexToBytes(signature))
}

export function signLocationFix(validator: InfrastructureKey, deviceId: Hex, fix: UnsignedLocationFix): LocationFix {
  return { ...fix, validatorPublicKey: validator.publicKey, validatorSignature: sign(validator, locationFixSigningMessage(deviceId, validator.publicKey, fix)) }
}

export function signSpeedtest(server: InfrastructureKey, deviceId: Hex, test: UnsignedSpeedtest): Speedtest {
  return { ...test, serverPublicKey: server.publicKey, serverSignature: sign(server, speedtestSigningMessage(deviceId, server.publicKey, test)) }
}

export function signDataSession(carrier: InfrastructureKey, deviceId: Hex, session: UnsignedDataSession): DataSession {
  return { ...session, carrierPublicKey: carrier.publicKey, carrierSignature: sign(carrier, dataSessionSigningMessage(deviceId, carrier.publicKey, session)) }
}

export const verifyLocationFixSignature = (deviceId: Hex, fix: LocationFix): boolean =>
  signedBy(fix.validatorPublicKey, fix.validatorSignature, () => locationFixSigningMessage(deviceId, fix.validatorPublicKey, fix))
export const verifySpeedtestSignature = (deviceId: Hex, test: Speedtest): boolean =>
  signedBy(test.serverPublicKey, test.serverSignature, () => speedtestSigningMessage(deviceId, test.serverPublicKey, test))
export const verifyDataSessionSignature = (deviceId: Hex, session: DataSession): boolean =>
  signedBy(session.carrierPublicKey, session.carrierSignature, () => dataSessionSigningMessage(deviceId, session.carrierPublicKey, session))

export function encodeHeartbeat(heartbeat: Heartbeat): Uint8Array {
  const fix = heartbeat.locationFix
  return toBinary(
    HeartbeatSchema,
    create(HeartbeatSchema, {
      radioType: radioTypeToWire(heartbeat.radioType),
      ...(fix === undefined
        ? {}
        : {
            locationFix: create(LocationFixSchema, {
              cell: fix.cell,
              validatedAtMs: fix.validatedAtMs,
              validatorPublicKey: hexToBytes(fix.validatorPublicKey),
              validatorSignature: hexToBytes(fix.validatorSignature),
            }),
          }),
    }),
  )
}

export function encodeSpeedtest(test: Speedtest): Uint8Array {
  return toBinary(
    SpeedtestSchema,
    create(SpeedtestSchema, {
      serverPublicKey: hexToBytes(test.serverPublicKey),
      testId: hexToBytes(test.testId),
      uploadBps: test.uploadBps,
      downloadBps: test.downloadBps,
      latencyMs: test.latencyMs,
      measuredAtMs: test.measuredAtMs,
      serverSignature: hexToBytes(test.serverSignature),
    }),
  )
}

export function encodeDataSession(session: DataSession): Uint8Array {
  return toBinary(
    DataSessionSchema,
    create(DataSessionSchema, {
      carrierPublicKey: hexToBytes(session.carrierPublicKey),
      sessionId: hexToBytes(session.sessionId),
      subscriberId: hexToBytes(session.subscriberId),
      uploadBytes: session.uploadBytes,
      downloadBytes: session.downloadBytes,
      startedAtMs: session.startedAtMs,
      endedAtMs: session.endedAtMs,
      carrierSignature: hexToBytes(session.carrierSignature),
    }),
  )
}

/** Decodes a mobile payload; throws PINION_ERR_MALFORMED_PAYLOAD for anything that is not one. */
export function decodeMobilePayload(payloadType: string, bytes: Uint8Array): MobilePayload {
  switch (payloadType) {
    case HEARTBEAT_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(HeartbeatSchema, bytes), 'Heartbeat', bytes)
      const radioType = radioTypeFromWire(m.radioType)
      if (radioType === null) throw malformed(`radio_type ${m.radioType} is not a radio type; expected 1 to 4`)
      const fix = m.locationFix
      return {
        type: HEARTBEAT_PAYLOAD_TYPE,
        radioType,
        ...(fix === undefined
          ? {}
          : {
              locationFix: {
                cell: fix.cell,
                validatedAtMs: fix.validatedAtMs,
                validatorPublicKey: fixed('validator_public_key', fix.validatorPublicKey, 32),
                validatorSignature: fixed('validator_signature', fix.validatorSignature, 64),
              },
            }),
      }
    }
    case SPEEDTEST_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(SpeedtestSchema, bytes), 'Speedtest', bytes)
      return {
        type: SPEEDTEST_PAYLOAD_TYPE,
        serverPublicKey: fixed('server_public_key', m.serverPublicKey, 32),
        testId: ranged('test_id', m.testId, 1, MAX_TEST_ID_BYTES),
        uploadBps: m.uploadBps,
        downloadBps: m.downloadBps,
        latencyMs: m.latencyMs,
        measuredAtMs: m.measuredAtMs,
        serverSignature: fixed('server_signature', m.serverSignature, 64),
      }
    }
    case DATA_SESSION_PAYLOAD_TYPE: {
      const m = parse(() => fromBinary(DataSessionSchema, bytes), 'DataSession', bytes)
      return {
        type: DATA_SESSION_PAYLOAD_TYPE,
        carrierPublicKey: fixed('carrier_public_key', m.carrierPublicKey, 32),
        sessionId: ranged('session_id', m.sessionId, 1, MAX_SESSION_ID_BYTES),
        subscriberId: fixed('subscriber_id', m.subscriberId, 32),
        uploadBytes: m.uploadBytes,
        downloadBytes: m.downloadBytes,
        startedAtMs: m.startedAtMs,
        endedAtMs: m.endedAtMs,
        carrierSignature: fixed('carrier_signature', m.carrierSignature, 64),
      }
    }
    default:
      throw malformed(`mobile has no payload type "${payloadType}"; expected one of ${MOBILE_PAYLOAD_TYPES.join(', ')}`)
  }
}

function parse<message>(decode: () => message, name: string, bytes: Uint8Array): message {
  try {
    return decode()
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `payload of ${bytes.length} bytes is not a pinion.mobile.v1.${name}`, { cause })
  }
}

function fixed(field: string, value: Uint8Array, length: number): Hex {
  if (value.length !== length) throw malformed(`${field} has ${value.length} bytes; expected ${length}`)
  return bytesToHex(value)
}

function ranged(field: string, value: Uint8Array, min: number, max: number): Hex {
  if (value.length < min || value.length > max) throw malformed(`${field} has ${value.length} bytes; expected ${min} to ${max}`)
  return bytesToHex(value)
}

const malformed = (message: string) => new PinionError('PINION_ERR_MALFORMED_PAYLOAD', message)
