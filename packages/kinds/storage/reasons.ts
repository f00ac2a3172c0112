/** The storage kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first), in the order verify checks them. */
export const STORAGE_REASONS = {
  UNKNOWN_CHALLENGE: 'The proof names a challenge the network did not issue this epoch: made up, from another epoch, or from another kind.',
  NOT_YOUR_CHALLENGE: "The proof answers another provider's proving period: one provider (or one disk) answering for others.",
  ANSWERED_EARLY: "The proof's timestamp is before the period's challenge was issued: stamped before the provider could have been asked.",
  ANSWERED_LATE: "The proof's timestamp is after the period's deadline (the epoch's start + responseWindowMs): the provider did not prove in time.",
  WRONG_PROOF_COUNT: 'The proof does not answer each challenged leaf exactly once: more or fewer leaf proofs than the period asked.',
  PROOF_INVALID:
    "A leaf's Merkle path does not lead to the root the deal committed on chain: the provider no longer holds those bytes (dropped or corrupted them), or holds another provider's encoding of them.",
  DUPLICATE_PROOF: 'Another proof of the same period came first (earlier timestamp, then lower sequence): each period is proven once.',
} as const satisfies Record<string, string>

export type StorageReason = keyof typeof STORAGE_REASONS

/**
 * Why a deal's proving period is a fault, when it is (provingOutcomes.ts): no proof arrived that the
 * kind accepted. Not a report's reason — a missed period has no report — but the code its record
 * carries, beside the reason of the provider's own rejected proof when there was one.
 */
export const PERIOD_NOT_PROVEN = 'PERIOD_NOT_PROVEN'
