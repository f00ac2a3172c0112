import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import { type Logger, returnRequestIds, serverLogOptions, silentLogger } from '@pinion/contracts/log'
import { PinionError } from '@pinion/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Hex, bytesToHex, isHex, size as sizeOfHex } from 'viem'
import { DeviceError } from '../errors.ts'
import { byteRangeOf } from './byteRange.ts'
import { capacityClaimMessage } from './capacityClaim.ts'
import { nodeErrorHandler, nodeNotFoundHandler, nodeServerOptions } from './nodeErrorPlugin.ts'
import type { PieceStore } from './pieceStore.ts'

/**
 * Storj's largest segment (`MaxSegmentSize`, 64 MiB), the default for the largest piece a node takes:
 * a piece is a segment split into `required` ≥ 1 shards, so none is larger.
 */
export const DEFAULT_MAX_PIECE_BYTES = 64 * 1024 * 1024

/** What a customer asks the node to do that the caller may refuse (for now: a delete, which the kind will allow once the deal has ended). */
type NodeAction = { action: 'delete'; id: Hex; headers: IncomingHttpHeaders }

export type StorageNodeOptions = {
  store: PieceStore
  /** The node's device id (its key's keccak256), named in its capacity claims. */
  deviceId: Hex
  /** Signs a capacity claim's bytes with the device key (signWithDeviceKey); without it, claims are unsigned. */
  signer?: ((message: Uint8Array) => Uint8Array) | undefined
  /** Where requests' errors are logged (pino). Default: nowhere. */
  logger?: Logger | undefined
  /** The largest piece accepted, in bytes: larger uploads answer 413 (PINION_ERR_BODY_TOO_LARGE). Default DEFAULT_MAX_PIECE_BYTES. */
  maxPieceBytes?: number | undefined
  /** Whether to carry out `action`; false answers 403 PINION_ERR_PIECE_DELETE_REFUSED. Default: allow. */
  authorize?: ((action: NodeAction) => boolean | Promise<boolean>) | undefined
  /** Unix milliseconds for capacity claims' `atMs`. Default Date.now. */
  now?: (() => number) | undefined
  /** Told of each piece once it is stored (a prover beside the node starts answering for it). */
  onStored?: ((id: Hex) => void | Promise<void>) | undefined
  /** Told of each piece once it is deleted. */
  onRemoved?: ((id: Hex) => void) | undefined
}

/** A piece's id in a path: its SHA-256 as 64 lower-case hex digits (the store's id without 0x). */
const pieceParams = {
  type: 'object',
  required: ['sha256'],
  properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: "the piece's SHA-256 as 64 lower-case hex digits" } },
} as const

const pieceAnswer = { type: 'object', required: ['sha256', 'size'], properties: { sha256: { type: 'string' }, size: { type: 'integer' } } } as const

const capacityAnswer = {
  type: 'object',
  required: ['deviceId', 'quotaBytes', 'usedBytes', 'pieces', 'atMs'],
  properties: {
    deviceId: { type: 'string' },
    quotaBytes: { type: 'integer' },
    usedBytes: { type: 'integer' },
    pieces: { type: 'integer' },
    atMs: { type: 'integer' },
    signature: { type: 'string' },
  },
} as const

const healthAnswer = { type: 'object', required: ['status', 'deviceId'], properties: { status: { type: 'string' }, deviceId: { type: 'string' } } } as const

type PieceRoute = { Params: { sha256: string } }

