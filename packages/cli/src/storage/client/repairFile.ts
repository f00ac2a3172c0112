import { createHash } from 'node:crypto'
import { pieceTree } from '@pinion/protocol/pdp'
import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { decodeSegment, encodeSegment, pieceBytes } from '../erasure.ts'
import { checkRedundancy } from '../redundancy.ts'
import type { StorageClientErrorCode } from './clientErrors.ts'
import { fileHealth } from './fileHealth.ts'
import { firstSuccesses } from './firstSuccesses.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import { type PieceTransport, pieceTimeoutMs } from './pieceTransport.ts'
import { type Provider, placePieces } from './placePieces.ts'
import { removePieces } from './removePieces.ts'
import type { StoredFile, StoredPiece } from './storedFile.ts'
import { fromStoredPiece, storedPieceBytes, toStoredPiece } from './storedPiece.ts'
import type { DealPlan } from './uploadFile.ts'

export type RepairOptions = {
  /** Where new pieces may go (placePieces' rule: never an operator of a piece the segment's manifest lists). */
  providers: readonly Provider[]
  /** A seeded generator in [0, 1): which of the eligible providers take the new pieces. */
  random: () => number
  transport?: PieceTransport
  /** How long one piece's HEAD, GET or PUT may take (default: Storj's audit timeout for its size, pieceTimeoutMs). */
  timeoutMs?: number
  /** Pieces fetched, or sent, at once per segment (default: required + a third to fetch, up to 32 to send). */
  parallel?: number
  /** Pieces the caller knows are lost whatever their node answers (their deal was terminated, say): not healthy, and never asked about. */
  isLost?: (piece: StoredPiece, segment: number) => boolean
  /** Repair a segment with fewer healthy pieces than this (default repairAt + 1: Storj repairs at or below repairAt). From required + 1 to pieces. */
  repairBelow?: number
  /** Called with the new pieces by provider, with their PDP commitments, before the new manifest is returned; a throw fails the repair and deletes them. */
  onRepaired?: (plan: DealPlan) => void | Promise<void>
}

/**
 * What became of a segment: `healthy` (not due: left alone), `repaired` (back to `pieces` healthy),
 * `short` (due, but fewer new pieces could be stored than that), `unrecoverable` (fewer than
 * `required` healthy, or fetchable: it cannot be rebuilt now).
 */
type SegmentOutcome = 'healthy' | 'repaired' | 'short' | 'unrecoverable'

type SegmentRepair = {
  segment: number
  /** Healthy pieces found: their node said it holds them (HEAD) and `isLost` did not declare them lost. */
  healthy: number
  /** Healthy pieces once repaired: the healthy ones and the new ones. */
  healthyAfter: number
  outcome: SegmentOutcome
  /** The pieces that were not healthy, and why. */
  lost: { index: number; deviceId: Hex; url: string; why: string }[]
  /** The new pieces: which index went to which provider. */
  restored: { index: number; deviceId: Hex; url: string }[]
  /** Why an `unrecoverable` or `short` segment is one, with the stable code `pinion storage repair` exits with. */
  problem?: { code: Extract<StorageClientErrorCode, 'PINION_ERR_STORAGE_UNRECOVERABLE' | 'PINION_ERR_STORAGE_REPAIR_SHORT'>; message: string }
}

export type RepairResult = {
  /** The manifest to keep from now on (the caller saves it): a new object, the one given is not changed. */
  file: StoredFile
  summary: {
    /** Segments checked: all of the file's. */
    checked: number
    repaired: number
    short: number
    unrecoverable: number
    /** New pieces stored. */
    piecesUploaded: number
    /** Bytes of the pieces fetched and used to rebuild segments (what the network pays providers' egress for). */
    bytesDownloaded: number
    /** Bytes of the new pieces stored. */
    bytesUploaded: number
  }
  segments: SegmentRepair[]
}

const DEFAULT_PARALLEL_UPLOADS = 32

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())
const lower = (hex: string) => hex.toLowerCase()

