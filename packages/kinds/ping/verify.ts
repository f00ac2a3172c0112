import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import { pingIndex } from './issued.ts'
import type { PingParams } from './params.ts'
import type { Pong } from './payload.ts'
import type { PingReason } from './reasons.ts'

const VALID: Verdict = { valid: true }
const invalid = (reason: PingReason): Verdict => ({ valid: false, reason })

/**
 * The verdict on one pong whose envelope, signature, device and payload already checked out, in this
 * order: it names a ping challenge issued this epoch (ctx.inputs.challenges), issued to this device;
 * its timestamp is in [issuedAtMs, deadlineMs]; its answer is keccak256(nonce ‖ device id); and the
 * device's stake at the epoch's end (ctx.inputs.stake) is at least minStake. A second answer to the
 * same challenge is verifyEpoch's to judge (DUPLICATE_ANSWER): it needs the other one.
 */
export function verifyPong(report: KindReport<Pong>, ctx: VerifyContext<PingParams>): Verdict {
  const issued = pingIndex(ctx.inputs.challenges).byId.get(report.payload.challengeId)
  if (issued === undefined) return invalid('UNKNOWN_CHALLENGE')
  const { challenge, answer } = issued
  if (challenge.deviceId !== report.deviceId) return invalid('NOT_YOUR_CHALLENGE')
  if (report.timestampMs < challenge.issuedAtMs) return invalid('ANSWERED_EARLY')
  if (report.timestampMs > challenge.deadlineMs) return invalid('ANSWERED_LATE')
  if (report.payload.answer !== answer) return invalid('WRONG_ANSWER')
  if ((ctx.inputs.stake.get(report.deviceId) ?? 0n) < ctx.params.minStake) return invalid('STAKE_TOO_LOW')
  return VALID
}
