import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { SERVER_ERROR_CODES, lookupErrorCode, pinionCodeOf } from '@pinion/protocol'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { DEVICE_ERROR_CODES } from '../errors.ts'

/*
 * A storage node's answer to anything a request can fail with: `{ code, message }` with the code's
 * status, from the device's codes that carry one (PINION_ERR_PIECE_*) and the codes every Pinion
 * server answers for the request itself (protocol's SERVER_ERROR_CODES). The oracle and the explorer
 * keep the same mapping for their own tables (packages/oracle/src/api/errorPlugin.ts); the device
 * may depend on neither, so it keeps its own.
 */

export type NodeErrorBody = { code: string; message: string }

const ANSWERED = [DEVICE_ERROR_CODES, SERVER_ERROR_CODES] as const

/** Fastify's own request errors, by their codes, as ours. The only path parameter is a piece id, so a long one is a bad id. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PINION_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_BAD_URL: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'PINION_ERR_BAD_PIECE_ID',
  FST_ERR_NOT_FOUND: 'PINION_ERR_NOT_FOUND',
}

/** Values quoted in messages are cut to this many characters. */
const QUOTED_LENGTH = 80

const quoted = (value: string) => `"${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value}"`

/** What a bad piece id in the path answers: the value sent, and what was expected. */
const badPieceId = (request: FastifyRequest | undefined) => {
  const sent = (request?.params as { sha256?: unknown } | undefined)?.sha256
  const what = typeof sent === 'string' ? `piece id ${quoted(sent)}` : `the piece id in ${quoted(request?.url ?? '')}`
  return `${what} is not valid: expected the piece's SHA-256 as 64 lower-case hex digits, without 0x`
}

/** Maps an error to the node's answer: the code's status and `{ code, message }`; unexpected errors never leak their message. */
function nodeErrorResponse(error: unknown, request?: FastifyRequest): { status: number; body: NodeErrorBody } {
  const answer = (code: string, message: string) => ({ status: lookupErrorCode(code, ANSWERED)?.status ?? 500, body: { code, message } })
  const pinionCode = pinionCodeOf(error)
  if (pinionCode !== undefined) {
    // Ours, with a status: the client's answer. Any other code (a key file, an outbox) is not the client's doing.
    return lookupErrorCode(pinionCode, ANSWERED)?.status === undefined ? internal() : answer(pinionCode, (error as Error).message)
  }
  const fastifyError = error as Partial<FastifyError> | null
  const code = typeof fastifyError?.code === 'string' ? fastifyError.code : undefined
  if (code === 'FST_ERR_VALIDATION' && fastifyError?.validationContext === 'params') return answer('PINION_ERR_BAD_PIECE_ID', badPieceId(request))
  const mapped = code === undefined ? undefined : FASTIFY_CODES[code]
  if (mapped === 'PINION_ERR_BAD_PIECE_ID') return answer(mapped, badPieceId(request))
  if (mapped !== undefined) return answer(mapped, fastifyError?.message ?? mapped)
  // Any other request error of Fastify's (4xx): the request is at fault, in a way we did not name.
  const status = fastifyError?.statusCode
  if (code?.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) return answer('PINION_ERR_BAD_REQUEST', fastifyError?.message ?? 'bad request')
  return internal()
}

function internal(): { status: number; body: NodeErrorBody } {
  return { status: 500, body: { code: 'PINION_ERR_INTERNAL', message: 'internal error; nothing was acknowledged' } }
}

/** The error handler: the mapped answer; 5xx are logged with their stack and cause, a full quota (507) as a warning for the operator. */
export function nodeErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = nodeErrorResponse(error, request)
  if (status === 507) request.log.warn({ code: body.code, message: body.message }, 'quota full')
  else if (status >= 500) request.log.error({ err: error }, 'request failed')
  return reply.status(status).send(body)
}

/** No route at this method and path: 404 PINION_ERR_NOT_FOUND (a piece the node does not hold is PINION_ERR_PIECE_NOT_FOUND). */
export function nodeNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ code: 'PINION_ERR_NOT_FOUND', message: `no route answers ${request.method} ${quoted(request.url)}` } satisfies NodeErrorBody)
}

/** Errors Fastify answers before a route runs (a path that is not valid percent-encoding, a parameter too long): the same mapping. */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = nodeErrorResponse(error, request)
  void reply.status(status).send(body)
}

/** Errors of the HTTP connection, before there is a request (Node's parser): answered in our format, then closed. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'PINION_ERR_REQUEST_TIMEOUT' : error.code === 'HPE_HEADER_OVERFLOW' ? 'PINION_ERR_HEADERS_TOO_LARGE' : 'PINION_ERR_BAD_REQUEST'
  const body = JSON.stringify({ code, message: `the request was not read (${error.code ?? error.message})` } satisfies NodeErrorBody)
  const { status } = SERVER_ERROR_CODES[code]
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/** Server options a storage node is created with, so errors before routing answer in its format too. */
export const nodeServerOptions: {
  frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']>
  clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']>
} = {
  frameworkErrors: frameworkErrors as NonNullable<FastifyServerOptions['frameworkErrors']>,
  clientErrorHandler,
}
