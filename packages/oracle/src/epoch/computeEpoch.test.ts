import { COMMON_REASONS, type Kind } from '@pinion/kinds'
import { encodeHeartbeat, uptime } from '@pinion/kinds/uptime'
import { RewardTree, decodeReportBody, openSignedReport, rewardLeaf, verifyProof } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { computeEpoch } from './computeEpoch.ts'
import { EMPTY_ROOT } from './epochTree.ts'
import {
  NETWORK_ID,
  OTHER_NETWORK_ID,
  TREASURY,
  WINDOW,
  envelope,
  epochInput,
  keyFor,
  makeDevices,
  reportIdOfSigned,
  shuffled,
  sign,
  signFleet,
  tamper,
} from '../../../testkit/src/oracle/epochFixture.ts'
import type { EpochResult } from './types.ts'
import { verifyInProcess } from './verifyReports.ts'

const fleet = makeDevices('fleet', ['honest', 'honest', 'flaky', 'flaky', 'offline', 'burst', 'clock-skew', 'honest'])
const reports = signFleet(fleet, 1)

/** Everything but the tree instance, for deep comparison. */
const comparable = ({ tree, ...rest }: EpochResult) => ({ ...rest, root: tree?.root ?? null })

function sumAmounts(result: EpochResult): bigint {
  return result.shares.reduce((sum, share) => sum + share.amount, 0n)
}

function verdictOf(result: EpochResult, signed: Uint8Array) {
  return result.verdicts.find((v) => v.reportId === reportIdOfSigned(signed))
}

