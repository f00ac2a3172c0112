import { createHash, randomBytes } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { pieceTree } from '@pinion/protocol/pdp'
import { type Hex, bytesToHex } from 'viem'
import { encodeSegment } from '../erasure.ts'
import { MAX_SEGMENT_BYTES } from '../fileManifest.ts'
import { type Redundancy, checkRedundancy } from '../redundancy.ts'
import { StorageClientError } from './clientErrors.ts'
import { firstSuccesses } from './firstSuccesses.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import { type PieceTransport, pieceTimeoutMs } from './pieceTransport.ts'
import { type Provider, placePieces } from './placePieces.ts'
import { removePieces } from './removePieces.ts'
import { sealSegments, sealedBytes } from './sealStream.ts'
import { storedPieceBytes, toStoredPiece } from './storedPiece.ts'
import type { PiecePdp, StoredFile, StoredPiece } from './storedFile.ts'

/** What a later step proposes on chain once a file's pieces are stored: one deal per provider, with its pieces' PDP commitments. */
export type DealPlan = {
  fileId: Hex
  providers: { deviceId: Hex; operator: Provider['operator']; url: string; pieces: { segment: number; index: number; sha256: Hex; pdp: PiecePdp }[] }[]
}

export type UploadOptions = {
  /** The file: its bytes, or a path read segment by segment (a file of any size is never in memory whole). */
  source: Uint8Array | { path: string }
  /** What `pinion storage ls` calls it (the file's base name). */
  name: string
  providers: readonly Provider[]
  redundancy: Redundancy
  /** A seeded generator in [0, 1): where the pieces go (placePieces). */
  random: () => number
  /** When the file was stored (ISO 8601), as the caller's clock says. */
  createdAt: string
  /** Sealed bytes per segment: Storj's 64 MiB unless a test asks for less. */
  segmentBytes?: number
  transport?: PieceTransport
  /** Pieces sent at once, per segment: at most 32 by default (all of a devnet segment's 10). */
  parallel?: number
  /** How long one piece's PUT may take (default: Storj's audit timeout for its size, pieceTimeoutMs). */
  timeoutMs?: number
  /** Called with where every piece went once all are stored, before the manifest is returned; a throw fails the upload (and deletes its pieces). */
  onPiecesPlaced?: (plan: DealPlan) => void | Promise<void>
  /** Called after each segment is stored. */
  onSegment?: (done: { segment: number; segments: number; pieces: number }) => void
}

const DEFAULT_PARALLEL_UPLOADS = 32
const EMPTY = new Uint8Array(0)
/** Plaintext read from a path at a time. */
const READ_CHUNK_BYTES = 1024 * 1024

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

/**
 * Stores a file across providers and returns its manifest (StoredFile), the only way back to it:
 * sealed with a fresh key (sealFile's format, sealStream), cut into segments, each Reed–Solomon coded
 * into `uploads` pieces (any `required` rebuild it), each piece encoded for the provider it goes to
 * (providerEncoding), hashed (SHA-256: its id on the node) and committed (PDP: root, height, leaves),
 * and sent, `parallel` at a time. Where pieces go is decided before anything is sent (placePieces:
 * never two pieces of a segment on one operator), so a list of too few operators fails early.
 * Segments are stored one after another: memory holds one segment and its coded pieces (uploads /
 * required of it: 2.5 segments for the devnet's scheme, 3.8 for Storj's), whatever the file's size.
 *
 * A segment is done once `pieces` of its uploads succeeded; the others are cancelled (Storj's
 * long-tail cancellation; a node that had stored its piece just before keeps it, unrecorded, as
 * Storj's do until their garbage collection: no deal will pay for it). Fewer than `pieces`, even at or above `repairAt`, fails the upload with
 * PINION_ERR_STORAGE_UPLOAD, as Storj's uplink does: a segment stored below its success threshold
 * would start life in need of repair, paid for by the network, and what is short is usually the
 * provider list, which the customer should fix before trying again. On any failure the pieces already
 * stored are deleted (best effort): nothing is left for providers to hold unpaid.
 */
