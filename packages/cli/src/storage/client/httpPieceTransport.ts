import { deletePiece, getPiece, hasPiece, putPiece } from '../nodeClient.ts'
import type { PieceTransport } from './pieceTransport.ts'

/** A storage node's HTTP API (nodeClient.ts: PUT, GET, HEAD and DELETE /v1/pieces/:sha256) as a PieceTransport: the client's default. */
export const httpPieceTransport: PieceTransport = {
  put: async (url, sha256, bytes, request) => {
    await putPiece(url, sha256, bytes, request)
  },
  get: getPiece,
  has: hasPiece,
  delete: deletePiece,
}