/**
 * Storj's repair (satellite/repair) of one stored file, done by its customer: finds each segment's
 * healthy pieces (their node answers HEAD for them within the timeout, and `isLost` does not declare
 * them lost), and rebuilds every segment with fewer than `repairBelow`:
 *
 * 1. fetches `required` healthy pieces, each checked against the manifest's SHA-256 and decoded from
 *    its provider's encoding, and rebuilds the segment's shards by Reed–Solomon (decode, encode:
 *    the code is systematic and deterministic, so every shard comes back as it was first made);
 * 2. re-stores the lost indexes, lowest first, until `pieces` are healthy again (Storj uploads to new
 *    nodes "until the success target is met"), each encoded for its new provider, hashed and
 *    committed (PDP) exactly as uploadFile does: a new provider holds bytes of its own, never a copy
 *    of what the lost one held;
 * 3. replaces each lost piece's entry by its new one (same index). Once the segment is back to
 *    `pieces`, lost entries left over are dropped (Storj drops unhealthy pieces from a fully repaired
 *    segment); a `short` repair keeps them, since a node that comes back still adds a piece.
 *
 * New pieces go where placePieces would put them, among the providers whose operator holds no piece
 * the segment's manifest lists, healthy or lost (Storj excludes every node of the segment: one
 * operator is one failure domain, and a node that lost a piece is no place for it), the least loaded
 * with this file first. A provider whose PUT fails gives its index to the next one.
 *
 * A segment that cannot be rebuilt (fewer than `required` healthy pieces, or fewer fetched whole) is
 * reported, with PINION_ERR_STORAGE_UNRECOVERABLE, not thrown: the other segments are still repaired,
 * since if the missing nodes come back, the file is whole only if the rest did not decay meanwhile
 * (Storj repairs segment by segment too). Nothing is spent on a segment that is not due: no GET, no
 * PUT. Lost pieces are not deleted from their nodes (a node that comes back drops what no deal pays
 * for, as Storj's garbage collection does).
 *
 * Deterministic given `random` and the nodes' answers: nothing reads the clock or Math.random. On any
 * failure (a throw from `onRepaired` included) the new pieces are deleted (best effort) and the error
 * thrown: the old manifest stays the one to keep.
 */
