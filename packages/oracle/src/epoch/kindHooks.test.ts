import { COMMON_REASONS, type Kind, type KindReport, type Share } from '@pinion/kinds'
import { uptime } from '@pinion/kinds/uptime'
import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { computeEpoch } from './computeEpoch.ts'
import { KIND_PARAMS, epochInput, makeDevices, signFleet } from '../../../testkit/src/oracle/epochFixture.ts'

// A kind built on uptime that uses every optional hook, so each pipeline step that calls one is
// exercised on real signed reports: verifyEpoch drops the first report of every device, splitPools
// moves the budget between two pools, carry counts epochs and valid reports.
type Carried = { epochs: number; validReports: number }
const hooked: Kind<unknown, unknown, Carried> = {
  ...(uptime as unknown as Kind<unknown, unknown, Carried>),
  name: 'uptime',
  reasons: { ...uptime.reasons, FIRST_REPORT_DROPPED: 'the first report of each device is dropped (a test rule)' },
  pools: ['uptime', 'bonus'],
  verifyEpoch(reports) {
    const seen = new Set<string>()
    const rejected = new Map<`0x${string}`, string>()
    for (const report of reports) {
      if (seen.has(report.deviceId)) continue
      seen.add(report.deviceId)
      rejected.set(report.reportId, 'FIRST_REPORT_DROPPED')
    }
    return rejected
  },
  score(reports, ctx) {
    const shares = uptime.score(reports as KindReport<never>[], ctx as never)
    return [...shares, ...shares.map((share): Share => ({ ...share, pool: 'bonus', base: ONE, multipliers: [], weight: ONE }))]
  },
  splitPools(_shares, ctx) {
    // 30 % to the bonus pool once the kind has carried two epochs, none before.
    return (ctx.carried?.epochs ?? 0) >= 2 ? { uptime: 7_000, bonus: 3_000 } : { uptime: 10_000, bonus: 0 }
  },
  carry(previous, reports) {
    return { epochs: (previous?.epochs ?? 0) + 1, validReports: (previous?.validReports ?? 0) + reports.length }
  },
  parseCarried(input) {
    const value = input as Carried
    if (!Number.isSafeInteger(value.epochs) || !Number.isSafeInteger(value.validReports)) throw new Error(`bad carried value ${JSON.stringify(input)}`)
    return value
  },
}

const fleet = makeDevices('hooks', ['honest', 'honest', 'flaky'])
const reports = signFleet(fleet, 5)
const input = (carried?: ReadonlyMap<string, unknown>) =>
  epochInput(fleet, reports, {
    kinds: new Map([['uptime', hooked as Kind]]),
    kindParams: KIND_PARAMS,
    pools: [
      { name: 'uptime.uptime', basisPoints: 6_000 },
      { name: 'uptime.bonus', basisPoints: 3_000 },
      { name: 'treasury', basisPoints: 1_000 },
    ],
    ...(carried === undefined ? {} : { carried }),
  })

