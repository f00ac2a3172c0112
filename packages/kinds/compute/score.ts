import { ONE, mulDiv } from '@pinion/protocol'
import type { Hex } from 'viem'
import { STORJ_AUDIT_REPUTATION, isDisqualified, reputationScore } from '../src/betaReputation.ts'
import type { KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { type ComputeCarried, EMPTY_COMPUTE_CARRIED, reputationOf } from './carried.ts'
import { isSampled } from './commitment.ts'
import { leaseIndex } from './duty.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload } from './payload.ts'

/** The pool paid out of emissions for verified useful work: Render's work share, by fuel. */
export const VERIFIED_POOL = 'verified'

/** Fuel is weighed in millions of units (Mfuel), fixed point. */
const MEGAFUEL = 1_000_000n

const IN_GOOD_STANDING: Multiplier = Object.freeze({
  name: 'reputation',
  value: ONE,
  why: "The provider's reputation, α/(α+β) over its re-executed tasks and faults (λ 0.999), was at least 0.96 at the epoch's start.",
})
const DISQUALIFIED: Multiplier = Object.freeze({
  name: 'reputation',
  value: 0n,
  why: "The provider's reputation fell below 0.96 (Storj's disqualification rule): it earns no emissions, whatever it runs now.",
})

/**
 * One share per provider with an active lease this epoch, in the `verified` pool, by device id:
 * - base: the fuel of the tasks whose results it revealed this epoch and the kind accepted — each
 *   opened a commitment made before, ran the job's own input within its fuel limit, and carries the
 *   customer's counter-signature of that fuel; the sampled ones were re-executed by every oracle
 *   and agreed to the unit — in Mfuel, fixed point (fuel × ONE ÷ 10⁶, toward zero). Idle capacity
 *   earns nothing: only work a customer ordered and accepted counts.
 * - reputation (×1 or ×0): disqualified providers (α/(α+β) < 0.96) earn nothing.
 * Shares of weight 0 are kept, so an operator sees why a provider earned nothing.
 */
export function scoreCompute(reports: readonly KindReport<ComputePayload>[], ctx: ScoreContext<ComputeParams, ComputeCarried>): Share[] {
  const carried = ctx.carried ?? EMPTY_COMPUTE_CARRIED
  const leases = leaseIndex(ctx.inputs.challenges)
  const open = new Map(carried.commitments.map((c) => [`${c.leaseId}:${c.task}`, c]))
  const byDevice = new Map<Hex, { leases: number; tasks: number; reexecuted: number; fuel: bigint }>()
  const tallyOf = (deviceId: Hex) => {
    let tally = byDevice.get(deviceId)
    if (tally === undefined) byDevice.set(deviceId, (tally = { leases: 0, tasks: 0, reexecuted: 0, fuel: 0n }))
    return tally
  }
  for (const { challenge } of leases.values()) tallyOf(challenge.deviceId).leases += 1
  for (const report of reports) {
    const payload = report.payload
    // verify already refused the others; a score never trusts its caller for money.
    if (payload.type !== 'task-reveal' || leases.get(payload.leaseId)?.challenge.deviceId !== report.deviceId) continue
    const tally = tallyOf(report.deviceId)
    tally.tasks += 1
    tally.fuel += payload.fuelUsed
    const commitment = open.get(`${payload.leaseId}:${payload.task}`)
    if (commitment !== undefined && (commitment.sampled ?? isSampled(ctx.epoch.entropy, commitment.commitment, ctx.params.sampleRatePpm))) tally.reexecuted += 1
  }
  const shares: Share[] = []
  for (const deviceId of [...byDevice.keys()].sort()) {
    const tally = byDevice.get(deviceId)!
    const reputation = reputationOf(ctx.carried, deviceId)
    const multiplier = isDisqualified(reputation, STORJ_AUDIT_REPUTATION) ? DISQUALIFIED : IN_GOOD_STANDING
    const base = mulDiv(tally.fuel, ONE, MEGAFUEL)
    shares.push({
      deviceId,
      pool: VERIFIED_POOL,
      base,
      multipliers: [multiplier],
      weight: mulDiv(base, multiplier.value, ONE),
      inputs: {
        leases: tally.leases,
        tasksAccepted: tally.tasks,
        tasksReexecuted: tally.reexecuted,
        fuel: tally.fuel.toString(),
        reputation: reputationScore(reputation).toString(),
      },
    })
  }
  return shares
}
