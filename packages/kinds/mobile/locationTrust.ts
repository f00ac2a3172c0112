import { ONE } from '@pinion/protocol'
import { distanceM, h3String } from './hexes.ts'
import type { MobileParams } from './params.ts'
import type { Heartbeat } from './payload.ts'
import { isIndoor } from './radioType.ts'
import { BASIS_POINTS } from './rules.ts'

/** One heartbeat's location trust: basis points, and the distance it came from (null: no usable fix). */
export type HeartbeatTrust = { bps: number; distanceM: number | null }

/**
 * The location trust of one heartbeat (helium.md §3.4): 0 without a location fix, with one older
 * than locationFixMaxAgeMs at the heartbeat, or with a cell that is not an H3 cell; otherwise the
 * trust table of the radio's kind (indoor or outdoor) at the distance between the validated cell and
 * the asserted one: ×1 up to fullTrustMaxM, ×partialTrustBps up to partialTrustMaxM, ×0 beyond.
 */
export function heartbeatTrust(heartbeat: Heartbeat, heartbeatAtMs: bigint, asserted: string, params: MobileParams): HeartbeatTrust {
  const fix = heartbeat.locationFix
  if (fix === undefined || heartbeatAtMs - fix.validatedAtMs > params.locationFixMaxAgeMs) return { bps: 0, distanceM: null }
  const validated = h3String(fix.cell)
  if (validated === null) return { bps: 0, distanceM: null }
  const distance = distanceM(validated, asserted)
  const table = isIndoor(heartbeat.radioType) ? params.indoorLocationTrust : params.outdoorLocationTrust
  const bps = distance <= table.fullTrustMaxM ? BASIS_POINTS : distance <= table.partialTrustMaxM ? table.partialTrustBps : 0
  return { bps, distanceM: distance }
}

/** The epoch's location-trust multiplier: the mean of the heartbeats' trust, fixed point (ONE = ×1), rounded toward zero. */
export function meanTrust(trusts: readonly HeartbeatTrust[]): bigint {
  if (trusts.length === 0) return 0n
  let sum = 0n
  for (const t of trusts) sum += BigInt(t.bps)
  return (sum * ONE) / (BigInt(trusts.length) * BigInt(BASIS_POINTS))
}
