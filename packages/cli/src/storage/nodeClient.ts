import { createHash } from 'node:crypto'
import type { CapacityClaim } from '@pinion/device'
import { type Hex, isHex } from 'viem'
import { StorageError, type StorageErrorCode } from './storageErrors.ts'

/*
 * A customer's side of a storage node's HTTP API (packages/device/src/storage/nodeServer.ts), over
 * Node's fetch. Pieces are named by their SHA-256: 64 lower-case hex digits, with or without 0x (a
 * file's manifest holds them with it). Every call gives up after `timeoutMs` (AbortSignal.timeout),
 * or when `signal` aborts, whichever comes first. No call trusts the node: a piece read whole is
 * hashed before it is returned, and answers are checked against the API's shapes.
 */

/** How long a call waits for a node's whole answer by default: a piece of a few MiB over a slow link. */
const DEFAULT_NODE_TIMEOUT_MS = 30_000

export type NodeRequestOptions = {
  /** Aborts the call (e.g. the upload it is part of was cancelled). */
  signal?: AbortSignal | undefined
  /** Gives up after this many milliseconds, body included. Default 30 s. */
  timeoutMs?: number | undefined
}

/** Part of a piece: `length` bytes from `offset` (a stripe an audit asks for). */
type PieceRange = { offset: number; length: number }

/** A node's capacity claim, with its device key's signature when the node signs (verifyCapacityClaim in @pinion/device checks it). */
export type NodeCapacity = CapacityClaim & { signature?: Hex }

/** A failed call to a storage node: the code says what to do; `status` and `nodeCode` say what the node answered, if it answered. */
export class NodeRequestError extends StorageError {
  readonly status: number | undefined
  readonly nodeCode: string | undefined

  constructor(code: StorageErrorCode, message: string, answered: { status?: number | undefined; nodeCode?: string | undefined; cause?: unknown } = {}) {
    super(code, message, answered.cause === undefined ? {} : { cause: answered.cause })
    this.status = answered.status
    this.nodeCode = answered.nodeCode
  }
}

/**
 * Stores `bytes` as piece `sha256` on the node: `stored` is false when the node already held it
 * (idempotent: sending a piece again is safe). PINION_ERR_STORAGE_NODE_REFUSED with the node's code
 * (PINION_ERR_PIECE_HASH, PINION_ERR_PIECE_QUOTA, PINION_ERR_BODY_TOO_LARGE), or
 * PINION_ERR_STORAGE_NODE_UNAVAILABLE.
 */
export async function putPiece(nodeUrl: string, sha256: string, bytes: Uint8Array, options: NodeRequestOptions = {}): Promise<{ size: number; stored: boolean }> {
  const id = pieceIdOf(sha256)
  const url = pieceUrl(nodeUrl, id)
  const response = await call(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes }, options)
  if (response.status !== 201 && response.status !== 200) throw await refusal(url, response)
  const body = await jsonOf(url, response, options)
  if (!isRecord(body) || body.sha256 !== id || body.size !== bytes.length) {
    throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `PUT ${url} answered ${JSON.stringify(body)?.slice(0, 200)}, not {"sha256":"${id}","size":${bytes.length}}`, {
      status: response.status,
    })
  }
  return { size: bytes.length, stored: response.status === 201 }
}

/**
 * Piece `sha256`'s bytes from the node, or `range` of them (exactly those bytes, or an error). A whole
 * piece is returned only if it hashes to its id; a range cannot be checked that way (an auditor checks
 * it against the stripe's own hash), only its length and place. Any failure is
 * PINION_ERR_STORAGE_PIECE_UNAVAILABLE, with the node's code in the message when it answered one.
 */
