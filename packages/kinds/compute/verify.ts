import { sha256 } from 'viem'
import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import type { ComputeCarried } from './carried.ts'
import { leaseIndex } from './duty.ts'
import { decodeManifest } from './manifest.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload } from './payload.ts'
import type { ComputeReason } from './reasons.ts'

const valid: Verdict = { valid: true }
const reject = (reason: ComputeReason): Verdict => ({ valid: false, reason })

/**
 * What one report shows by itself: a report about a lease must name a lease active this epoch
 * (UNKNOWN_LEASE) that its device won (NOT_YOUR_LEASE), and a job must be the one the lease's order
 * names (SPEC_MISMATCH). Module chunks need nothing: they are bytes, judged by the reveal that needs
 * them. The rest takes the whole epoch (judge.ts, in verifyEpoch).
 */
export function verifyComputeReport(report: KindReport<ComputePayload>, ctx: VerifyContext<ComputeParams, ComputeCarried>): Verdict {
  const payload = report.payload
  if (payload.type === 'module-chunk') return valid
  const lease = leaseIndex(ctx.inputs.challenges).get(payload.leaseId)
  if (lease === undefined) return reject('UNKNOWN_LEASE')
  if (lease.challenge.deviceId !== report.deviceId) return reject('NOT_YOUR_LEASE')
  if (payload.type === 'job') {
    if (sha256(payload.manifest) !== lease.duty.specHash) return reject('SPEC_MISMATCH')
    try {
      decodeManifest(payload.manifest)
    } catch {
      return reject('SPEC_MISMATCH')
    }
  }
  return valid
}
