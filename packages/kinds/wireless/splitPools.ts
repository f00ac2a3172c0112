import { ONE } from '@pinion/protocol'
import type { ScoreContext, Share } from '../src/kind.ts'
import type { WirelessCarried } from './carry.ts'
import type { UsagePoint, WirelessParams } from './params.ts'
import { BASIS_POINTS } from './rules.ts'
import { COVERAGE_POOL, USAGE_POOL } from './score.ts'

/**
 * The usage pool's basis points at `bytes` of verified usage: the schedule's points joined by
 * straight lines (the step between two points rounded toward zero), flat after the last point.
 */
export function usageBpsAt(schedule: readonly UsagePoint[], bytes: bigint): number {
  let previous = schedule[0]!
  if (bytes <= previous.bytes) return previous.usageBps
  for (let i = 1; i < schedule.length; i++) {
    const point = schedule[i]!
    if (bytes <= point.bytes) {
      const step = (BigInt(point.usageBps - previous.usageBps) * (bytes - previous.bytes)) / (point.bytes - previous.bytes)
      return previous.usageBps + Number(step)
    }
    previous = point
  }
  return previous.usageBps
}

/**
 * How the kind's budget divides between its pools this epoch: usage gets usageBpsAt(total verified
 * bytes), coverage the rest — so the network pays more for serving as it serves more, and for
 * existing less (HIP-149's complaint about proof of coverage). With no usage shares, coverage gets
 * everything.
 */
export function splitWirelessPools(shares: readonly Share[], ctx: ScoreContext<WirelessParams, WirelessCarried>): Readonly<Record<string, number>> {
  let bytes = 0n
  let usageShares = 0
  for (const share of shares) {
    if (share.pool !== USAGE_POOL) continue
    usageShares++
    bytes += share.base / ONE
  }
  if (usageShares === 0) return { [COVERAGE_POOL]: BASIS_POINTS, [USAGE_POOL]: 0 }
  const usage = usageBpsAt(ctx.params.usageSchedule, bytes)
  return { [COVERAGE_POOL]: BASIS_POINTS - usage, [USAGE_POOL]: usage }
}