/**
 * A storage node's HTTP API over its piece store, as a Fastify app not yet listening (tests inject
 * into it; startStorageNode listens). Pieces are named by their SHA-256 in the path and travel as raw
 * bytes; every error is `{ code, message }` with the code's status (nodeErrorPlugin.ts):
 *
 *   PUT    /v1/pieces/:sha256  body: the bytes (application/octet-stream). 201 `{ sha256, size }`, or 200
 *                              with the same body for a piece already held; 409 PINION_ERR_PIECE_HASH,
 *                              507 PINION_ERR_PIECE_QUOTA, 413 PINION_ERR_BODY_TOO_LARGE.
 *   GET    /v1/pieces/:sha256  the bytes; `Range: bytes=a-b` (one range) answers 206 with Content-Range,
 *                              416 PINION_ERR_PIECE_RANGE if it is not within the piece. 404
 *                              PINION_ERR_PIECE_NOT_FOUND; 500 PINION_ERR_PIECE_CORRUPT.
 *   HEAD   /v1/pieces/:sha256  200 with Content-Length, or 404. It reads no bytes, so it cannot tell a
 *                              corrupt piece: a GET does.
 *   DELETE /v1/pieces/:sha256  200 `{ sha256, size }` (the bytes freed), 404, or 403 when `authorize` refuses.
 *   GET    /v1/capacity        `{ deviceId, quotaBytes, usedBytes, pieces, atMs, signature? }` (capacityClaim.ts).
 *   GET    /v1/health          `{ status: "ok", deviceId }`.
 *
 * An upload is hashed and written as it arrives, never held in memory (PieceStore.putStream). Every
 * read, of a range too, hashes the whole piece first (PieceStore.read), so no byte of a piece the disk
 * changed is served: an audit's stripe costs one read of its piece (a few MiB: a 64 MiB segment over
 * Storj's 29 required pieces is 2.2 MiB), which is what buys a node that never serves bad bytes
 * knowingly. Auditors still check a stripe against their own stripe hashes.
 */
