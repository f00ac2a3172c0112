import type { Hex } from 'viem'
import { firstSuccesses } from './firstSuccesses.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import { type PieceTransport, pieceTimeoutMs } from './pieceTransport.ts'

/** A piece to delete: which, and from which node. */
type PieceAt = { deviceId: Hex; url: string; sha256: Hex }

/** Pieces deleted from their nodes at once. */
const PARALLEL_DELETES = 16

/**
 * Deletes `pieces` from their nodes, `parallel` at a time: the pieces now gone (deleted, or not held
 * to begin with) and those that are not (a node that did not answer, or refused), with why. Never
 * throws for a node: the caller decides what a piece left behind means.
 */
export async function removePieces(
  pieces: readonly PieceAt[],
  { transport = httpPieceTransport, timeoutMs = pieceTimeoutMs(0) }: { transport?: PieceTransport; timeoutMs?: number } = {},
): Promise<{ gone: PieceAt[]; left: { piece: PieceAt; error: unknown }[] }> {
  const { successes, failures } = await firstSuccesses(pieces, { wanted: pieces.length, parallel: PARALLEL_DELETES, timeoutMs }, (piece, signal) =>
    transport.delete(piece.url, piece.sha256, { signal, timeoutMs }),
  )
  return { gone: successes.map(({ candidate }) => candidate), left: failures.map(({ candidate, error }) => ({ piece: candidate, error })) }
}
