import { describe, expect, it } from 'vitest'
import { MAX_FIRMWARE_VERSION_LENGTH, decodeUptimePayload, encodeHeartbeat } from './payload.ts'

describe('heartbeat payload', () => {
  it('round-trips through protobuf', () => {
    const heartbeat = { uptimeSeconds: 86_399n, firmwareVersion: 'pinion-agent/0.1.0' }
    expect(decodeUptimePayload('heartbeat', encodeHeartbeat(heartbeat))).toEqual(heartbeat)
    expect(decodeUptimePayload('heartbeat', new Uint8Array())).toEqual({ uptimeSeconds: 0n, firmwareVersion: '' })
  })

  it('refuses bytes that are not a Heartbeat, another payload type, and an overlong firmware version', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return (error as { code?: string }).code
      }
      return 'no error'
    }
    expect(code(() => decodeUptimePayload('heartbeat', new Uint8Array([0x0a, 0x05, 0x01])))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    expect(code(() => decodeUptimePayload('beacon', encodeHeartbeat({ uptimeSeconds: 1n, firmwareVersion: '' })))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    const long = { uptimeSeconds: 1n, firmwareVersion: 'v'.repeat(MAX_FIRMWARE_VERSION_LENGTH + 1) }
    expect(code(() => decodeUptimePayload('heartbeat', encodeHeartbeat(long)))).toBe('PINION_ERR_MALFORMED_PAYLOAD')
    const longest = { uptimeSeconds: 1n, firmwareVersion: 'v'.repeat(MAX_FIRMWARE_VERSION_LENGTH) }
    expect(decodeUptimePayload('heartbeat', encodeHeartbeat(longest))).toEqual(longest)
  })
})
