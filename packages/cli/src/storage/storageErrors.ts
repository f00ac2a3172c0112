import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of the storage client (encryption, erasure coding, a file's manifest). Part of
 * CLI_ERROR_CODES (../errorCodes.ts), from which ERRORS.md is generated.
 */
export const STORAGE_ERROR_CODES = {
  PINION_ERR_STORAGE_REDUNDANCY: {
    retryable: false,
    description:
      'Redundancy parameters do not fit together: 1 ≤ required < repair threshold < pieces stored ≤ uploads started ≤ 256 (Reed–Solomon over GF(2^8) has 256 shards at most).',
  },
  PINION_ERR_STORAGE_DECRYPT: {
    retryable: false,
    description: "A file's bytes do not open with its key (AES-256-GCM refused them): the key is wrong, or the bytes were changed. Nothing is returned.",
  },
  PINION_ERR_STORAGE_TOO_FEW_PIECES: {
    retryable: true,
    description:
      "Fewer of a segment's pieces than it needs match the file's manifest (missing, or their hashes differ): it cannot be rebuilt from these; other providers may hold more.",
  },
  PINION_ERR_STORAGE_INTEGRITY: {
    retryable: false,
    description: "A rebuilt file's hash is not the manifest's: the manifest or the pieces were tampered with. Nothing is returned.",
  },
} as const satisfies ErrorCodeTable

export type StorageErrorCode = keyof typeof STORAGE_ERROR_CODES

/** An error of the storage client: a stable code, a message naming the value and what was expected. */
export class StorageError extends PinionError {
  override readonly name = 'StorageError'
  declare readonly code: StorageErrorCode

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
