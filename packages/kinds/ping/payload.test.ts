import { type Hex, concat, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { deviceId } from './fixtures.ts'
import { decodePing, decodePingPayload, encodePing, encodePong, pongAnswer } from './payload.ts'

const nonce: Hex = `0x${'11'.repeat(32)}`
const code = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`
  }
  return 'no error'
}

describe('ping payloads', () => {
  it('answer a challenge with keccak256(nonce ‖ device id): 64 bytes hashed, different for every device', () => {
    expect(pongAnswer(nonce, deviceId(1))).toBe(keccak256(concat([nonce, deviceId(1)])))
    expect(pongAnswer(nonce, deviceId(1))).not.toBe(pongAnswer(nonce, deviceId(2)))
  })

  it('round-trip a pong and a ping through protobuf', () => {
    const pong = { challengeId: keccak256('0x01'), answer: pongAnswer(nonce, deviceId(1)) }
    expect(decodePingPayload('pong', encodePong(pong))).toEqual(pong)
    expect(decodePing(encodePing(nonce))).toBe(nonce)
  })

  it('refuse another payload type, bytes that are not a Pong, and fields that are not 32 bytes', () => {
    const pong = { challengeId: keccak256('0x01'), answer: pongAnswer(nonce, deviceId(1)) }
    expect(code(() => decodePingPayload('heartbeat', encodePong(pong)))).toBe('PINION_ERR_MALFORMED_PAYLOAD: ping has no payload type "heartbeat"; expected "pong"')
    expect(code(() => decodePingPayload('pong', new Uint8Array([0x0a, 0x05, 0x01])))).toBe('PINION_ERR_MALFORMED_PAYLOAD: payload of 3 bytes is not a pinion.ping.v1.Pong')
    expect(code(() => decodePingPayload('pong', new Uint8Array()))).toBe('PINION_ERR_MALFORMED_PAYLOAD: challenge_id has 0 bytes; expected 32')
    expect(code(() => decodePingPayload('pong', encodePong({ ...pong, answer: '0x1234' })))).toBe('PINION_ERR_MALFORMED_PAYLOAD: answer has 2 bytes; expected 32')
    expect(code(() => decodePing(encodePing('0x00')))).toBe('PINION_ERR_MALFORMED_PAYLOAD: nonce has 1 bytes; expected 32')
    expect(code(() => decodePing(new Uint8Array([0xff])))).toBe('PINION_ERR_MALFORMED_PAYLOAD: challenge payload of 1 bytes is not a pinion.ping.v1.Ping')
  })
})