export async function repairFile(file: StoredFile, options: RepairOptions): Promise<RepairResult> {
  const { redundancy } = file
  const { required, repairAt, pieces: target, uploads } = checkRedundancy(redundancy)
  const repairBelow = options.repairBelow ?? repairAt + 1
  if (!Number.isInteger(repairBelow) || repairBelow <= required || repairBelow > target) {
    throw new RangeError(`repairBelow is a whole number above required (${required}) and at most pieces (${target}), not ${repairBelow}`)
  }
  const transport = options.transport ?? httpPieceTransport
  const key = hexToBytes(file.key)
  const isLost = options.isLost ?? (() => false)

  // Health first, for every segment, before anything is fetched: HEAD for the pieces not declared lost.
  const declared = file.segments.map(({ pieces }, s) => pieces.filter((piece) => isLost(piece, s)))
  const asked = { ...file, segments: file.segments.map((segment, s) => ({ ...segment, pieces: segment.pieces.filter((p) => !declared[s]!.includes(p)) })) }
  const health = await fileHealth(asked, { transport, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) })

  const segments = file.segments.map((segment) => ({ ...segment, pieces: [...segment.pieces] }))
  const added: StoredPiece[] = []
  const newPieces: { segment: number; piece: StoredPiece }[] = []
  const placedBytes = new Map<string, number>()
  let bytesDownloaded = 0
  let bytesUploaded = 0
  const report: SegmentRepair[] = []
  try {
    for (const [s, segment] of file.segments.entries()) {
      const missing = new Map(health[s]!.missing.map((m) => [`${m.index}:${m.deviceId}`, m.why]))
      const lostPieces = segment.pieces.filter((p) => declared[s]!.includes(p) || missing.has(`${p.index}:${p.deviceId}`))
      const healthyPieces = segment.pieces.filter((p) => !lostPieces.includes(p))
      const lost = lostPieces.map(({ index, deviceId, url }) => ({
        index,
        deviceId,
        url,
        why: missing.get(`${index}:${deviceId}`) ?? 'declared lost by the caller',
      }))
      const healthy = healthyPieces.length
      const entry = { segment: s, healthy, healthyAfter: healthy, lost, restored: [] as SegmentRepair['restored'] }
      if (healthy >= repairBelow) {
        report.push({ ...entry, outcome: 'healthy' })
        continue
      }
      if (healthy < required) {
        const message = `segment ${s}: ${healthy} of its pieces are healthy, fewer than the ${required} that rebuild it`
        report.push({ ...entry, outcome: 'unrecoverable', problem: { code: 'PINION_ERR_STORAGE_UNRECOVERABLE', message } })
        continue
      }
      const pieceSize = storedPieceBytes(segment.bytes, required)
      const timeoutMs = options.timeoutMs ?? pieceTimeoutMs(pieceSize)
      const needed = target - healthy
      // Lost indexes first, lowest first (their entries are replaced); then indexes no entry holds.
      const used = new Set(segment.pieces.map((p) => p.index))
      const indexes = [...new Set(lostPieces.map((p) => p.index))]
        .sort((a, b) => a - b)
        .concat(Array.from({ length: uploads }, (_, i) => i).filter((i) => !used.has(i)))
        .slice(0, needed)
      const candidates = placeRepair(segment.pieces, options.providers, file, segments, placedBytes, pieceSize, options.random)
      if (candidates.length === 0) {
        const message = `segment ${s}: ${healthy} of its pieces are healthy and ${needed} more are needed, but no provider of an operator holding none of its pieces has room for a piece of ${pieceSize} bytes`
        report.push({ ...entry, outcome: 'short', problem: { code: 'PINION_ERR_STORAGE_REPAIR_SHORT', message } })
        continue
      }

      // 1. Fetch `required` healthy pieces and rebuild the segment's shards.
      const shardBytes = pieceBytes(segment.bytes, required)
      const fetched = await firstSuccesses(
        healthyPieces,
        { wanted: required, parallel: options.parallel ?? required + Math.ceil(required / 3), timeoutMs },
        async (piece, signal) => {
          const bytes = await transport.get(piece.url, piece.sha256, { signal, timeoutMs })
          const actual = sha256(bytes)
          if (actual !== piece.sha256) throw new Error(`served bytes that hash to ${actual}, not the piece's ${piece.sha256}`)
          return { index: piece.index, stored: bytes.length, shard: fromStoredPiece(bytes, key, { deviceId: piece.deviceId, segment: s, piece: piece.index }, shardBytes) }
        },
      )
      bytesDownloaded += fetched.successes.reduce((sum, { result }) => sum + result.stored, 0)
      if (fetched.successes.length < required) {
        const why = fetched.failures
          .sort((a, b) => a.candidate.index - b.candidate.index)
          .map(({ candidate, error }) => `piece ${candidate.index} at ${candidate.url}: ${error instanceof Error ? error.message : String(error)}`)
        const message = `segment ${s}: ${fetched.successes.length} of its ${healthy} healthy pieces could be fetched, fewer than the ${required} that rebuild it; ${why.join('; ')}`
        report.push({ ...entry, outcome: 'unrecoverable', problem: { code: 'PINION_ERR_STORAGE_UNRECOVERABLE', message } })
        continue
      }
      const sealed = decodeSegment(new Map(fetched.successes.map(({ result }) => [result.index, result.shard])), segment.bytes, required, uploads)
      const shards = encodeSegment(sealed, required, uploads)

      // 2. Store each index on the next candidate; a failed one goes to the candidate after.
      const queue = [...indexes]
      const stored: StoredPiece[] = []
      const failed: string[] = []
      let next = 0
      while (queue.length > 0 && next < candidates.length) {
        const round = queue.splice(0, Math.min(queue.length, candidates.length - next)).map((index) => ({ index, provider: candidates[next++]! }))
        const { successes, failures } = await firstSuccesses(
          round,
          { wanted: round.length, parallel: options.parallel ?? Math.min(DEFAULT_PARALLEL_UPLOADS, round.length), timeoutMs },
          async ({ index, provider }, signal) => {
            const deviceId = lower(provider.deviceId) as Hex
            const bytes = toStoredPiece(shards[index]!, key, { deviceId, segment: s, piece: index })
            const id = sha256(bytes)
            await transport.put(provider.url, id, bytes, { signal, timeoutMs })
            const { root, height, leafCount } = pieceTree(bytes)
            return { index, deviceId, operator: provider.operator, url: provider.url, sha256: id, pdp: { root, height, leafCount } } satisfies StoredPiece
          },
        )
        for (const { result } of successes.sort((a, b) => a.result.index - b.result.index)) {
          stored.push(result)
          added.push(result)
          newPieces.push({ segment: s, piece: result })
          placedBytes.set(result.deviceId, (placedBytes.get(result.deviceId) ?? 0) + pieceSize)
          bytesUploaded += pieceSize
        }
        for (const { candidate, error } of failures) {
          queue.push(candidate.index)
          failed.push(`piece ${candidate.index} to ${candidate.provider.url}: ${error instanceof Error ? error.message : String(error)}`)
        }
        queue.sort((a, b) => a - b)
      }

      // 3. The new entries in place of the lost ones; leftover lost entries dropped once back to target.
      const byIndex = new Map(stored.map((p) => [p.index, p]))
      const complete = stored.length === indexes.length && healthy + stored.length >= target
      const kept = segment.pieces.filter((p) => !lostPieces.includes(p) || (!complete && !byIndex.has(p.index)))
      segments[s] = { bytes: segment.bytes, pieces: [...kept, ...stored].sort((a, b) => a.index - b.index) }
      const repaired = { ...entry, healthyAfter: healthy + stored.length, restored: stored.map(({ index, deviceId, url }) => ({ index, deviceId, url })) }
      if (complete) {
        report.push({ ...repaired, outcome: 'repaired' })
      } else {
        const message = `segment ${s}: ${stored.length} of the ${needed} new pieces it needed were stored (${candidates.length} providers of operators holding none of its pieces had room); ${failed.join('; ')}`
        report.push({ ...repaired, outcome: 'short', problem: { code: 'PINION_ERR_STORAGE_REPAIR_SHORT', message } })
      }
    }
    if (newPieces.length > 0) await options.onRepaired?.(dealPlanOf(file.id, newPieces))
  } catch (error) {
    await removePieces(added, { transport })
    throw error
  }
  const count = (outcome: SegmentOutcome) => report.filter((r) => r.outcome === outcome).length
  return {
    file: { ...file, segments },
    summary: {
      checked: file.segments.length,
      repaired: count('repaired'),
      short: count('short'),
      unrecoverable: count('unrecoverable'),
      piecesUploaded: added.length,
      bytesDownloaded,
      bytesUploaded,
    },
    segments: report,
  }
}