describe('computeEpoch with kind hooks', () => {
  it('verifyEpoch: invalidates what the kind rejects, with its reason, and scores only the rest', async () => {
    const result = await computeEpoch(input())
    const dropped = result.verdicts.filter((v) => v.reason === 'uptime.FIRST_REPORT_DROPPED')
    expect(dropped.map((v) => v.deviceId).sort()).toEqual(fleet.map((d) => d.device.deviceId).sort())
    expect(dropped.every((v) => !v.valid)).toBe(true)
    const plain = await computeEpoch(epochInput(fleet, reports))
    expect(result.counts.valid).toBe(plain.counts.valid - fleet.length)
  })

  it('verifyEpoch: a reason the kind does not list stops the epoch', async () => {
    const liar: Kind = { ...(hooked as Kind), verifyEpoch: (r) => new Map([[r[0]!.reportId, 'MADE_UP']]) }
    await expect(computeEpoch({ ...input(), kinds: new Map([['uptime', liar]]) })).rejects.toThrow(/MADE_UP/)
  })

  it("verifyEpoch: gets what the kind's own verify rejected, in canonical order, beside what passed", async () => {
    let given: { passed: readonly KindReport[]; rejected: readonly KindReport[] } | undefined
    const strict: Kind = {
      ...(hooked as Kind),
      reasons: { ...hooked.reasons, ODD_SEQUENCE: 'odd sequences are refused (a test rule)' },
      verify: (report, ctx) => (report.sequence % 2n === 1n ? { valid: false, reason: 'ODD_SEQUENCE' } : uptime.verify(report as KindReport<never>, ctx as never)),
      verifyEpoch(passed, _ctx, rejected) {
        given = { passed, rejected }
        return new Map()
      },
    }
    const result = await computeEpoch({ ...input(), kinds: new Map([['uptime', strict]]) })
    const refused = result.verdicts.filter((v) => v.reason === 'uptime.ODD_SEQUENCE').map((v) => v.reportId)
    expect(refused.length).toBeGreaterThan(0)
    expect(given!.rejected.map((r) => r.reportId)).toEqual(refused) // verdicts are in canonical order too
    expect(given!.rejected.every((r) => r.sequence % 2n === 1n)).toBe(true)
    expect(given!.passed.length).toBe(result.counts.valid)
  })

  it('splitPools: re-divides the kind budget (9,000 bps) as the kind says, and the amounts follow', async () => {
    const first = await computeEpoch(input())
    expect(first.pools.map((p) => [p.pool, p.basisPoints])).toEqual([
      ['uptime.uptime', 9_000],
      ['uptime.bonus', 0],
      ['treasury', 1_000],
    ])
    const third = await computeEpoch(input(new Map([['uptime', { epochs: 2, validReports: 10 }]])))
    expect(third.pools.map((p) => [p.pool, p.basisPoints])).toEqual([
      ['uptime.uptime', 6_300],
      ['uptime.bonus', 2_700],
      ['treasury', 1_000],
    ])
    const bonus = third.pools.find((p) => p.pool === 'uptime.bonus')!
    expect(bonus.allocation).toBe((input().emission * 2_700n) / 10_000n)
    expect(third.shares.filter((s) => s.pool === 'uptime.bonus').reduce((sum, s) => sum + s.amount, 0n)).toBe(bonus.paid)
  })

  it('splitPools: proportions that do not sum to 10,000 stop the epoch', async () => {
    const bad: Kind = { ...(hooked as Kind), splitPools: () => ({ uptime: 5_000, bonus: 4_000 }) }
    await expect(computeEpoch({ ...input(), kinds: new Map([['uptime', bad]]) })).rejects.toThrow(/9000 basis points; expected 10000/)
  })

  it('carry: what one epoch carries is the next one’s ctx.carried, and it changes paramsHash', async () => {
    const first = await computeEpoch(input())
    expect(first.carried.get('uptime')).toEqual({ epochs: 1, validReports: first.counts.valid })
    const second = await computeEpoch(input(first.carried))
    expect(second.carried.get('uptime')).toEqual({ epochs: 2, validReports: 2 * first.counts.valid })
    expect(second.paramsHash).not.toBe(first.paramsHash)
    // Carried values round-trip through JSON (as stored) to the same result.
    const stored = new Map(Object.entries(JSON.parse(JSON.stringify(Object.fromEntries(first.carried))) as Record<string, unknown>))
    expect((await computeEpoch(input(stored))).root).toBe(second.root)
  })

  it('carry: gets the device and reason of every report the kind rejected, in canonical order, and no common reason', async () => {
    const seen: { deviceId: `0x${string}`; reason: string }[][] = []
    const recording: Kind = {
      ...(hooked as Kind),
      carry: (previous, reports, ctx, rejected) => {
        seen.push([...rejected])
        return hooked.carry!(previous as Carried | null, reports, ctx as never, rejected)
      },
    }
    // One report signed by nobody in the registry: rejected by a common check, before the kind.
    const stranger = signFleet(makeDevices('stranger', ['honest']), 1)
    const result = await computeEpoch({ ...input(), reports: [...reports, ...stranger].map((signed) => ({ signed })), kinds: new Map([['uptime', recording]]) })
    expect(seen).toHaveLength(1)
    const byKind = result.verdicts
      .filter((v) => !v.valid && v.reason!.startsWith('uptime.') && Object.hasOwn(hooked.reasons, v.reason!.slice('uptime.'.length)))
      .map((v) => ({ deviceId: v.deviceId, reason: v.reason!.slice('uptime.'.length), reportId: v.reportId }))
    // Each with the report itself, decoded.
    expect(seen[0]!.map((r) => ({ deviceId: r.deviceId, reason: r.reason, reportId: (r as { report?: { reportId: string } }).report?.reportId }))).toEqual(byKind)
    expect(
      seen[0]!
        .filter((r) => r.reason === 'FIRST_REPORT_DROPPED')
        .map((r) => r.deviceId)
        .sort(),
    ).toEqual(fleet.map((d) => d.device.deviceId).sort())
    const common = result.verdicts.filter((v) => !v.valid && Object.hasOwn(COMMON_REASONS, v.reason!))
    expect(common.length).toBeGreaterThan(0)
    for (const v of common) expect(seen[0]!.some((r) => r.reason === v.reason)).toBe(false)
  })

  it('carry: a stored value the kind cannot parse stops the epoch', async () => {
    await expect(computeEpoch(input(new Map([['uptime', { epochs: 'many' }]])))).rejects.toThrow(/bad carried value/)
  })

  it('settlement: records from the kind’s accepted reports and its own rejections with their bare reasons, stored as plain JSON', async () => {
    const strict: Kind = {
      ...(hooked as Kind),
      reasons: { ...hooked.reasons, ODD_SEQUENCE: 'odd sequences are refused (a test rule)' },
      verify: (report, ctx) => (report.sequence % 2n === 1n ? { valid: false, reason: 'ODD_SEQUENCE' } : uptime.verify(report as KindReport<never>, ctx as never)),
      settlement: {
        contract: 'Market',
        abi: [],
        nextEpoch: 'next',
        submit: 'submit',
        toArguments: (records) => records,
        typedData: () => {
          throw new Error('not signed here')
        },
        records: ({ accepted, rejected }) => [
          ...accepted.map((r) => ({ report: r.reportId, proven: true })),
          ...rejected.map((r) => ({ report: r.report.reportId, proven: false, reason: r.reason })),
        ],
      },
    }
    const result = await computeEpoch({ ...input(), kinds: new Map([['uptime', strict]]) })
    const records = result.settlements.get('uptime')!
    // Every report the kind rejected, by its verify (ODD_SEQUENCE) or its verifyEpoch (FIRST_REPORT_DROPPED), in canonical order.
    const refused = result.verdicts.filter((v) => v.reason?.startsWith('uptime.')).map((v) => [v.reportId, v.reason!.slice('uptime.'.length)])
    expect(new Set(refused.map(([, reason]) => reason))).toEqual(new Set(['ODD_SEQUENCE', 'FIRST_REPORT_DROPPED']))
    expect(records.filter((r) => r.proven === false).map((r) => [r.report, r.reason])).toEqual(refused)
    expect(records.filter((r) => r.proven === true)).toHaveLength(result.counts.valid)
    expect((await computeEpoch(input())).settlements).toEqual(new Map())
    const broken: Kind = { ...strict, settlement: { ...strict.settlement!, records: () => [{ amount: 5n as unknown as string }] } }
    await expect(computeEpoch({ ...input(), kinds: new Map([['uptime', broken]]) })).rejects.toThrow(/not plain JSON/)
  })
})