export function buildStorageNodeApp(options: StorageNodeOptions): FastifyInstance {
  const { store, deviceId } = options
  const maxPieceBytes = options.maxPieceBytes ?? DEFAULT_MAX_PIECE_BYTES
  const authorize = options.authorize ?? (() => true)
  const now = options.now ?? Date.now
  if (!isHex(deviceId, { strict: true }) || sizeOfHex(deviceId) !== 32 || deviceId !== deviceId.toLowerCase()) {
    throw new DeviceError('PINION_ERR_AGENT_CONFIG', `a storage node's deviceId is 32 bytes of lower-case 0x hex, not ${JSON.stringify(deviceId)}`)
  }
  if (!Number.isSafeInteger(maxPieceBytes) || maxPieceBytes <= 0) {
    throw new DeviceError('PINION_ERR_AGENT_CONFIG', `maxPieceBytes is a positive whole number of bytes, not ${maxPieceBytes}`)
  }

  const app = Fastify({ ...serverLogOptions(options.logger ?? silentLogger()), forceCloseConnections: true, ...nodeServerOptions })
  returnRequestIds(app)
  // Pieces are the only bodies: any other content type (JSON included) answers 415.
  app.removeAllContentTypeParsers()
  app.setErrorHandler(nodeErrorHandler)
  app.setNotFoundHandler(nodeNotFoundHandler)

  const idOf = (sha256: string) => `0x${sha256}` as Hex
  const notFound = (sha256: string) => new DeviceError('PINION_ERR_PIECE_NOT_FOUND', `this node holds no piece ${sha256}`)
  const held = (sha256: string) => {
    const size = store.sizeOf(idOf(sha256))
    if (size === undefined) throw notFound(sha256)
    return size
  }

  // The body of an upload reaches the handler as the request's stream, unread (no bodyLimit applies: the handler counts).
  app.register(async (uploads) => {
    uploads.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload))
    uploads.put<PieceRoute>('/v1/pieces/:sha256', { schema: { params: pieceParams, response: { 200: pieceAnswer, 201: pieceAnswer } } }, async (request, reply) => {
      const { sha256 } = request.params
      const body = request.body as Readable | undefined
      const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length'])
      let received = 0
      // The body as the store reads it: at most maxPieceBytes, and a refusal mid-way leaves the
      // request open (destroyOnReturn: false) so that the answer can still reach the client.
      async function* bytes(): AsyncGenerator<Uint8Array> {
        if (body === undefined) return
        for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
          received += chunk.length
          if (received > maxPieceBytes) throw tooLarge(maxPieceBytes)
          yield chunk
        }
      }
      try {
        if (declared !== undefined && declared > maxPieceBytes) throw tooLarge(maxPieceBytes)
        const outcome = await store.putStream(idOf(sha256), bytes(), declared)
        if (outcome === 'stored') await options.onStored?.(idOf(sha256))
        return reply.status(outcome === 'stored' ? 201 : 200).send({ sha256, size: received })
      } catch (error) {
        // A client that went away has no one to answer.
        if (request.raw.socket.destroyed) {
          request.log.debug({ sha256, received }, 'upload abandoned by the client')
          return reply.hijack()
        }
        if (body !== undefined) discardRest(body, maxPieceBytes)
        throw error
      }
    })
  })

  app.get<PieceRoute>('/v1/pieces/:sha256', { exposeHeadRoute: false, schema: { params: pieceParams } }, async (request, reply) => {
    const { sha256 } = request.params
    const size = held(sha256)
    let range: ReturnType<typeof byteRangeOf>
    try {
      range = byteRangeOf(request.headers.range, size)
    } catch (error) {
      void reply.header('content-range', `bytes */${size}`)
      throw error
    }
    const bytes = await store.read(idOf(sha256), range)
    if (bytes === undefined) throw notFound(sha256)
    void reply.header('content-type', 'application/octet-stream').header('accept-ranges', 'bytes')
    if (range !== undefined) void reply.status(206).header('content-range', `bytes ${range.offset}-${range.offset + range.length - 1}/${size}`)
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  })

  app.head<PieceRoute>('/v1/pieces/:sha256', { schema: { params: pieceParams } }, async (request, reply) => {
    const size = held(request.params.sha256)
    return reply.header('content-type', 'application/octet-stream').header('content-length', size).header('accept-ranges', 'bytes').send()
  })

  app.delete<PieceRoute>('/v1/pieces/:sha256', { schema: { params: pieceParams, response: { 200: pieceAnswer } } }, async (request) => {
    const { sha256 } = request.params
    const size = held(sha256)
    if (!(await authorize({ action: 'delete', id: idOf(sha256), headers: request.headers }))) {
      throw new DeviceError('PINION_ERR_PIECE_DELETE_REFUSED', `this node may not delete piece ${sha256} yet`)
    }
    if (!store.remove(idOf(sha256))) throw notFound(sha256)
    options.onRemoved?.(idOf(sha256))
    return { sha256, size }
  })

  app.get('/v1/capacity', { schema: { response: { 200: capacityAnswer } } }, async () => {
    const { bytes, pieces } = store.usage()
    const claim = { deviceId, quotaBytes: store.quotaBytes, usedBytes: bytes, pieces, atMs: now() }
    return options.signer === undefined ? claim : { ...claim, signature: bytesToHex(options.signer(capacityClaimMessage(claim))) }
  })

  app.get('/v1/health', { schema: { response: { 200: healthAnswer } } }, async () => ({ status: 'ok', deviceId }))

  return app
}

/** A running storage node: where it listens, and how to stop it. */
type RunningStorageNode = { url: string; close(): Promise<void> }

/** Starts a storage node's HTTP API (buildStorageNodeApp) on `host`:`port` (0: any free port); `url` says where it listens. */
export async function startStorageNode(options: StorageNodeOptions & { host: string; port: number }): Promise<RunningStorageNode> {
  const app = buildStorageNodeApp(options)
  const url = await app.listen({ host: options.host, port: options.port })
  return { url, close: () => app.close() }
}

const tooLarge = (maxPieceBytes: number) => new PinionError('PINION_ERR_BODY_TOO_LARGE', `a piece is at most ${maxPieceBytes} bytes on this node`)

/**
 * Reads and drops what is left of a refused upload, so that the client, still sending, reads the
 * answer instead of a reset connection. Past `limit` more bytes the connection is closed instead: a
 * client cannot make the node read forever.
 */
function discardRest(body: Readable, limit: number): void {
  if (body.readableEnded || body.destroyed) return
  let dropped = 0
  body.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > limit) body.destroy()
  })
  body.resume()
}
