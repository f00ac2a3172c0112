import { STORJ_AUDIT_REPUTATION, recordOutcomes } from '@pinion/kinds'
import type { Deal } from '@pinion/kinds/storage'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { storageProviders } from './storageProviders.ts'

const DEVICE: Hex = `0x${'0a'.repeat(32)}`
const OTHER: Hex = `0x${'0b'.repeat(32)}`

function deal(dealId: bigint, deviceId: Hex, state: Deal['state'], leafCount = 64n): Deal {
  return {
    dealId,
    deviceId,
    customer: '0xc000000000000000000000000000000000000c00',
    provider: state === 'proposed' ? null : '0x0000000000000000000000000000000000000001',
    pricePerPeriod: 10n,
    periods: 10,
    collateral: 100n,
    faultFee: 7n,
    maxConsecutiveFaults: 3,
    pieces: [{ root: `0x${'11'.repeat(32)}`, height: 6, leafCount }],
    state,
    acceptedAtMs: state === 'proposed' ? null : 0n,
    collateralLeft: state === 'active' ? 93n : 0n,
    periodsRecorded: 2,
    faults: 1,
  }
}

describe('storageProviders', () => {
  const market = {
    deals: [deal(1n, DEVICE, 'active'), deal(2n, OTHER, 'proposed'), deal(3n, DEVICE, 'terminated', 32n), deal(4n, DEVICE, 'active', 16n)],
    settled: new Map([
      [
        1n,
        new Map([
          [0n, { proven: true, paid: 10n, fee: 0n, block: 1n, timeMs: 0n }],
          [1n, { proven: false, paid: 0n, fee: 7n, block: 2n, timeMs: 0n }],
        ]),
      ],
      [3n, new Map([[0n, { proven: false, paid: 0n, fee: 7n, block: 1n, timeMs: 0n }]])],
    ]),
    terminations: new Map(),
  }

  it('adds up each device’s deals in order of its first deal: active bytes and collateral, periods, pay and fees', () => {
    const [first, second] = storageProviders(market, null)
    expect(first).toMatchObject({
      deviceId: DEVICE,
      dealsActive: 2,
      dealsEnded: 1,
      dealsProposed: 0,
      bytesCommitted: (64n + 16n) * 32n,
      collateralHeld: 186n,
      periodsProven: 1,
      periodsFaulted: 2,
      paid: 10n,
      feesBurnt: 14n,
      reputation: 10n ** 18n,
      disqualified: false,
    })
    expect(second).toMatchObject({ deviceId: OTHER, provider: null, dealsProposed: 1, bytesCommitted: 0n, reputation: 10n ** 18n })
  })

  it('reads reputation from the carried state, and says when it fell below 0.96', () => {
    // 41 failed audits in a row disqualify a new provider (0.999^41 < 0.96 ≤ 0.999^40).
    const failing = (n: number) => recordOutcomes(STORJ_AUDIT_REPUTATION.initial, STORJ_AUDIT_REPUTATION, false, n)
    const at40 = storageProviders(market, { reputations: { [DEVICE]: failing(40) } })[0]!
    const at41 = storageProviders(market, { reputations: { [DEVICE]: failing(41) } })[0]!
    expect([at40.disqualified, at41.disqualified]).toEqual([false, true])
    expect(at41.reputation).toBeLessThan(STORJ_AUDIT_REPUTATION.disqualifyBelow)
    expect(at40.reputation).toBeGreaterThanOrEqual(STORJ_AUDIT_REPUTATION.disqualifyBelow)
  })
})
