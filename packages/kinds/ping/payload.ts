import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError, keccak256Hex } from '@pinion/protocol'
import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { PingSchema, PongSchema } from './generated/pinion/ping/v1/ping_pb.ts'

/** The one payload type of the ping kind: an answer to a challenge. */
export const PONG_PAYLOAD_TYPE = 'pong'
/** The challenge type of the ping kind's challenges (Challenge.challengeType). */
export const PING_CHALLENGE_TYPE = 'ping'

/** A decoded pong (pinion.ping.v1.Pong): lower-case hex, 32 bytes each. */
export type Pong = { challengeId: Hex; answer: Hex }

const BYTES32 = 32

/** The answer to a challenge with `nonce`, from device `deviceId`: keccak256(nonce ‖ deviceId), both 32 bytes. */
export function pongAnswer(nonce: Hex, deviceId: Hex): Hex {
  const message = new Uint8Array(2 * BYTES32)
  message.set(hexToBytes(nonce, { size: BYTES32 }), 0)
  message.set(hexToBytes(deviceId, { size: BYTES32 }), BYTES32)
  return keccak256Hex(message)
}

export function encodePong(pong: Pong): Uint8Array {
  return toBinary(PongSchema, create(PongSchema, { challengeId: hexToBytes(pong.challengeId), answer: hexToBytes(pong.answer) }))
}

/** Decodes a pong payload; throws PINION_ERR_MALFORMED_PAYLOAD for another payload type, other bytes, or fields that are not 32 bytes. */
export function decodePingPayload(payloadType: string, bytes: Uint8Array): Pong {
  if (payloadType !== PONG_PAYLOAD_TYPE) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `ping has no payload type "${payloadType}"; expected "${PONG_PAYLOAD_TYPE}"`)
  }
  let decoded: { challengeId: Uint8Array; answer: Uint8Array }
  try {
    decoded = fromBinary(PongSchema, bytes)
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `payload of ${bytes.length} bytes is not a pinion.ping.v1.Pong`, { cause })
  }
  return { challengeId: bytes32('challenge_id', decoded.challengeId), answer: bytes32('answer', decoded.answer) }
}

/** The question of a ping challenge (pinion.ping.v1.Ping) as the challenge's payload bytes. */
export function encodePing(nonce: Hex): Uint8Array {
  return toBinary(PingSchema, create(PingSchema, { nonce: hexToBytes(nonce) }))
}

/** The nonce of a ping challenge's payload; throws PINION_ERR_MALFORMED_PAYLOAD for anything else. */
export function decodePing(bytes: Uint8Array): Hex {
  let decoded: { nonce: Uint8Array }
  try {
    decoded = fromBinary(PingSchema, bytes)
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `challenge payload of ${bytes.length} bytes is not a pinion.ping.v1.Ping`, { cause })
  }
  return bytes32('nonce', decoded.nonce)
}

function bytes32(field: string, value: Uint8Array): Hex {
  if (value.length !== BYTES32) throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `${field} has ${value.length} bytes; expected ${BYTES32}`)
  return bytesToHex(value)
}
