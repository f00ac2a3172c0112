import { describe, expect, it } from 'vitest'
import { receiptId } from '../src/receipt.ts'
import { DAY_EPOCH, HOUR, device, registry, report, scoreContext } from './fixtures.ts'
import { DEVNET_CARRIER_KEY } from './infrastructure.ts'
import { DEFAULT_MOBILE_PARAMS } from './params.ts'
import { encodeDataSession, encodeHeartbeat, signDataSession } from './payload.ts'
import { mobileReceipts, sessionCredits } from './receipts.ts'

describe('mobile usage receipts', () => {
  it('charge ⌈bytes ÷ 100,000⌉ credits a session (Helium Mobile since 2026-06), at least one', () => {
    expect(sessionCredits({ uploadBytes: 0n, downloadBytes: 1n }, DEFAULT_MOBILE_PARAMS)).toBe(1n)
    expect(sessionCredits({ uploadBytes: 50_000n, downloadBytes: 50_000n }, DEFAULT_MOBILE_PARAMS)).toBe(1n)
    expect(sessionCredits({ uploadBytes: 50_000n, downloadBytes: 50_001n }, DEFAULT_MOBILE_PARAMS)).toBe(2n)
    expect(sessionCredits({ uploadBytes: 0n, downloadBytes: 10n ** 9n }, DEFAULT_MOBILE_PARAMS)).toBe(10_000n)
  })

  it("are one per data session, charged to its carrier's escrow, with an id that names the session whatever report carries it", () => {
    const radio = device(1)
    const at = DAY_EPOCH.startMs + HOUR
    const session = signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, {
      sessionId: '0xabcd',
      subscriberId: `0x${'0c'.repeat(32)}`,
      uploadBytes: 100_000n,
      downloadBytes: 250_000n,
      startedAtMs: at,
      endedAtMs: at,
    })
    const carried = report(radio.deviceId, at, 'data_session', encodeDataSession(session))
    const again = report(radio.deviceId, at + 1n, 'data_session', encodeDataSession(session), 2n)
    const heartbeat = report(radio.deviceId, at, 'heartbeat', encodeHeartbeat({ radioType: 'wifi-indoor' }))
    const receipts = mobileReceipts([carried, heartbeat, again], scoreContext(registry([radio])))
    expect(receipts).toHaveLength(2)
    expect(receipts[0]).toEqual({
      reportId: carried.reportId,
      deviceId: radio.deviceId,
      serviceKey: DEVNET_CARRIER_KEY.publicKey.toLowerCase(),
      receiptId: receiptId('mobile', radio.deviceId, DEVNET_CARRIER_KEY.publicKey.toLowerCase() as `0x${string}`, new Uint8Array([0xab, 0xcd])),
      credits: 4n,
    })
    // The same session in another report has the same receipt id: the Credits contract settles it once.
    expect(receipts[1]!.receiptId).toBe(receipts[0]!.receiptId)
  })
})
