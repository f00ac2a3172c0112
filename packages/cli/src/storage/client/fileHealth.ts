import type { Hex } from 'viem'
import { firstSuccesses } from './firstSuccesses.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import { type PieceTransport, pieceTimeoutMs } from './pieceTransport.ts'
import type { StoredFile } from './storedFile.ts'

/**
 * Where a segment stands, by Storj's rule (satellite/repair/checker): `healthy` above the repair
 * threshold; `repair` at or below it (the repair worker would rebuild it now) while `required` or more
 * pieces are left; `lost` below `required`, when no one can rebuild it.
 */
type SegmentState = 'healthy' | 'repair' | 'lost'

export type SegmentHealth = {
  segment: number
  healthy: number
  stored: number
  state: SegmentState
  /** The pieces that are not healthy: not held by their node any more, or the node did not answer. */
  missing: { index: number; deviceId: Hex; url: string; why: string }[]
}

/** Pieces asked about at once. */
const PARALLEL_CHECKS = 16

/**
 * How many of each segment's pieces are healthy right now: their node says it holds them (HEAD),
 * against what rebuilds the segment (`required`) and when it is due for repair (`repairAt`). A node
 * that does not answer within `timeoutMs` counts as not holding its pieces, as Storj's checker counts
 * an offline node.
 */
export async function fileHealth(file: StoredFile, { transport = httpPieceTransport, timeoutMs = pieceTimeoutMs(0) }: { transport?: PieceTransport; timeoutMs?: number } = {}) {
  const pieces = file.segments.flatMap(({ pieces }, segment) => pieces.map((piece) => ({ segment, piece })))
  const { successes, failures } = await firstSuccesses(pieces, { wanted: pieces.length, parallel: PARALLEL_CHECKS, timeoutMs }, async ({ piece }, signal) => {
    if (!(await transport.has(piece.url, piece.sha256, { signal, timeoutMs }))) throw new Error('the node does not hold it')
  })
  const healthy = new Set(successes.map(({ candidate }) => candidate))
  const why = new Map(failures.map(({ candidate, error }) => [candidate, error instanceof Error ? error.message : String(error)]))
  const { required, repairAt } = file.redundancy
  return file.segments.map(({ pieces: stored }, segment): SegmentHealth => {
    const mine = pieces.filter((p) => p.segment === segment)
    const count = mine.filter((p) => healthy.has(p)).length
    return {
      segment,
      healthy: count,
      stored: stored.length,
      state: count < required ? 'lost' : count <= repairAt ? 'repair' : 'healthy',
      missing: mine.filter((p) => !healthy.has(p)).map((p) => ({ index: p.piece.index, deviceId: p.piece.deviceId, url: p.piece.url, why: why.get(p) ?? '' })),
    }
  })
}