export async function getPiece(nodeUrl: string, sha256: string, options: NodeRequestOptions & { range?: PieceRange | undefined } = {}): Promise<Uint8Array> {
  const id = pieceIdOf(sha256)
  const url = pieceUrl(nodeUrl, id)
  const { range } = options
  if (range !== undefined && (!Number.isSafeInteger(range.offset) || !Number.isSafeInteger(range.length) || range.offset < 0 || range.length < 1)) {
    throw new StorageError('PINION_ERR_STORAGE_BAD_PIECE_REQUEST', `a range of piece ${id} is a whole offset ≥ 0 and a length ≥ 1, not ${JSON.stringify(range)}`)
  }
  const unavailable = (why: string, answered: { status?: number | undefined; nodeCode?: string | undefined; cause?: unknown } = {}) =>
    new NodeRequestError('PINION_ERR_STORAGE_PIECE_UNAVAILABLE', `piece ${id} from ${nodeUrl}: ${why}`, answered)
  try {
    const headers = range === undefined ? undefined : { range: `bytes=${range.offset}-${range.offset + range.length - 1}` }
    const response = await call(url, { method: 'GET', ...(headers === undefined ? {} : { headers }) }, options)
    const expected = range === undefined ? 200 : 206
    if (response.status !== expected) {
      const { status, nodeCode, message } = await errorOf(response)
      throw unavailable(`answered ${status}${nodeCode === undefined ? '' : ` ${nodeCode}`}: ${message}`, { status, nodeCode })
    }
    const bytes = new Uint8Array(await bodyOf(url, response, options))
    if (range === undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex')
      if (actual !== id) throw unavailable(`the ${bytes.length} bytes it sent hash to ${actual}`, { status: response.status })
    } else {
      const contentRange = response.headers.get('content-range') ?? ''
      const asked = `bytes ${range.offset}-${range.offset + range.length - 1}/`
      if (!contentRange.startsWith(asked) || bytes.length !== range.length) {
        throw unavailable(`asked for ${asked}…, it sent ${bytes.length} bytes as ${JSON.stringify(contentRange)}`, { status: response.status })
      }
    }
    return bytes
  } catch (error) {
    if (error instanceof NodeRequestError && error.code === 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE') throw error
    // No usable answer (unreachable, timed out, a body cut short): the piece is unavailable from this node.
    throw unavailable(error instanceof Error ? error.message : String(error), {
      ...(error instanceof NodeRequestError ? { status: error.status, nodeCode: error.nodeCode } : {}),
      cause: error,
    })
  }
}

/** Whether the node says it holds piece `sha256` (HEAD: it reads no bytes, so a corrupt piece still counts; getPiece tells). */
export async function hasPiece(nodeUrl: string, sha256: string, options: NodeRequestOptions = {}): Promise<boolean> {
  const url = pieceUrl(nodeUrl, pieceIdOf(sha256))
  const response = await call(url, { method: 'HEAD' }, options)
  if (response.status === 200) return true
  if (response.status === 404) return false
  throw await refusal(url, response)
}

/** Deletes piece `sha256` from the node: whether it held it. PINION_ERR_STORAGE_NODE_REFUSED with PINION_ERR_PIECE_DELETE_REFUSED when the node may not delete it yet. */
export async function deletePiece(nodeUrl: string, sha256: string, options: NodeRequestOptions = {}): Promise<boolean> {
  const id = pieceIdOf(sha256)
  const url = pieceUrl(nodeUrl, id)
  const response = await call(url, { method: 'DELETE' }, options)
  if (response.status === 200) {
    const body = await jsonOf(url, response, options)
    if (!isRecord(body) || body.sha256 !== id)
      throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `DELETE ${url} answered ${JSON.stringify(body)?.slice(0, 200)}`, { status: 200 })
    return true
  }
  const refused = await refusal(url, response)
  if (refused.nodeCode === 'PINION_ERR_PIECE_NOT_FOUND') return false
  throw refused
}

/** The node's capacity claim (`GET /v1/capacity`), its shape checked; its signature, if any, is the caller's to verify. */
export async function capacity(nodeUrl: string, options: NodeRequestOptions = {}): Promise<NodeCapacity> {
  const url = `${baseOf(nodeUrl)}/v1/capacity`
  const response = await call(url, { method: 'GET' }, options)
  if (response.status !== 200) throw await refusal(url, response)
  const body = await jsonOf(url, response, options)
  const whole = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0
  if (
    !isRecord(body) ||
    typeof body.deviceId !== 'string' ||
    !isHex(body.deviceId, { strict: true }) ||
    body.deviceId.length !== 66 ||
    !['quotaBytes', 'usedBytes', 'pieces', 'atMs'].every((field) => whole(body[field])) ||
    (body.signature !== undefined && (typeof body.signature !== 'string' || !isHex(body.signature, { strict: true })))
  ) {
    throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `GET ${url} answered ${JSON.stringify(body)?.slice(0, 200)}, not a capacity claim`, { status: 200 })
  }
  const claim: NodeCapacity = {
    deviceId: body.deviceId as Hex,
    quotaBytes: body.quotaBytes as number,
    usedBytes: body.usedBytes as number,
    pieces: body.pieces as number,
    atMs: body.atMs as number,
  }
  return body.signature === undefined ? claim : { ...claim, signature: body.signature as Hex }
}

