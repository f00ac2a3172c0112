import { type Kind, type KindReceipt, type KindReport, NO_KIND_INPUTS } from '@pinion/kinds'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { chargeReceipts, withCreditRevenue } from './chargeReceipts.ts'
import type { KindsContext, ReportVerdict } from './types.ts'

const hex32 = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex
const ROUTER_A = hex32(0xa1)
const ROUTER_B = hex32(0xb2)
const DEVICE_1 = hex32(0x01)
const DEVICE_2 = hex32(0x02)
/** 100,000 credits per token: 1 credit = 10^13 base units. */
const PRICE = 100_000n

type Usage = { serviceKey: Hex; credits: bigint }

/** A kind whose every report is one receipt: its payload names the service key and the credits. */
function meteredKind(overrides: Partial<Kind<unknown, Usage>> = {}): Kind<unknown, Usage> {
  return {
    name: 'metered',
    receipts: (reports) =>
      reports.map(
        (report): KindReceipt => ({
          reportId: report.reportId,
          deviceId: report.deviceId,
          serviceKey: report.payload.serviceKey,
          receiptId: report.reportId,
          credits: report.payload.credits,
        }),
      ),
    ...overrides,
  } as Kind<unknown, Usage>
}

function setup(usages: readonly (Usage & { deviceId: Hex })[], kind = meteredKind()) {
  const reports: KindReport<Usage>[] = usages.map((usage, i) => ({
    reportId: hex32(0x10 + i),
    deviceId: usage.deviceId,
    sequence: BigInt(i),
    timestampMs: 0n,
    payloadType: 'usage',
    payload: { serviceKey: usage.serviceKey, credits: usage.credits },
  }))
  const verdicts: ReportVerdict[] = reports.map((report) => ({
    reportId: report.reportId,
    deviceId: report.deviceId,
    sequence: report.sequence,
    kind: 'metered',
    valid: true,
    reason: null,
  }))
  const valid = new Map<string, KindReport[]>([['metered', reports]])
  const ctx: KindsContext = {
    window: { epoch: 0n, startMs: 0n, endMs: 1n, entropy: hex32(0) },
    devices: new Map(),
    kinds: new Map([['metered', kind as Kind]]),
    params: new Map(),
    carried: new Map(),
    inputs: new Map([['metered', NO_KIND_INPUTS]]),
  }
  return { reports, verdicts, valid, ctx }
}

describe('chargeReceipts', () => {
  it('charges receipts in order against each escrow, and refuses those the balance cannot pay (CREDITS_EXHAUSTED)', () => {
    const { verdicts, valid, ctx } = setup([
      { deviceId: DEVICE_1, serviceKey: ROUTER_A, credits: 600n },
      { deviceId: DEVICE_2, serviceKey: ROUTER_A, credits: 500n },
      { deviceId: DEVICE_2, serviceKey: ROUTER_A, credits: 300n },
      { deviceId: DEVICE_1, serviceKey: ROUTER_B, credits: 1n },
    ])
    // A has 1,000 delegated, 100 already charged in earlier epochs: 900 left. B has nothing.
    const credits = chargeReceipts(verdicts, valid, ctx, { creditsPerToken: PRICE, delegated: new Map([[ROUTER_A, 1_000n]]), charged: new Map([[ROUTER_A, 100n]]) })

    expect(credits.receipts.map((r) => r.credits)).toEqual([600n, 300n])
    expect(credits.charged.get(ROUTER_A)).toBe(1_000n)
    expect(verdicts.map((v) => v.reason)).toEqual([null, 'CREDITS_EXHAUSTED', null, 'CREDITS_EXHAUSTED'])
    expect(verdicts.map((v) => v.valid)).toEqual([true, false, true, false])
    expect(valid.get('metered')!.map((r) => (r.payload as Usage).credits)).toEqual([600n, 300n])
    // 600 credits at 100,000 per token = 0.006 tokens; 300 = 0.003.
    expect(credits.revenue.get('metered')).toEqual(
      new Map([
        [DEVICE_1, 6n * 10n ** 15n],
        [DEVICE_2, 3n * 10n ** 15n],
      ]),
    )
  })

  it('values revenue toward zero', () => {
    const { verdicts, valid, ctx } = setup([{ deviceId: DEVICE_1, serviceKey: ROUTER_A, credits: 1n }])
    const credits = chargeReceipts(verdicts, valid, ctx, { creditsPerToken: 3n, delegated: new Map([[ROUTER_A, 1n]]), charged: new Map() })
    expect(credits.revenue.get('metered')!.get(DEVICE_1)).toBe(10n ** 18n / 3n)
  })

  it('adds credit revenue to the revenue the chain gave each kind', () => {
    const inputs = new Map([['metered', { ...NO_KIND_INPUTS, revenue: new Map([[DEVICE_1, 5n]]) }]])
    const merged = withCreditRevenue(
      inputs,
      new Map([
        [
          'metered',
          new Map([
            [DEVICE_1, 7n],
            [DEVICE_2, 1n],
          ]),
        ],
      ]),
    )
    expect(merged.get('metered')!.revenue).toEqual(
      new Map([
        [DEVICE_1, 12n],
        [DEVICE_2, 1n],
      ]),
    )
    expect(inputs.get('metered')!.revenue.get(DEVICE_1)).toBe(5n)
  })

  it('stops the epoch on a kind that breaks the receipt contract', () => {
    const twice = meteredKind({
      receipts: (reports) => [...reports, ...reports].map((r) => ({ reportId: r.reportId, deviceId: r.deviceId, serviceKey: ROUTER_A, receiptId: hex32(9), credits: 1n })),
    })
    const cases: [string, Kind<unknown, Usage>][] = [
      ['which it was not given', meteredKind({ receipts: () => [{ reportId: hex32(0xee), deviceId: DEVICE_1, serviceKey: ROUTER_A, receiptId: hex32(1), credits: 1n }] })],
      [
        'naming device',
        meteredKind({ receipts: (reports) => reports.map((r) => ({ reportId: r.reportId, deviceId: DEVICE_2, serviceKey: ROUTER_A, receiptId: r.reportId, credits: 1n })) }),
      ],
      [
        'costing 0 credits',
        meteredKind({ receipts: (reports) => reports.map((r) => ({ reportId: r.reportId, deviceId: r.deviceId, serviceKey: ROUTER_A, receiptId: r.reportId, credits: 0n })) }),
      ],
      ['an id it already gave', twice],
    ]
    for (const [message, kind] of cases) {
      const { verdicts, valid, ctx } = setup([{ deviceId: DEVICE_1, serviceKey: ROUTER_A, credits: 1n }], kind)
      expect(() => chargeReceipts(verdicts, valid, ctx, { creditsPerToken: PRICE, delegated: new Map([[ROUTER_A, 10n]]), charged: new Map() })).toThrow(message)
    }
  })
})
