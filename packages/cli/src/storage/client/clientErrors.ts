import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of the storage client's upload and download across storage nodes and of the
 * `pinion storage` file commands (placement, the provider list, the local catalog of manifests).
 * Part of CLI_ERROR_CODES (../../errorCodes.ts), from which ERRORS.md is generated; the codes of
 * encryption, erasure coding and a manifest's checks are storageErrors.ts's.
 */
export const STORAGE_CLIENT_ERROR_CODES = {
  PINION_ERR_STORAGE_PLACEMENT: {
    retryable: false,
    description:
      "A segment's pieces cannot be placed: fewer providers of distinct operators (with room for a piece, when they say how much they have) than the pieces a segment must store. No two pieces of one segment go to one operator; nothing was uploaded.",
  },
  PINION_ERR_STORAGE_UPLOAD: {
    retryable: true,
    description:
      "Fewer of a segment's pieces were stored than the scheme's success threshold (`pieces`; Storj fails an upload below it too): the upload failed, and the pieces already stored were deleted (best effort). The message names the providers that failed and why.",
  },
  PINION_ERR_STORAGE_SOURCE: {
    retryable: false,
    description: 'The file to store cannot be read, or changed size while it was read: it was not stored (what was uploaded of it was deleted).',
  },
  PINION_ERR_STORAGE_PROVIDERS: {
    retryable: false,
    description:
      'The provider list (`--providers <file>`) is not a JSON array of { deviceId, operator, url, freeBytes? }: the message names the entry and field. A device id appearing twice is refused too.',
  },
  PINION_ERR_STORAGE_UNKNOWN_FILE: {
    retryable: false,
    description: 'No stored file in the local catalog has this id (or starts with it), or more than one starts with it: give more of the id (`pinion storage ls` lists them).',
  },
  PINION_ERR_STORAGE_CATALOG: {
    retryable: false,
    description: 'A manifest in the local catalog (`<data dir>/storage/files/<id>.json`) cannot be read or is not one: the message names the file and the field.',
  },
  PINION_ERR_STORAGE_FLAGS: {
    retryable: false,
    description:
      "`pinion storage put|get|rm|status|repair`: `--timeout-ms` is not a whole number of milliseconds from 1, `--seed` not a whole number from 0 to 2^32 − 1, or `--repair-below` not a whole number above the file's `required` and at most its `pieces`.",
  },
  PINION_ERR_STORAGE_OUTPUT: {
    retryable: false,
    description: '`pinion storage get` would replace a file that exists (give `--force`, or another `-o`): nothing was fetched.',
  },
  PINION_ERR_STORAGE_REMOVE: {
    retryable: true,
    description:
      '`pinion storage rm` could not delete every piece of the file (a node did not answer or refused): the manifest is kept, so running it again retries; `--force` forgets the file anyway, leaving those pieces on their nodes.',
  },
  PINION_ERR_STORAGE_UNRECOVERABLE: {
    retryable: true,
    description:
      "`pinion storage repair`: a segment has fewer healthy pieces than rebuild it (`required`), or fewer of them could be fetched whole: it cannot be repaired now, and the file cannot be downloaded. The file's other segments were repaired and its manifest saved. If the nodes that hold its pieces come back, running repair again rebuilds it; otherwise the file is lost.",
  },
  PINION_ERR_STORAGE_REPAIR_SHORT: {
    retryable: true,
    description:
      '`pinion storage repair`: a segment was rebuilt, but fewer new pieces were stored than bring it back to the success threshold (`pieces`): too few providers of operators that hold none of its pieces (with room for one), or their uploads failed. The pieces stored are kept in the saved manifest; give more providers and run it again.',
  },
} as const satisfies ErrorCodeTable

export type StorageClientErrorCode = keyof typeof STORAGE_CLIENT_ERROR_CODES

/** An error of the storage client's transfers and file commands: a stable code, a message naming the value and what was expected. */
export class StorageClientError extends PinionError {
  override readonly name = 'StorageClientError'
  declare readonly code: StorageClientErrorCode
  readonly retryable: boolean

  constructor(code: StorageClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.retryable = STORAGE_CLIENT_ERROR_CODES[code].retryable
  }
}
