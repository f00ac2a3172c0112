import type { Hex } from 'viem'
import { laterAnswers } from '../src/firstAnswers.ts'
import type { KindReport } from '../src/kind.ts'
import type { PossessionProof } from './payload.ts'
import type { StorageReason } from './reasons.ts'

const DUPLICATE: StorageReason = 'DUPLICATE_PROOF'

/** One proof counts per period: the first (laterAnswers' order); every other is DUPLICATE_PROOF. */
export function verifyStorageEpoch(reports: readonly KindReport<PossessionProof>[]): ReadonlyMap<Hex, string> {
  return laterAnswers(reports, DUPLICATE)
}
