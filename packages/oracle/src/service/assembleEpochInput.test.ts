import { qualifiedName } from '@pinion/kinds'
import { ping } from '@pinion/kinds/ping'
import { ONE } from '@pinion/protocol'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { PING_TEST_PARAMS, TOKEN, pingAnswers, pingFacts, pingFirst, pingFleet, pingRules, pingSecond, pingUnderstaked, pingWindow } from '../../../testkit/src/kinds/ping.ts'
import { computeEpoch } from '../epoch/computeEpoch.ts'
import { assembleEpochInput } from './assembleEpochInput.ts'

describe('assembleEpochInput with a kind that challenges, stakes and earns revenue (ping)', async () => {
  const { input } = await assembleEpochInput(pingFacts, pingRules, 3n, await pingAnswers(3n), { cumulative: new Map(), carried: new Map() })
  const result = await computeEpoch(input, { treeThreads: 1 })
  const reasonsOf = (deviceId: Hex) => new Set(result.verdicts.filter((v) => v.deviceId === deviceId).map((v) => v.reason))

  it('issues challenges from the entropy block, with stake and revenue as of the end block', () => {
    const inputs = input.kindInputs!.get('ping')!
    expect(inputs.challenges).toHaveLength(pingFleet.length * PING_TEST_PARAMS.challengesPerEpoch)
    expect(inputs.challenges.every((c) => c.kind === 'ping' && c.epoch === 3n && c.issuedAtMs >= pingWindow(3n).startMs && c.deadlineMs <= pingWindow(3n).endMs)).toBe(true)
    expect(inputs.stake.get(pingUnderstaked.deviceId)).toBe(PING_TEST_PARAMS.minStake / 2n)
    expect(inputs.stake.get(pingFirst.deviceId)).toBe(PING_TEST_PARAMS.minStake)
    expect([...inputs.revenue]).toEqual([
      [pingFirst.deviceId, 30n * TOKEN],
      [pingSecond.deviceId, 10n * TOKEN],
    ])
  })

  it("judges every answer with the kind's qualified reasons", () => {
    for (const { device, behaviour } of pingFleet) {
      if (behaviour === 'honest') expect(reasonsOf(device.deviceId)).toEqual(new Set([null]))
    }
    expect(reasonsOf(pingFleet[3]!.device.deviceId)).toContain('ping.ANSWERED_LATE')
    expect(reasonsOf(pingUnderstaked.deviceId)).toEqual(new Set(['ping.STAKE_TOO_LOW']))
    expect(reasonsOf(pingFleet[6]!.device.deviceId)).toContain('ping.NOT_YOUR_CHALLENGE')
    expect(reasonsOf(pingFleet[7]!.device.deviceId)).toContain('ping.ANSWERED_EARLY')
    expect(reasonsOf(pingFleet[8]!.device.deviceId)).toContain('ping.DUPLICATE_ANSWER')
    expect(result.verdicts.some((v) => v.deviceId === pingFleet[4]!.device.deviceId)).toBe(false)
    for (const v of result.verdicts) if (v.reason !== null) expect(Object.hasOwn(ping.reasons, v.reason.replace('ping.', ''))).toBe(true)
  })

  it('pays answered challenges in ping.availability and paid service in ping.service, only to staked devices', () => {
    const paid = (pool: string, deviceId: Hex) => result.shares.find((s) => s.pool === pool && s.deviceId === deviceId)?.amount ?? 0n
    const availability = qualifiedName('ping', 'availability')
    const service = qualifiedName('ping', 'service')
    expect(paid(availability, pingFirst.deviceId)).toBeGreaterThan(0n)
    expect(paid(availability, pingUnderstaked.deviceId)).toBe(0n)
    expect(paid(service, pingFirst.deviceId)).toBe(3n * paid(service, pingSecond.deviceId))
    expect(paid(service, pingFleet[2]!.device.deviceId)).toBe(0n)
    const weight = result.shares.find((s) => s.pool === availability && s.deviceId === pingFirst.deviceId)!.weight
    expect(weight).toBe(BigInt(PING_TEST_PARAMS.challengesPerEpoch) * ONE)
    expect(result.totalCumulative).toBe(input.emission)
  })

  it('replays to the same root and paramsHash, which signs the challenges, stake and revenue', async () => {
    const again = await assembleEpochInput(pingFacts, pingRules, 3n, await pingAnswers(3n), { cumulative: new Map(), carried: new Map() })
    const replayed = await computeEpoch(again.input, { treeThreads: 1 })
    expect([replayed.root, replayed.paramsHash]).toEqual([result.root, result.paramsHash])
    const moreRevenue = new Map(input.kindInputs!)
    moreRevenue.set('ping', { ...input.kindInputs!.get('ping')!, revenue: new Map([[pingFirst.deviceId, 31n * TOKEN]]) })
    expect((await computeEpoch({ ...input, kindInputs: moreRevenue }, { treeThreads: 1 })).paramsHash).not.toBe(result.paramsHash)
  })
})
