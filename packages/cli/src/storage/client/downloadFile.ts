import { createHash, randomUUID } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { decodeSegment, pieceBytes } from '../erasure.ts'
import { StorageError } from '../storageErrors.ts'
import { firstSuccesses } from './firstSuccesses.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import { type PieceTransport, pieceTimeoutMs } from './pieceTransport.ts'
import { openSegments } from './sealStream.ts'
import type { StoredFile } from './storedFile.ts'
import { fromStoredPiece, storedPieceBytes } from './storedPiece.ts'

export type DownloadOptions = {
  transport?: PieceTransport
  /** Pieces fetched at once, per segment (default: required + a third, Storj's 39 for 29). */
  parallel?: number
  /** How long one piece may take (default: Storj's audit timeout for its size, pieceTimeoutMs); a slower node is skipped. */
  timeoutMs?: number
  signal?: AbortSignal
}

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

/** `file`'s bytes, fetched from its providers and checked (downloadSegments). */
export async function downloadFile(file: StoredFile, options: DownloadOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  await downloadSegments(file, options, (chunk) => {
    chunks.push(chunk)
  })
  return new Uint8Array(Buffer.concat(chunks))
}

/**
 * `file` fetched into `path`, atomically: written to a temporary file beside it (owner-only: its
 * bytes are not authenticated until the end), synced, and renamed over `path` only once the whole
 * file checked; on any failure the temporary file is removed and `path` is untouched. Memory: a
 * segment or two, whatever the file's size.
 */
export async function downloadFileTo(file: StoredFile, path: string, options: DownloadOptions = {}): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.part`)
  const handle = await open(temporary, 'wx', 0o600)
  try {
    await downloadSegments(file, options, async (chunk) => {
      await handle.write(chunk)
    })
    await handle.sync()
    await handle.close()
    await rename(temporary, path)
    const folder = await open(dirname(path), 'r')
    await folder.sync().finally(() => folder.close())
  } catch (error) {
    await handle.close().catch(() => {})
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Fetches `file` segment by segment and hands its plaintext to `write` as it opens. For each segment
 * the pieces are fetched `parallel` at a time; each is checked against the manifest's SHA-256 as it
 * arrives (a node that is down, answers too slowly or serves other bytes is skipped, and the next
 * piece is asked for), and once `required` are good the rest are cancelled. Too few good pieces is
 * PINION_ERR_STORAGE_TOO_FEW_PIECES, naming each node that failed and why. At the end the seal's tag
 * (PINION_ERR_STORAGE_DECRYPT) and the plaintext's size and SHA-256 (PINION_ERR_STORAGE_INTEGRITY)
 * are checked: until then, what `write` got is not to be trusted.
 */
async function downloadSegments(file: StoredFile, options: DownloadOptions, write: (plaintext: Uint8Array) => void | Promise<void>): Promise<void> {
  const { required, uploads } = file.redundancy
  const transport = options.transport ?? httpPieceTransport
  const key = hexToBytes(file.key)
  const opener = openSegments(key)
  const hash = createHash('sha256')
  let size = 0
  const emit = async (plaintext: Uint8Array) => {
    hash.update(plaintext)
    size += plaintext.length
    if (plaintext.length > 0) await write(plaintext)
  }
  for (const [s, segment] of file.segments.entries()) {
    const shardBytes = pieceBytes(segment.bytes, required)
    const timeoutMs = options.timeoutMs ?? pieceTimeoutMs(storedPieceBytes(segment.bytes, required))
    const race = { wanted: required, parallel: options.parallel ?? required + Math.ceil(required / 3), timeoutMs, ...(options.signal ? { signal: options.signal } : {}) }
    const { successes, failures } = await firstSuccesses(segment.pieces, race, async (piece, signal) => {
      const bytes = await transport.get(piece.url, piece.sha256, { signal, timeoutMs })
      const actual = sha256(bytes)
      if (actual !== piece.sha256) throw new Error(`served bytes that hash to ${actual}, not the piece's ${piece.sha256}`)
      return fromStoredPiece(bytes, key, { deviceId: piece.deviceId, segment: s, piece: piece.index }, shardBytes)
    })
    if (successes.length < required) {
      const why = failures
        .sort((a, b) => a.candidate.index - b.candidate.index)
        .map(({ candidate, error }) => `piece ${candidate.index} at ${candidate.url}: ${error instanceof Error ? error.message : String(error)}`)
      throw new StorageError(
        'PINION_ERR_STORAGE_TOO_FEW_PIECES',
        `segment ${s} of file ${file.id}: ${successes.length} of its ${segment.pieces.length} pieces could be fetched, and any ${required} rebuild it; ${why.join('; ')}`,
      )
    }
    const sealed = decodeSegment(new Map(successes.map(({ candidate, result }) => [candidate.index, result])), segment.bytes, required, uploads)
    await emit(opener.push(sealed))
  }
  await emit(opener.finish())
  const actual = bytesToHex(hash.digest())
  if (size !== file.size || actual !== file.sha256) {
    throw new StorageError('PINION_ERR_STORAGE_INTEGRITY', `the rebuilt file (${size} bytes, ${actual}) is not the manifest's (${file.size} bytes, ${file.sha256})`)
  }
}
