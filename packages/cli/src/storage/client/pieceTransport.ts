import type { Hex } from 'viem'

/** Per request: a signal that cancels it, and how long one piece may take before it counts as failed. */
type PieceRequest = { signal?: AbortSignal; timeoutMs: number }

/**
 * How the client reaches storage nodes' pieces, by node URL and piece id (the SHA-256 of the bytes
 * the node stores). The default is HTTP to a node's /v1/pieces/:sha256 (httpPieceTransport); tests
 * may give another. A call that cannot do what it says throws, whatever the reason: the client counts
 * the piece as failed and moves on to another.
 */
export type PieceTransport = {
  put(nodeUrl: string, sha256: Hex, bytes: Uint8Array, request: PieceRequest): Promise<void>
  /** The piece's bytes, checked against `sha256` (a node's wrong bytes throw). */
  get(nodeUrl: string, sha256: Hex, request: PieceRequest): Promise<Uint8Array>
  has(nodeUrl: string, sha256: Hex, request: PieceRequest): Promise<boolean>
  /** Whether the node held the piece; either way it holds it no longer. */
  delete(nodeUrl: string, sha256: Hex, request: PieceRequest): Promise<boolean>
}

/** Storj's audit timeouts (satellite/audit): at least MinDownloadTimeout, 15 s, and MinBytesPerSecond, 150 kB/s, for larger pieces. */
const MIN_PIECE_TIMEOUT_MS = 15_000
const MIN_BYTES_PER_SECOND = 150_000

/** How long a request for a piece of `bytes` may take when the caller does not say: Storj's rule for an audit's download. */
export const pieceTimeoutMs = (bytes: number) => Math.max(MIN_PIECE_TIMEOUT_MS, Math.ceil((bytes * 1000) / MIN_BYTES_PER_SECOND))
