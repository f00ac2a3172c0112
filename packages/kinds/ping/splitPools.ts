import type { ScoreContext, Share } from '../src/kind.ts'
import type { PingParams } from './params.ts'
import { BASIS_POINTS } from './rules.ts'
import { AVAILABILITY_POOL, SERVICE_POOL } from './score.ts'

/**
 * The service pool's basis points of the kind's budget at `revenue` (token's smallest unit) paid
 * this epoch: serviceMaxBps × revenue ÷ serviceFullRevenue, rounded toward zero, and serviceMaxBps
 * from serviceFullRevenue on.
 */
export function serviceBpsAt(revenue: bigint, params: PingParams): number {
  if (revenue >= params.serviceFullRevenue) return params.serviceMaxBps
  return Number((BigInt(params.serviceMaxBps) * revenue) / params.serviceFullRevenue)
}

/**
 * How the kind's budget (its pools' basis points in the network's config, added up) divides this
 * epoch: the service pool grows with the revenue of the devices that earn from it (service shares of
 * weight > 0), and availability gets the rest. No revenue, no service pool: nothing of the budget
 * waits in a pool nobody can earn from.
 */
export function splitPingPools(shares: readonly Share[], ctx: ScoreContext<PingParams>): Readonly<Record<string, number>> {
  let revenue = 0n
  for (const share of shares) {
    if (share.pool === SERVICE_POOL && share.weight > 0n) revenue += ctx.inputs.revenue.get(share.deviceId) ?? 0n
  }
  const service = serviceBpsAt(revenue, ctx.params)
  return { [AVAILABILITY_POOL]: BASIS_POINTS - service, [SERVICE_POOL]: service }
}