/**
 * The providers that may take a new piece of a segment whose manifest lists `listed`, in the order to
 * try them: placePieces' rule (distinct operators, room for a piece when a provider says how much it
 * has, a seeded shuffle from providers in device id order), never an operator or device `listed`
 * names, then the least loaded with this file first (bytes of its pieces in `segments`, the manifest
 * as repaired so far). Free space counts the pieces this repair already put there.
 */
function placeRepair(
  listed: readonly StoredPiece[],
  providers: readonly Provider[],
  file: StoredFile,
  segments: StoredFile['segments'],
  placedBytes: ReadonlyMap<string, number>,
  pieceSize: number,
  random: () => number,
): Provider[] {
  const operators = new Set(listed.map((p) => lower(p.operator)))
  const devices = new Set(listed.map((p) => lower(p.deviceId)))
  const eligible = providers
    .filter((p) => !operators.has(lower(p.operator)) && !devices.has(lower(p.deviceId)))
    .map((p) => (p.freeBytes === undefined ? p : { ...p, freeBytes: p.freeBytes - (placedBytes.get(lower(p.deviceId)) ?? 0) }))
  if (eligible.length === 0) return []
  // pieces 0: placePieces returns every distinct operator with room, however few, and never refuses.
  const [order = []] = placePieces(eligible, { ...file.redundancy, pieces: 0, uploads: eligible.length }, [pieceSize], random)
  const load = new Map<string, number>()
  for (const { bytes, pieces } of segments) {
    const size = storedPieceBytes(bytes, file.redundancy.required)
    for (const p of pieces) load.set(lower(p.deviceId), (load.get(lower(p.deviceId)) ?? 0) + size)
  }
  const held = (p: Provider) => load.get(lower(p.deviceId)) ?? 0
  return order.map(({ provider }) => provider).sort((a, b) => held(a) - held(b))
}

/** The new pieces grouped by provider, in order of first appearance: uploadFile's DealPlan, for them alone. */
function dealPlanOf(fileId: Hex, pieces: readonly { segment: number; piece: StoredPiece }[]): DealPlan {
  const providers = new Map<Hex, DealPlan['providers'][number]>()
  for (const { segment, piece } of pieces) {
    const { index, deviceId, operator, url, sha256, pdp } = piece
    let provider = providers.get(deviceId)
    if (provider === undefined) providers.set(deviceId, (provider = { deviceId, operator, url, pieces: [] }))
    provider.pieces.push({ segment, index, sha256, pdp })
  }
  return { fileId, providers: [...providers.values()] }
}
