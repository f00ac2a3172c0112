import { ONE } from '@pinion/protocol'
import type { ScoreContext, Share } from '../src/kind.ts'
import type { MobileParams } from './params.ts'
import { BASIS_POINTS } from './rules.ts'
import { COVERAGE_POOL, DATA_POOL } from './score.ts'

/** The data pool's basis points at `bytes` verified this epoch: dataMaxBps × bytes ÷ dataFullBytes, toward zero, and dataMaxBps from dataFullBytes on. */
export function dataBpsAt(bytes: bigint, params: MobileParams): number {
  if (bytes >= params.dataFullBytes) return params.dataMaxBps
  return Number((BigInt(params.dataMaxBps) * bytes) / params.dataFullBytes)
}

/**
 * How the kind's budget divides this epoch: data "eats first" (HIP-147/148), growing with the
 * carrier-signed bytes the data shares carry up to dataMaxBps, and coverage gets the rest. No data,
 * no data pool: nothing of the budget waits in a pool nobody earns from.
 */
export function splitMobilePools(shares: readonly Share[], ctx: ScoreContext<MobileParams>): Readonly<Record<string, number>> {
  let bytes = 0n
  for (const share of shares) if (share.pool === DATA_POOL) bytes += share.base / ONE
  const data = dataBpsAt(bytes, ctx.params)
  return { [COVERAGE_POOL]: BASIS_POINTS - data, [DATA_POOL]: data }
}