export async function uploadFile(options: UploadOptions): Promise<StoredFile> {
  const { source, redundancy, segmentBytes = MAX_SEGMENT_BYTES, transport = httpPieceTransport } = options
  checkRedundancy(redundancy)
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1) throw new RangeError(`a segment is a whole number of bytes from 1, not ${segmentBytes}`)
  const size = source instanceof Uint8Array ? source.length : await sizeOf(source.path)
  const sealedSize = sealedBytes(size)
  const segmentSizes = Array.from({ length: Math.ceil(sealedSize / segmentBytes) }, (_, s) => Math.min(segmentBytes, sealedSize - s * segmentBytes))
  const placement = placePieces(
    options.providers,
    redundancy,
    segmentSizes.map((bytes) => storedPieceBytes(bytes, redundancy.required)),
    options.random,
  )
  const key = randomBytes(32)
  const sealed = sealSegments(source instanceof Uint8Array ? chunksOf(source) : readChunks(source.path), key, segmentBytes)
  const segments: StoredFile['segments'] = []
  try {
    for await (const segment of sealed.segments) {
      const s = segments.length
      if (segment.length !== segmentSizes[s]) throw sourceChanged(source, size)
      const shards = encodeSegment(segment, redundancy.required, redundancy.uploads)
      const timeoutMs = options.timeoutMs ?? pieceTimeoutMs(storedPieceBytes(segment.length, redundancy.required))
      const { successes, failures } = await firstSuccesses(
        placement[s]!,
        { wanted: redundancy.pieces, parallel: options.parallel ?? Math.min(DEFAULT_PARALLEL_UPLOADS, redundancy.uploads), timeoutMs },
        async ({ index, provider }, signal) => {
          const bytes = toStoredPiece(shards[index]!, key, { deviceId: provider.deviceId, segment: s, piece: index })
          shards[index] = EMPTY // each shard goes to one provider: its memory is not needed any more
          const id = sha256(bytes)
          await transport.put(provider.url, id, bytes, { signal, timeoutMs })
          return { index, deviceId: provider.deviceId, operator: provider.operator, url: provider.url, sha256: id, pdp: pdpOf(bytes) } satisfies StoredPiece
        },
      )
      // Recorded before it is judged, so that a failure deletes these pieces too.
      const stored = successes.map(({ result }) => result).sort((a, b) => a.index - b.index)
      segments.push({ bytes: segment.length, pieces: stored })
      if (successes.length < redundancy.pieces) {
        const why = failures
          .sort((a, b) => a.candidate.index - b.candidate.index)
          .map(({ candidate: { index, provider }, error }) => `piece ${index} to ${provider.url}: ${error instanceof Error ? error.message : String(error)}`)
        throw new StorageClientError(
          'PINION_ERR_STORAGE_UPLOAD',
          `segment ${s}: ${successes.length} of its pieces were stored, fewer than the ${redundancy.pieces} an upload needs (${placement[s]!.length} tried); ${why.join('; ')}`,
        )
      }
      options.onSegment?.({ segment: s, segments: segmentSizes.length, pieces: stored.length })
    }
    const digests = sealed.digests()
    if (digests.plaintextBytes !== size || segments.length !== segmentSizes.length) throw sourceChanged(source, size)
    const file: StoredFile = {
      version: 1,
      id: digests.sealedSha256,
      name: options.name,
      size,
      sha256: digests.plaintextSha256,
      redundancy,
      segmentBytes,
      createdAt: options.createdAt,
      key: bytesToHex(key),
      segments,
    }
    await options.onPiecesPlaced?.(dealPlanOf(file))
    return file
  } catch (error) {
    await removePieces(
      segments.flatMap((segment) => segment.pieces),
      { transport },
    )
    throw error
  }
}

/** The pieces of `file` grouped by provider, in provider order of first appearance. */
function dealPlanOf(file: StoredFile): DealPlan {
  const providers = new Map<Hex, DealPlan['providers'][number]>()
  for (const [segment, { pieces }] of file.segments.entries()) {
    for (const { index, deviceId, operator, url, sha256, pdp } of pieces) {
      let provider = providers.get(deviceId)
      if (provider === undefined) providers.set(deviceId, (provider = { deviceId, operator, url, pieces: [] }))
      provider.pieces.push({ segment, index, sha256, pdp })
    }
  }
  return { fileId: file.id, providers: [...providers.values()] }
}

function pdpOf(bytes: Uint8Array): PiecePdp {
  const { root, height, leafCount } = pieceTree(bytes)
  return { root, height, leafCount }
}

async function sizeOf(path: string): Promise<number> {
  const stats = await stat(path).catch((cause: unknown) => {
    throw new StorageClientError('PINION_ERR_STORAGE_SOURCE', `cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  })
  if (!stats.isFile()) throw new StorageClientError('PINION_ERR_STORAGE_SOURCE', `${path} is not a file`)
  return stats.size
}

const sourceChanged = (source: UploadOptions['source'], size: number) =>
  new StorageClientError(
    'PINION_ERR_STORAGE_SOURCE',
    `${source instanceof Uint8Array ? 'the bytes' : source.path} changed while being stored (it was ${size} bytes when the upload began)`,
  )

function* chunksOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) yield bytes.subarray(at, at + READ_CHUNK_BYTES)
}

async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    for (;;) {
      const buffer = new Uint8Array(READ_CHUNK_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}
