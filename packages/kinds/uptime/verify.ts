import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import type { UptimeParams } from './params.ts'
import type { Heartbeat } from './payload.ts'
import type { UptimeReason } from './reasons.ts'

const VALID: Verdict = { valid: true }
const invalid = (reason: UptimeReason): Verdict => ({ valid: false, reason })

/**
 * The verdict on one heartbeat whose envelope, signature, device and payload already checked out.
 *
 * Several heartbeats in one sub-interval are all valid: devices retry and reconnect, and Helium
 * Mobile's CBRS radios heartbeat every 60 s against hourly truncation. They count once in score,
 * so sending more of them earns nothing (the 'burst' behaviour shows it), and calling them invalid
 * would only make honest devices look broken. Flooding is ingest's to rate-limit, not a verdict.
 */
export function verifyHeartbeat(report: KindReport<Heartbeat>, ctx: VerifyContext<UptimeParams>): Verdict {
  if (report.timestampMs < ctx.epoch.startMs || report.timestampMs >= ctx.epoch.endMs) return invalid('OUTSIDE_EPOCH')
  if (ctx.params.requireLocation && ctx.device.location === null) return invalid('LOCATION_NOT_ASSERTED')
  return VALID
}