describe('computeEpoch', () => {
  it('pays honest devices, not burst, offline or clock-skewed ones, and balances to the emission exactly', async () => {
    const input = epochInput(fleet, reports)
    const result = await computeEpoch(input)
    const byDevice = new Map(result.shares.map((s) => [s.deviceId, s]))
    const behaviourOf = new Map(fleet.map(({ device, behaviour }) => [device.deviceId, behaviour]))
    for (const [deviceId, behaviour] of behaviourOf) {
      const share = byDevice.get(deviceId)
      if (behaviour === 'honest') expect(share!.amount).toBeGreaterThan(0n)
      if (behaviour === 'burst') expect([share!.inputs.subIntervalsCovered, share!.amount]).toEqual([1, 0n])
      if (behaviour === 'offline' || behaviour === 'clock-skew') expect(share).toBeUndefined()
    }
    for (const verdict of result.verdicts) {
      const behaviour = behaviourOf.get(verdict.deviceId!)
      expect(verdict).toMatchObject(behaviour === 'clock-skew' ? { valid: false, reason: 'uptime.OUTSIDE_EPOCH' } : { valid: true, reason: null })
    }
    // Invariants: every token of the emission is paid exactly once.
    expect(sumAmounts(result) + result.residualAmount).toBe(input.emission)
    expect(result.pools.reduce((s, p) => s + p.allocation, 0n)).toBe(input.emission)
    expect(result.pools.reduce((s, p) => s + p.paid, 0n)).toBe(input.emission)
    expect(result.totalCumulative).toBe(input.emission)
    expect(result.counts).toEqual({ reports: reports.length, valid: reports.length - 12, devices: 6 })
    // Honest devices (12 of 12 sub-intervals) earn the same; the root matches a tree of cumulative.
    const honest = fleet.filter((d) => d.behaviour === 'honest').map((d) => byDevice.get(d.device.deviceId)!.amount)
    expect(new Set(honest).size).toBe(1)
    expect(result.root).toBe(RewardTree.build(result.cumulative).root)
    expect(result.tree!.entries).toBe(result.cumulative)
    for (const entry of result.cumulative) {
      expect(verifyProof(result.root, rewardLeaf(entry), result.tree!.proof(result.tree!.indexOf(entry.recipient)!))).toBe(true)
    }
  })

  it('reproduces the same result bit for bit from the same inputs, in any order', async () => {
    const first = await computeEpoch(epochInput(fleet, reports))
    const again = await computeEpoch(epochInput(fleet, reports))
    expect(comparable(again)).toEqual(comparable(first))
    const reordered = await computeEpoch(epochInput(shuffled(fleet, 2), shuffled(reports, 3), { previousCumulative: new Map() }))
    expect(comparable(reordered)).toEqual(comparable(first))
    expect(reordered.root).toBe(first.root)
    expect(reordered.inputsHash).toBe(first.inputsHash)
  })

  it('counts identical bytes once, and a tampered report is BAD_SIGNATURE and earns nothing', async () => {
    const [liar] = makeDevices('liar', ['honest'])
    const tampered = tamper(sign(liar!.key, { timestampMs: WINDOW.startMs + 1n }))
    expect(decodeReportBody(openSignedReport(tampered).body).deviceId).toBe(liar!.device.deviceId) // still decodes
    const result = await computeEpoch(epochInput([...fleet, liar!], [...reports, reports[0]!, tampered]))
    const base = await computeEpoch(epochInput(fleet, reports))
    expect(result.counts.reports).toBe(reports.length + 1)
    expect(verdictOf(result, tampered)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE', deviceId: liar!.device.deviceId })
    expect(result.shares.find((s) => s.deviceId === liar!.device.deviceId)).toBeUndefined()
    expect(result.shares.map((s) => s.amount)).toEqual(base.shares.map((s) => s.amount))
  })

  it('adds the emission to the previous cumulative amounts, whatever their address case', async () => {
    const recipient = fleet[0]!.device.recipient
    const previous = new Map<Address, bigint>([
      [recipient.toUpperCase().replace('0X', '0x') as Address, 5n],
      ['0x00000000000000000000000000000000000000aa', 11n],
    ])
    const input = epochInput(fleet, reports, { previousCumulative: previous })
    const result = await computeEpoch(input)
    const fresh = await computeEpoch(epochInput(fleet, reports))
    const amountOf = (r: EpochResult, address: string) => r.cumulative.find((e) => e.recipient === address)?.cumulativeAmount
    expect(result.totalCumulative).toBe(16n + input.emission)
    expect(amountOf(result, recipient)).toBe(amountOf(fresh, recipient)! + 5n)
    expect(amountOf(result, '0x00000000000000000000000000000000000000aa')).toBe(11n)
    const recipients = result.cumulative.map((e) => e.recipient)
    expect(recipients).toEqual([...recipients].sort())
  })

  it('sends a pool with no weight, and every rounding remainder, to the residual pool', async () => {
    const input = epochInput(fleet, reports, {
      emission: 1_000n,
      pools: [
        { name: 'uptime.uptime', basisPoints: 3_333 },
        { name: 'treasury', basisPoints: 6_667 },
      ],
    })
    const result = await computeEpoch(input)
    const uptimeRow = result.pools.find((p) => p.pool === 'uptime.uptime')!
    expect(uptimeRow.allocation).toBe(333n) // 1000 × 3333 / 10000, toward zero
    expect(uptimeRow.paid + uptimeRow.remainder).toBe(333n)
    expect(result.pools.find((p) => p.pool === 'treasury')).toEqual({
      pool: 'treasury',
      basisPoints: 6_667,
      allocation: 667n,
      paid: 667n + uptimeRow.remainder,
      remainder: 0n,
      totalWeight: 0n,
    })
    expect(sumAmounts(result) + result.residualAmount).toBe(1_000n)

    const nobody = await computeEpoch(
      epochInput(
        fleet,
        signFleet(
          fleet.map((d) => ({ ...d, behaviour: 'burst' })),
          4,
        ),
        { emission: 1_000n },
      ),
    )
    expect(nobody.pools).toEqual([
      { pool: 'uptime.uptime', basisPoints: 9_000, allocation: 900n, paid: 0n, remainder: 900n, totalWeight: 0n },
      { pool: 'treasury', basisPoints: 1_000, allocation: 100n, paid: 1_000n, remainder: 0n, totalWeight: 0n },
    ])
    expect(nobody.cumulative).toEqual([{ recipient: TREASURY, cumulativeAmount: 1_000n }])
  })

  it('gives the residual pool a row of its own when it has no basis points', async () => {
    const result = await computeEpoch(
      epochInput(fleet, reports, { emission: 999n, pools: [{ name: 'uptime.uptime', basisPoints: 10_000 }], residual: { name: 'dust', recipient: TREASURY } }),
    )
    const [uptimeRow, dust] = result.pools
    expect(uptimeRow!.allocation).toBe(999n)
    expect(dust).toEqual({ pool: 'dust', basisPoints: 0, allocation: 0n, paid: uptimeRow!.remainder, remainder: 0n, totalWeight: 0n })
    expect(sumAmounts(result) + result.residualAmount).toBe(999n)
  })

  it('commits bytes32(0) when no one has ever earned anything', async () => {
    const result = await computeEpoch(epochInput(fleet, [], { emission: 0n }))
    expect([result.root, result.tree, result.totalCumulative, result.cumulative]).toEqual([EMPTY_ROOT, null, 0n, []])
    expect(result.counts).toEqual({ reports: 0, valid: 0, devices: 0 })
  })

  it('verifies signatures through an injected batch verifier, once per epoch', async () => {
    const batches: number[] = []
    const result = await computeEpoch(epochInput(fleet, reports), {
      verifySignatures: async (batch) => {
        batches.push(batch.length)
        return verifyInProcess(batch)
      },
    })
    expect(batches).toEqual([reports.length])
    expect(result.root).toBe((await computeEpoch(epochInput(fleet, reports))).root)
    const rejecting = await computeEpoch(epochInput(fleet, reports), { verifySignatures: async (batch) => batch.map(() => false) })
    expect(rejecting.verdicts.every((v) => v.reason === 'BAD_SIGNATURE')).toBe(true)
    await expect(computeEpoch(epochInput(fleet, reports), { verifySignatures: async () => [] })).rejects.toMatchObject({
      code: 'PINION_ERR_VERIFY_SIGNATURES',
    })
  })

  it('builds the tree on worker threads when asked, to the same root', async () => {
    const one = await computeEpoch(epochInput(fleet, reports), { treeThreads: 1 })
    const two = await computeEpoch(epochInput(fleet, reports), { treeThreads: 2 })
    expect(two.root).toBe(one.root)
  })
})

describe('computeEpoch verdicts: every reason passes and fails', () => {
  const [device, inactive, unlocated] = makeDevices('verdicts', ['honest', 'honest', 'honest'])
  inactive!.device.active = false
  unlocated!.device.location = null
  const stranger = keyFor('stranger')
  const known = [device!, inactive!, unlocated!]

  async function verdicts(signed: Uint8Array[], kindParams?: ReadonlyMap<string, unknown>) {
    const result = await computeEpoch(epochInput(known, signed, kindParams === undefined ? {} : { kindParams }))
    return signed.map((s) => {
      const v = verdictOf(result, s)!
      return v.valid ? 'valid' : v.reason
    })
  }

  it('MALFORMED_REPORT, UNKNOWN_DEVICE', async () => {
    const good = sign(device!.key)
    expect(await verdicts([good, new Uint8Array([1, 2, 3]), sign(stranger)])).toEqual(['valid', 'MALFORMED_REPORT', 'UNKNOWN_DEVICE'])
  })

  it('BAD_SIGNATURE: a signature flipped by one bit, or by another key', async () => {
    const good = sign(device!.key, { sequence: 1n })
    const flipped = sign(device!.key, { sequence: 2n })
    flipped[flipped.length - 1]! ^= 0x01 // the signature is the SignedReport's last field
    const { body } = openSignedReport(sign(device!.key, { sequence: 3n }))
    const wrongKey = envelope(body, openSignedReport(sign(stranger, { sequence: 3n })).signature)
    const tampered = tamper(sign(device!.key, { sequence: 4n }))
    expect(await verdicts([good, flipped, wrongKey, tampered])).toEqual(['valid', 'BAD_SIGNATURE', 'BAD_SIGNATURE', 'BAD_SIGNATURE'])
  })

  it('WRONG_NETWORK, DEVICE_INACTIVE', async () => {
    expect(await verdicts([sign(device!.key, { networkId: NETWORK_ID }), sign(device!.key, { sequence: 2n, networkId: OTHER_NETWORK_ID })])).toEqual(['valid', 'WRONG_NETWORK'])
    expect(await verdicts([sign(inactive!.key)])).toEqual(['DEVICE_INACTIVE'])
  })

  it('DEVICE_EQUIVOCATED: two authentic bodies under one sequence void every report of the device, in any order; forgeries never do', async () => {
    const [other] = makeDevices('bystander', ['honest'])
    const a = sign(device!.key, { sequence: 5n, timestampMs: WINDOW.startMs + 1n })
    const b = sign(device!.key, { sequence: 5n, timestampMs: WINDOW.startMs + 2n })
    const c = sign(device!.key, { sequence: 6n })
    const bystander = sign(other!.key, { sequence: 5n })
    const judged = async (signed: Uint8Array[]) => {
      const result = await computeEpoch(epochInput([...known, other!], signed))
      return signed.map((s) => verdictOf(result, s)!).map((v) => (v.valid ? 'valid' : v.reason))
    }
    expect(await judged([a, b, c, bystander])).toEqual(['DEVICE_EQUIVOCATED', 'DEVICE_EQUIVOCATED', 'DEVICE_EQUIVOCATED', 'valid'])
    expect(await judged([bystander, c, b, a])).toEqual(['valid', 'DEVICE_EQUIVOCATED', 'DEVICE_EQUIVOCATED', 'DEVICE_EQUIVOCATED'])
    // One version alone is just a report.
    expect(await judged([b, c])).toEqual(['valid', 'valid'])
    // Forgeries under the same sequence, sorting before and after the real one: all BAD_SIGNATURE,
    // and the device's own report stands.
    const forgeries: Uint8Array[] = []
    for (let i = 1; forgeries.length < 4 || !forgeries.some((f) => reportIdOfSigned(f) < reportIdOfSigned(a)); i++) {
      const { body } = openSignedReport(sign(device!.key, { sequence: 5n, timestampMs: WINDOW.startMs + 100n + BigInt(i) }))
      forgeries.push(envelope(body, new Uint8Array(64).fill(i)))
    }
    expect(await verdicts([a, ...forgeries])).toEqual(['valid', ...forgeries.map(() => 'BAD_SIGNATURE')])
  })

  it('UNKNOWN_KIND, UNKNOWN_PAYLOAD_TYPE, MALFORMED_PAYLOAD', async () => {
    expect(
      await verdicts([
        sign(device!.key, { sequence: 1n }),
        sign(device!.key, { sequence: 2n, kind: 'storage' }),
        sign(device!.key, { sequence: 3n, payloadType: 'beacon' }),
        sign(device!.key, { sequence: 4n, payload: new Uint8Array([0x0a, 0x05, 0x01]) }),
        sign(device!.key, { sequence: 5n, payload: encodeHeartbeat({ uptimeSeconds: 1n, firmwareVersion: 'x'.repeat(65) }) }),
      ]),
    ).toEqual(['valid', 'UNKNOWN_KIND', 'UNKNOWN_PAYLOAD_TYPE', 'MALFORMED_PAYLOAD', 'MALFORMED_PAYLOAD'])
  })

  it("uptime's OUTSIDE_EPOCH and LOCATION_NOT_ASSERTED, through the pipeline", async () => {
    expect(
      await verdicts([
        sign(device!.key, { sequence: 1n, timestampMs: WINDOW.startMs }),
        sign(device!.key, { sequence: 2n, timestampMs: WINDOW.endMs }),
        sign(device!.key, { sequence: 3n, timestampMs: WINDOW.startMs - 1n }),
        sign(unlocated!.key, { sequence: 1n }),
      ]),
    ).toEqual(['valid', 'uptime.OUTSIDE_EPOCH', 'uptime.OUTSIDE_EPOCH', 'valid'])
    const requiring = new Map([['uptime', { subIntervalMs: 5_000, requireLocation: true }]])
    expect(await verdicts([sign(device!.key), sign(unlocated!.key)], requiring)).toEqual(['valid', 'uptime.LOCATION_NOT_ASSERTED'])
  })

  it('CREDITS_EXHAUSTED: a usage receipt its escrow cannot pay voids its report, and the paid ones are revenue that score sees', async () => {
    const serviceKey = `0x${'5e'.repeat(32)}` as Hex
    const seen: ReadonlyMap<Hex, bigint>[] = []
    // Uptime, metered: every heartbeat is a receipt of 2 credits, paid by one service key.
    const metered: Kind = {
      ...(uptime as Kind),
      receipts: (batch) => batch.map((r) => ({ reportId: r.reportId, deviceId: r.deviceId, serviceKey, receiptId: r.reportId, credits: 2n })),
      score: (batch, ctx) => {
        seen.push(ctx.inputs.revenue)
        return uptime.score(batch as never, ctx as never)
      },
    }
    const input = epochInput(fleet, reports, { kinds: new Map([['uptime', metered]]) })
    const free = await computeEpoch(input)
    const paying = free.verdicts.filter((v) => v.valid).length
    // Escrow for all but three heartbeats (one already charged in an earlier epoch).
    const credits = { creditsPerToken: 4n, delegated: new Map([[serviceKey, 2n * BigInt(paying - 3) + 2n]]), charged: new Map([[serviceKey, 2n]]) }
    const result = await computeEpoch({ ...input, credits })
    expect(result.verdicts.filter((v) => v.valid)).toHaveLength(paying - 3)
    expect(result.verdicts.filter((v) => v.reason === 'CREDITS_EXHAUSTED')).toHaveLength(3)
    expect(result.credits!.receipts).toHaveLength(paying - 3)
    expect(result.credits!.charged.get(serviceKey)).toBe(credits.delegated.get(serviceKey))
    // 2 credits at 4 credits per token are half a token; score saw each device's revenue.
    const revenue = seen.at(-1)!
    expect([...revenue.values()].reduce((a, b) => a + b, 0n)).toBe(BigInt(paying - 3) * (10n ** 18n / 2n))
    expect(free.credits).toBeNull()
    expect(result.paramsHash).not.toBe(free.paramsHash)
  })

  it('revenue share: devices are paid what their receipts consumed before the pools split the rest, and the epoch still balances', async () => {
    const serviceKey = `0x${'5e'.repeat(32)}` as Hex
    const metered: Kind = {
      ...(uptime as Kind),
      receipts: (batch) => batch.map((r) => ({ reportId: r.reportId, deviceId: r.deviceId, serviceKey, receiptId: r.reportId, credits: 1_000n })),
    }
    const input = epochInput(fleet, reports, { kinds: new Map([['uptime', metered]]) })
    // 100,000 credits a token: each receipt is worth 0.01 token.
    const credits = { creditsPerToken: 100_000n, delegated: new Map([[serviceKey, 10n ** 12n]]), charged: new Map<Hex, bigint>() }
    const result = await computeEpoch({ ...input, credits, revenueShare: { shareBps: 10_000, maxEmissionBps: 5_000 } })
    const revenueRow = result.pools.find((p) => p.pool === 'revenue')!
    const receiptsOf = (deviceId: Hex) => BigInt(result.credits!.receipts.filter((r) => r.deviceId === deviceId).length)
    const revenueShares = result.shares.filter((s) => s.pool === 'revenue')
    expect(revenueShares.length).toBeGreaterThan(0)
    for (const share of revenueShares) expect(share.amount).toBe(receiptsOf(share.deviceId) * 10n ** 16n)
    expect(revenueRow.allocation).toBe(BigInt(result.credits!.receipts.length) * 10n ** 16n)
    expect(result.pools.reduce((sum, p) => sum + p.allocation, 0n)).toBe(input.emission)
    expect(sumAmounts(result) + result.residualAmount).toBe(input.emission)
    await expect(computeEpoch({ ...input, revenueShare: { shareBps: 10_000, maxEmissionBps: 5_000 } })).rejects.toThrow('a revenue share needs the credits input')
  })

  it("STAKE_BELOW_MINIMUM: a device below its kind's minimum earns nothing; its own stake or its part of its operator's pool meets it", async () => {
    const [staked, short, pooled, ...rest] = fleet.filter((d) => d.behaviour === 'honest')
    expect(rest).toHaveLength(0)
    const operator = pooled!.device.owner.toLowerCase() as Address
    const input = epochInput(fleet, reports, {
      stake: new Map([
        [staked!.device.deviceId, 100n],
        [short!.device.deviceId, 99n],
      ]),
      operators: new Map([[operator, { bonded: 100n, totalShares: 100n, shares: new Map([[operator, 100n]]), commissionBps: 0 }]]),
    })
    const free = await computeEpoch(input)
    const result = await computeEpoch({ ...input, minimumStakes: new Map([['uptime', 100n]]) })
    const reasonsOf = (deviceId: Hex) => new Set(result.verdicts.filter((v) => v.deviceId === deviceId).map((v) => v.reason))
    expect(reasonsOf(staked!.device.deviceId)).toEqual(new Set([null]))
    expect(reasonsOf(pooled!.device.deviceId)).toEqual(new Set([null]))
    expect(reasonsOf(short!.device.deviceId)).toEqual(new Set(['STAKE_BELOW_MINIMUM']))
    // The two that meet it share what the third no longer takes; the epoch still pays the emission.
    const amountOf = (r: EpochResult, deviceId: Hex) => r.shares.find((s) => s.deviceId === deviceId)?.amount ?? 0n
    expect(amountOf(result, short!.device.deviceId)).toBe(0n)
    expect(amountOf(result, staked!.device.deviceId)).toBeGreaterThan(amountOf(free, staked!.device.deviceId))
    expect(sumAmounts(result) + result.residualAmount).toBe(input.emission)
    expect(result.paramsHash).not.toBe(free.paramsHash)
    // A pool counts in equal parts over its operator's active devices: the same pool behind two devices is 50 each.
    const twoDevices = new Map(input.devices)
    const second = fleet.find((d) => d.behaviour === 'flaky')!
    twoDevices.set(second.device.deviceId, { ...second.device, owner: pooled!.device.owner })
    const split = await computeEpoch({ ...input, devices: twoDevices, minimumStakes: new Map([['uptime', 51n]]) })
    expect(split.verdicts.filter((v) => v.deviceId === pooled!.device.deviceId).every((v) => v.reason === 'STAKE_BELOW_MINIMUM')).toBe(true)
  })

  it("operators' delegators: a pool owner's devices keep the commission and the owner's shares' part, delegators are paid theirs, and the epoch pays exactly the emission", async () => {
    const device = fleet.find((d) => d.behaviour === 'honest')!.device
    const operator = device.owner.toLowerCase() as Address
    const [alice, bob] = [`0x${'a1'.repeat(20)}`, `0x${'b0'.repeat(20)}`] as Address[]
    const pool = {
      bonded: 500n,
      totalShares: 500n,
      shares: new Map([
        [operator, 100n],
        [alice!, 300n],
        [bob!, 100n],
      ]),
      commissionBps: 1_000,
    }
    const free = await computeEpoch(epochInput(fleet, reports))
    const input = epochInput(fleet, reports, { stake: new Map(), operators: new Map([[operator, pool]]) })
    const result = await computeEpoch(input)
    const earned = free.shares.find((s) => s.deviceId === device.deviceId)!.amount
    // The device's share is what the pool paid it, as before; the payments out of it are split.
    expect(result.shares.find((s) => s.deviceId === device.deviceId)!.amount).toBe(earned)
    const setAside = ((earned - earned / 10n) * 400n) / 500n
    const cumulativeOf = (r: EpochResult, address: Address) => r.cumulative.find((c) => c.recipient === address.toLowerCase())?.cumulativeAmount ?? 0n
    expect(cumulativeOf(result, device.recipient)).toBe(earned - setAside)
    expect(result.delegations).toEqual([
      { operator, delegator: alice, amount: (setAside * 300n) / 400n },
      { operator, delegator: bob, amount: (setAside * 100n) / 400n },
    ])
    expect(cumulativeOf(result, alice!)).toBe((setAside * 300n) / 400n)
    expect(cumulativeOf(result, operator)).toBe(setAside - (setAside * 300n) / 400n - (setAside * 100n) / 400n)
    expect(result.totalCumulative).toBe(input.emission)
    expect(free.delegations).toEqual([])
    expect(result.paramsHash).not.toBe(free.paramsHash)
    // The commission raised to all of it: the delegators get nothing, and nothing moves.
    const all = await computeEpoch(epochInput(fleet, reports, { stake: new Map(), operators: new Map([[operator, { ...pool, commissionBps: 10_000 }]]) }))
    expect([all.delegations, all.root]).toEqual([[], free.root])
  })

  it('publishes every code it can give', () => {
    expect(Object.keys(COMMON_REASONS)).toEqual([
      'MALFORMED_REPORT',
      'UNKNOWN_DEVICE',
      'BAD_SIGNATURE',
      'WRONG_NETWORK',
      'DEVICE_INACTIVE',
      'DEVICE_EQUIVOCATED',
      'UNKNOWN_KIND',
      'UNKNOWN_PAYLOAD_TYPE',
      'MALFORMED_PAYLOAD',
      'STAKE_BELOW_MINIMUM',
      'CREDITS_EXHAUSTED',
    ])
  })
})

describe('computeEpoch refuses what it cannot pay exactly', () => {
  const code = async (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
    )

  it('bad pools, kinds and parameters', async () => {
    const input = (overrides: Parameters<typeof epochInput>[2]) => computeEpoch(epochInput(fleet, reports, overrides))
    expect(await code(input({ pools: [{ name: 'uptime.uptime', basisPoints: 9_000 }] }))).toBe("PINION_ERR_EPOCH_INPUT: pools' basis points sum to 9000; expected exactly 10000")
    expect(await code(input({ pools: [{ name: 'treasury', basisPoints: 10_000 }] }))).toBe(
      'PINION_ERR_EPOCH_INPUT: kind uptime scores into pool "uptime.uptime", which has no basis points; pools are treasury',
    )
    expect(await code(input({ kindParams: new Map([['storage', {}]]) }))).toBe('PINION_ERR_EPOCH_INPUT: there are parameters for kind "storage", which the network does not run')
    expect(await code(input({ kindParams: new Map([['uptime', { subIntervalMs: -1 }]]) }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid uptime params: subIntervalMs is -1, expected a positive integer number of milliseconds',
    )
    const upper = fleet[0]!.device.deviceId.toUpperCase().replace('0X', '0x') as Hex
    expect(await code(input({ devices: new Map([[upper, fleet[0]!.device]]) }))).toMatch(/^PINION_ERR_EPOCH_INPUT: device map key 0x[0-9A-F]+ must be/)
    expect(await code(input({ emission: -1n }))).toBe('PINION_ERR_EPOCH_INPUT: emission must not be negative, got -1')
  })

  it('a kind that gives a reason it never published, or a share outside its pools', async () => {
    const liar: Kind = { ...(uptime as Kind), verify: () => ({ valid: false, reason: 'BECAUSE' }) }
    expect(await code(computeEpoch(epochInput(fleet, reports, { kinds: new Map([['uptime', liar]]) })))).toMatch(/^PINION_ERR_KIND_REASON: kind uptime gave reason "BECAUSE"/)
    const greedy: Kind = { ...(uptime as Kind), score: (r, ctx) => uptime.score(r as never, ctx as never).map((s) => ({ ...s, pool: 'treasury' })) }
    expect(await code(computeEpoch(epochInput(fleet, reports, { kinds: new Map([['uptime', greedy]]) })))).toMatch(
      /^PINION_ERR_KIND_SHARES: kind uptime gave a share for device 0x[0-9a-f]+ in pool "treasury", which is not one of its pools/,
    )
  })
})
