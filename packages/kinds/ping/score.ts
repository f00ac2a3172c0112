import { ONE, mulDiv } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { pingIndex } from './issued.ts'
import type { PingParams } from './params.ts'
import type { Pong } from './payload.ts'
import { TOKEN_UNIT } from './rules.ts'

/** The pool paid for being there: answered challenges. */
export const AVAILABILITY_POOL = 'availability'
/** The pool paid for being used: revenue customers paid for the device's service. */
export const SERVICE_POOL = 'service'

// The multipliers every share picks from, frozen and shared (a million shares carry pointers, not copies).
const STAKED: Multiplier = Object.freeze({
  name: 'stake',
  value: ONE,
  why: "At least minStake bonded for the device at the epoch's end.",
})
const UNSTAKED: Multiplier = Object.freeze({
  name: 'stake',
  value: 0n,
  why: "Less than minStake bonded for the device at the epoch's end: it earns nothing this epoch.",
})
const ANSWERED: Multiplier = Object.freeze({
  name: 'answered',
  value: ONE,
  why: 'The device answered at least one of its challenges this epoch: it was there to serve what it was paid for.',
})
const UNANSWERED: Multiplier = Object.freeze({
  name: 'answered',
  value: 0n,
  why: 'The device answered none of its challenges this epoch: revenue earns service rewards only for a device that proves it is there.',
})

/**
 * Shares in two pools, availability first, each ordered by device id.
 *
 * availability — one share per device with at least one counted pong:
 * - base: distinct challenges answered × ONE (a second answer to one challenge adds nothing).
 * - stake (×1 or ×0): whether the device's stake at the epoch's end is at least minStake.
 *
 * service — one share per registered device customers paid this epoch (ctx.inputs.revenue):
 * - base: the revenue in whole tokens, fixed point (revenue × ONE ÷ 10^18, toward zero).
 * - stake (×1 or ×0): as above.
 * - answered (×1 or ×0): whether it answered at least one challenge: paying a device that is never
 *   there earns its operator nothing.
 *
 * weight = base × each multiplier, each step rounded toward zero. Shares of weight 0 are kept, so an
 * operator sees why a device earned nothing.
 */
export function scorePing(reports: readonly KindReport<Pong>[], ctx: ScoreContext<PingParams>): Share[] {
  const { params, inputs } = ctx
  const index = pingIndex(inputs.challenges)
  const answered = new Map<Hex, Set<Hex>>()
  for (const report of reports) {
    // verify already refused these; a score never trusts its caller for money.
    const issued = index.byId.get(report.payload.challengeId)
    if (issued === undefined || issued.challenge.deviceId !== report.deviceId) continue
    let challenges = answered.get(report.deviceId)
    if (challenges === undefined) answered.set(report.deviceId, (challenges = new Set()))
    challenges.add(report.payload.challengeId)
  }
  const stakeOf = (deviceId: Hex) => inputs.stake.get(deviceId) ?? 0n
  const stakeMultiplier = (deviceId: Hex) => (stakeOf(deviceId) >= params.minStake ? STAKED : UNSTAKED)
  const facts = (deviceId: Hex) => ({
    challengesAnswered: answered.get(deviceId)?.size ?? 0,
    challengesIssued: index.issuedTo.get(deviceId) ?? 0,
    stake: stakeOf(deviceId).toString(),
    minStake: params.minStake.toString(),
  })

  const shares: Share[] = []
  for (const deviceId of [...answered.keys()].sort()) {
    const base = BigInt(answered.get(deviceId)!.size) * ONE
    shares.push(share(deviceId, AVAILABILITY_POOL, base, [stakeMultiplier(deviceId)], facts(deviceId)))
  }
  const paid = [...inputs.revenue.keys()].filter((deviceId) => inputs.revenue.get(deviceId)! > 0n && ctx.devices.has(deviceId)).sort()
  for (const deviceId of paid) {
    const revenue = inputs.revenue.get(deviceId)!
    const multipliers = [stakeMultiplier(deviceId), answered.has(deviceId) ? ANSWERED : UNANSWERED]
    shares.push(share(deviceId, SERVICE_POOL, mulDiv(revenue, ONE, TOKEN_UNIT), multipliers, { revenue: revenue.toString(), ...facts(deviceId) }))
  }
  return shares
}

function share(deviceId: Hex, pool: string, base: bigint, multipliers: Multiplier[], inputs: Share['inputs']): Share {
  let weight = base
  for (const multiplier of multipliers) weight = mulDiv(weight, multiplier.value, ONE)
  return { deviceId, pool, base, multipliers, weight, inputs }
}
