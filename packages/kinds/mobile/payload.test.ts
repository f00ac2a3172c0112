import { describe, expect, it } from 'vitest'
import { deviceId } from './fixtures.ts'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import {
  decodeMobilePayload,
  encodeDataSession,
  encodeHeartbeat,
  encodeSpeedtest,
  signDataSession,
  signLocationFix,
  signSpeedtest,
  verifyDataSessionSignature,
  verifyLocationFixSignature,
  verifySpeedtestSignature,
} from './payload.ts'
import { HeartbeatSchema } from './generated/pinion/mobile/v1/heartbeat_pb.ts'
import { create, toBinary } from '@bufbuild/protobuf'

const radio = deviceId(1)
const fix = signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, radio, { cell: 0x8c44a112845a7ffn, validatedAtMs: 1_000n })
const test = signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, radio, {
  testId: `0x${'01'.repeat(16)}`,
  uploadBps: 20_000_000n,
  downloadBps: 150_000_000n,
  latencyMs: 30,
  measuredAtMs: 2_000n,
})
const session = signDataSession(DEVNET_CARRIER_KEY, radio, {
  sessionId: '0x0102',
  subscriberId: `0x${'02'.repeat(32)}`,
  uploadBytes: 1_000n,
  downloadBytes: 9_000n,
  startedAtMs: 1_000n,
  endedAtMs: 2_000n,
})

describe('mobile payloads', () => {
  it('round-trip through their protobuf messages, with and without a location fix', () => {
    expect(decodeMobilePayload('heartbeat', encodeHeartbeat({ radioType: 'cbrs-outdoor', locationFix: fix }))).toEqual({
      type: 'heartbeat',
      radioType: 'cbrs-outdoor',
      locationFix: fix,
    })
    expect(decodeMobilePayload('heartbeat', encodeHeartbeat({ radioType: 'wifi-indoor' }))).toEqual({ type: 'heartbeat', radioType: 'wifi-indoor' })
    expect(decodeMobilePayload('speedtest', encodeSpeedtest(test))).toEqual({ type: 'speedtest', ...test })
    expect(decodeMobilePayload('data_session', encodeDataSession(session))).toEqual({ type: 'data_session', ...session })
  })

  it('refuse other payload types, an unspecified radio type, and fields of the wrong size', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return (error as { code: string }).code
      }
      return 'none'
    }
    expect(code(() => decodeMobilePayload('beacon', new Uint8Array()))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    expect(code(() => decodeMobilePayload('heartbeat', toBinary(HeartbeatSchema, create(HeartbeatSchema, {}))))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    expect(code(() => decodeMobilePayload('speedtest', encodeSpeedtest({ ...test, serverSignature: '0x01' })))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    expect(code(() => decodeMobilePayload('data_session', encodeDataSession({ ...session, subscriberId: '0x01' })))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    expect(code(() => decodeMobilePayload('speedtest', new Uint8Array([0xff])))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
  })

  it('bind every signature to the radio and every number: altered or borrowed, it no longer verifies', () => {
    expect([verifyLocationFixSignature(radio, fix), verifySpeedtestSignature(radio, test), verifyDataSessionSignature(radio, session)]).toEqual([true, true, true])
    const other = deviceId(2)
    expect([verifyLocationFixSignature(other, fix), verifySpeedtestSignature(other, test), verifyDataSessionSignature(other, session)]).toEqual([false, false, false])
    expect(verifyLocationFixSignature(radio, { ...fix, cell: fix.cell + 1n })).toBe(false)
    expect(verifySpeedtestSignature(radio, { ...test, downloadBps: test.downloadBps + 1n })).toBe(false)
    expect(verifyDataSessionSignature(radio, { ...session, downloadBytes: 90_000n })).toBe(false)
    // A value the signed message cannot hold is simply not signed.
    expect(verifySpeedtestSignature(radio, { ...test, latencyMs: 2 ** 33 })).toBe(false)
  })
})
