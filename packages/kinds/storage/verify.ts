import { verifyPieceProof } from '@pinion/protocol/pdp'
import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import { periodIndex } from './issued.ts'
import type { StorageParams } from './params.ts'
import type { PossessionProof } from './payload.ts'
import type { StorageReason } from './reasons.ts'

const VALID: Verdict = { valid: true }
const invalid = (reason: StorageReason): Verdict => ({ valid: false, reason })

/**
 * The verdict on one possession proof whose envelope, signature, device and payload already checked
 * out, in this order: it names a proving period issued this epoch, to this device; its timestamp is
 * in [issuedAtMs, deadlineMs]; it has one leaf proof per challenged leaf; and each leaf's path, of
 * exactly its piece's height, leads to the piece root the deal committed on chain (PDP's
 * MerkleVerify, SHA-256 truncated to 254 bits). A second proof of the same period is verifyEpoch's to
 * judge (DUPLICATE_PROOF).
 */
export function verifyPossessionProof(report: KindReport<PossessionProof>, ctx: VerifyContext<StorageParams>): Verdict {
  const period = periodIndex(ctx.inputs.challenges).get(report.payload.challengeId)
  if (period === undefined) return invalid('UNKNOWN_CHALLENGE')
  const { challenge, question } = period
  if (challenge.deviceId !== report.deviceId) return invalid('NOT_YOUR_CHALLENGE')
  if (report.timestampMs < challenge.issuedAtMs) return invalid('ANSWERED_EARLY')
  if (report.timestampMs > challenge.deadlineMs) return invalid('ANSWERED_LATE')
  const { proofs } = report.payload
  if (proofs.length !== question.leaves.length) return invalid('WRONG_PROOF_COUNT')
  for (const [i, asked] of question.leaves.entries()) {
    const { leaf, siblings } = proofs[i]!
    if (!verifyPieceProof(asked.pieceRoot, asked.height, asked.offset, { leaf, proof: siblings })) return invalid('PROOF_INVALID')
  }
  return VALID
}