/** A piece id as the node's paths name it: 64 lower-case hex digits. */
function pieceIdOf(sha256: string): string {
  const match = /^(?:0x)?([0-9a-f]{64})$/.exec(sha256)
  if (match === null) throw new StorageError('PINION_ERR_STORAGE_BAD_PIECE_REQUEST', `piece id ${JSON.stringify(sha256.slice(0, 80))} is not a SHA-256 as 64 lower-case hex digits`)
  return match[1]!
}

/** The node's URL without a trailing slash: a node may sit under a path (behind a proxy). */
const baseOf = (nodeUrl: string) => nodeUrl.replace(/\/+$/, '')
const pieceUrl = (nodeUrl: string, id: string) => `${baseOf(nodeUrl)}/v1/pieces/${id}`

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The call's signal: the caller's, and the timeout. */
function signalOf(options: NodeRequestOptions): AbortSignal {
  const ms = options.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS
  const controller = new AbortController()
  // A timer of our own, not AbortSignal.timeout: Node may collect that signal inside AbortSignal.any
  // before it fires (nodejs/node#57736), and the request then waits forever; the timer's closure
  // keeps this controller alive until it fires. Unref'd: a request that finished leaves nothing
  // holding the process.
  setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms).unref()
  return options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal])
}

/** The node's response, or PINION_ERR_STORAGE_NODE_UNAVAILABLE when it gave none (the response's body is read under the same signal). */
async function call(url: string, init: RequestInit, options: NodeRequestOptions): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: signalOf(options) })
  } catch (cause) {
    throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `${init.method} ${url}: ${noAnswer(cause, options)}`, { cause })
  }
}

/** Why there was no answer, in words: a timeout, the caller's abort, or the network's error. */
function noAnswer(cause: unknown, options: NodeRequestOptions): string {
  const name = (cause as { name?: unknown } | null)?.name
  if (name === 'TimeoutError') return `no answer within ${options.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS} ms`
  if (name === 'AbortError') return 'aborted by the caller'
  const detail = (cause as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
  return `no answer (${String(detail?.code ?? detail?.message ?? (cause instanceof Error ? cause.message : cause))})`
}

async function bodyOf(url: string, response: Response, options: NodeRequestOptions): Promise<ArrayBuffer> {
  try {
    return await response.arrayBuffer()
  } catch (cause) {
    throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `${url}: the answer was cut short: ${noAnswer(cause, options)}`, { status: response.status, cause })
  }
}

async function jsonOf(url: string, response: Response, options: NodeRequestOptions): Promise<unknown> {
  const text = new TextDecoder().decode(await bodyOf(url, response, options))
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new NodeRequestError('PINION_ERR_STORAGE_NODE_UNAVAILABLE', `${url} answered ${response.status} with a body that is not JSON`, { status: response.status, cause })
  }
}

/** What an error answer says: the node's `{ code, message }` when it is one. */
async function errorOf(response: Response): Promise<{ status: number; nodeCode: string | undefined; message: string }> {
  const text = await response.text().catch(() => '')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  const nodeCode = isRecord(body) && typeof body.code === 'string' && body.code.startsWith('PINION_ERR_') ? body.code : undefined
  const message = isRecord(body) && typeof body.message === 'string' ? body.message : text.slice(0, 200) || response.statusText
  return { status: response.status, nodeCode, message }
}

/**
 * An error answer as an error: PINION_ERR_STORAGE_NODE_REFUSED for the node's refusals (4xx, and 507
 * when its quota is full), PINION_ERR_STORAGE_NODE_UNAVAILABLE for its failures (other 5xx) and for
 * answers that are not errors of its API.
 */
async function refusal(url: string, response: Response): Promise<NodeRequestError> {
  const { status, nodeCode, message } = await errorOf(response)
  const refused = (status >= 400 && status < 500) || status === 507
  const code = refused && nodeCode !== undefined ? 'PINION_ERR_STORAGE_NODE_REFUSED' : 'PINION_ERR_STORAGE_NODE_UNAVAILABLE'
  return new NodeRequestError(code, `${url} answered ${status}${nodeCode === undefined ? '' : ` ${nodeCode}`}: ${message}`, { status, nodeCode })
}
