import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of the storage client (encryption, erasure coding, a file's manifest, talking to
 * storage nodes) and of `pinion storage`. Part of
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
  PINION_ERR_STORAGE_BAD_PIECE_REQUEST: {
    retryable: false,
    description:
      "The storage node client was asked for something no node can answer: a piece id that is not a SHA-256 as 64 lower-case hex digits (with or without 0x, as a file's manifest holds it), or a range that is not a whole offset ≥ 0 and a length ≥ 1.",
  },
  PINION_ERR_STORAGE_PIECE_UNAVAILABLE: {
    retryable: true,
    description:
      'A storage node did not serve a piece: no answer in time, an error answer (its code is in the message: `PINION_ERR_PIECE_NOT_FOUND`, `PINION_ERR_PIECE_CORRUPT`…), or bytes that are not the piece (a whole piece whose SHA-256 is not its id, a range of another length). Nothing is returned; fetch the piece from another node.',
  },
  PINION_ERR_STORAGE_NODE_REFUSED: {
    retryable: false,
    description:
      'A storage node refused a request with an error answer (4xx, or 507 when its quota is full); its code and status are in the message (`PINION_ERR_PIECE_HASH`: the bytes are not the piece; `PINION_ERR_PIECE_QUOTA`: put the piece on another node; `PINION_ERR_PIECE_DELETE_REFUSED`: its deal has not ended).',
  },
  PINION_ERR_STORAGE_NODE_UNAVAILABLE: {
    retryable: true,
    description:
      'A storage node gave no usable answer: it could not be reached, did not answer in time (or the caller aborted), failed (5xx other than 507), or answered something that is not its API (a body of the wrong shape, another piece). Try again later, or another node.',
  },
  PINION_ERR_STORAGE_NODE_FLAGS: {
    retryable: false,
    description:
      '`pinion storage node`: `--quota` is not a whole number of bytes above 0 (optionally with a unit: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), or `--listen` is not host:port (a port from 0 to 65535).',
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
