import { StorageError } from './storageErrors.ts'

/**
 * How a segment is spread (Storj's `k/m/o/n`): any `required` of its pieces rebuild it; the repair
 * worker acts once `repairAt` or fewer remain healthy; an upload succeeds once `pieces` are stored,
 * of `uploads` started (the slowest are cancelled: long-tail cancellation).
 */
export type Redundancy = { required: number; repairAt: number; pieces: number; uploads: number }

/** Storj's production default, `RS 29/35/80/110` (satellite/metainfo/config.go): an expansion of 80/29 ≈ 2.76×. */
export const STORJ_REDUNDANCY: Redundancy = { required: 29, repairAt: 35, pieces: 80, uploads: 110 }

/** A devnet's: 4-of-8 (repair at 5) over 10 uploads, for 10–20 storage nodes. */
export const DEVNET_REDUNDANCY: Redundancy = { required: 4, repairAt: 5, pieces: 8, uploads: 10 }

/** Reed–Solomon over GF(2^8): at most 256 shards, data and parity together. */
const MAX_SHARDS = 256

/** `redundancy`, once its numbers fit together; PINION_ERR_STORAGE_REDUNDANCY naming them otherwise. */
export function checkRedundancy(redundancy: Redundancy): Redundancy {
  const { required, repairAt, pieces, uploads } = redundancy
  const whole = [required, repairAt, pieces, uploads].every(Number.isInteger)
  if (!whole || !(required >= 1 && required < repairAt && repairAt < pieces && pieces <= uploads && uploads <= MAX_SHARDS)) {
    throw new StorageError(
      'PINION_ERR_STORAGE_REDUNDANCY',
      `redundancy ${required}/${repairAt}/${pieces}/${uploads} (required/repair/pieces/uploads) must be whole numbers with 1 ≤ required < repair < pieces ≤ uploads ≤ ${MAX_SHARDS}`,
    )
  }
  return redundancy
}
