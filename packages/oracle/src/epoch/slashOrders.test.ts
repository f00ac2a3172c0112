import type { Kind } from '@pinion/kinds'
import { type Hex, concat, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { slashOrders } from './slashOrders.ts'
import type { ReportVerdict } from './types.ts'

const hex32 = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex
const [RING, REPLAYER, SLOW, EQUIVOCATOR, UNSTAKED] = [hex32(0xa1), hex32(0xa2), hex32(0xa3), hex32(0xa4), hex32(0xa5)]
const kinds = new Map([['radio', { name: 'radio', fraud: { RING: 1, LATE: 3 } } as unknown as Kind]])
const stake = new Map([
  [RING, 1_000n],
  [REPLAYER, 2_000n],
  [SLOW, 3_000n],
  [EQUIVOCATOR, 4_000n],
])

let next = 0
const verdict = (deviceId: Hex, reason: string | null): ReportVerdict => ({ reportId: hex32(++next), deviceId, sequence: 0n, kind: 'radio', valid: reason === null, reason })

describe('slashOrders', () => {
  const verdicts = [
    verdict(RING, 'radio.RING'),
    verdict(RING, 'radio.LATE'),
    verdict(REPLAYER, 'radio.LATE'),
    verdict(REPLAYER, null),
    verdict(REPLAYER, 'radio.LATE'),
    verdict(REPLAYER, 'radio.LATE'),
    verdict(SLOW, 'radio.LATE'),
    verdict(SLOW, 'radio.LATE'),
    verdict(SLOW, 'radio.OTHER'),
    verdict(EQUIVOCATOR, 'DEVICE_EQUIVOCATED'),
    verdict(UNSTAKED, 'radio.RING'),
  ]

  it("orders one slash per device that reached a fraud reason's count, with its reports as evidence, by device id", () => {
    const orders = slashOrders(verdicts, kinds, stake, { stakeBps: 5_000 })
    expect(orders.map((o) => [o.deviceId, o.reason, o.amount, o.evidence.length])).toEqual([
      [RING, 'radio.RING', 500n, 1],
      [REPLAYER, 'radio.LATE', 1_000n, 3],
      [EQUIVOCATOR, 'DEVICE_EQUIVOCATED', 2_000n, 1],
    ])
    const replayer = orders[1]!
    expect(replayer.evidence).toEqual([...replayer.evidence].sort())
    expect(replayer.evidenceHash).toBe(keccak256(concat(replayer.evidence)))
  })

  it('takes nothing below the count (two late witnesses are not proof), from no one without stake, and nothing at 0 bps', () => {
    const devices = slashOrders(verdicts, kinds, stake, { stakeBps: 10_000 }).map((o) => o.deviceId)
    expect(devices).not.toContain(SLOW)
    expect(devices).not.toContain(UNSTAKED)
    expect(slashOrders(verdicts, kinds, stake, { stakeBps: 0 })).toEqual([])
  })

  it('is the same whatever the order of the verdicts', () => {
    const forward = slashOrders(verdicts, kinds, stake, { stakeBps: 5_000 })
    expect(slashOrders([...verdicts].reverse(), kinds, stake, { stakeBps: 5_000 })).toEqual(forward)
  })

  it('refuses basis points outside 0..10000', () => {
    expect(() => slashOrders(verdicts, kinds, stake, { stakeBps: 10_001 })).toThrow('slashing stakeBps is 10001')
  })
})
