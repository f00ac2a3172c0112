import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { EXPLORER_ANSWERS, ExplorerError, type ExplorerErrorCode } from './errors.ts'

/*
 * The explorer server's answer to anything a request can fail with: `{ code, message }` with the
 * code's status from EXPLORER_ANSWERS (/rpc wraps the same in a JSON-RPC error, rpcProxy.ts).
 * The oracle has the same mapping for its own table (packages/oracle/src/api/errorPlugin.ts); the
 * explorer depends on no oracle code, so it keeps its own.
 */

export type ErrorBody = { code: ExplorerErrorCode; message: string }

/** Fastify's own request errors, by their codes, as ours. */
const FASTIFY_CODES: Readonly<Record<string, ExplorerErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PINION_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PINION_ERR_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PINION_ERR_MALFORMED_JSON',
  FST_ERR_BAD_URL: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_NOT_FOUND: 'PINION_ERR_NOT_FOUND',
}

/** Values quoted in messages are cut to this many characters. */
const QUOTED_LENGTH = 80

/** A value for a message: in quotes, cut to QUOTED_LENGTH characters. */
export function quoted(value: string): string {
  return `"${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value}"`
}

/** Maps an error to the explorer's answer: the code's status and `{ code, message }`; unexpected errors never leak their message. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  const answer = (code: ExplorerErrorCode, message: string) => ({ status: EXPLORER_ANSWERS[code].status, body: { code, message } })
  if (error instanceof ExplorerError) return answer(error.code, error.message)
  const fastifyError = error as Partial<FastifyError> | null
  const code = typeof fastifyError?.code === 'string' ? fastifyError.code : undefined
  const mapped = code === undefined ? undefined : FASTIFY_CODES[code]
  if (mapped !== undefined) return answer(mapped, fastifyError?.message ?? mapped)
  // Any other request error of Fastify's (4xx): the request is at fault, in a way we did not name.
  const status = fastifyError?.statusCode
  if (code?.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) return answer('PINION_ERR_BAD_REQUEST', fastifyError?.message ?? 'bad request')
  return answer('PINION_ERR_INTERNAL', 'internal error')
}

/** The error handler: the mapped answer; 500s are logged with their stack and cause. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = errorResponse(error)
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  return reply.status(status).send(body)
}

/** No route at this method and path: 404 PINION_ERR_NOT_FOUND. */
export function notFoundAnswer(request: FastifyRequest): ErrorBody {
  return { code: 'PINION_ERR_NOT_FOUND', message: `nothing at ${request.method} ${quoted(request.url)}` }
}

/** Errors Fastify answers before a route runs (a path that is not valid percent-encoding): the same mapping. */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorResponse(error)
  void reply.status(status).send(body)
}

/** Errors of the HTTP connection, before there is a request (Node's parser): answered in our format, then closed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code: ExplorerErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'PINION_ERR_REQUEST_TIMEOUT' : error.code === 'HPE_HEADER_OVERFLOW' ? 'PINION_ERR_HEADERS_TOO_LARGE' : 'PINION_ERR_BAD_REQUEST'
  const message =
    code === 'PINION_ERR_REQUEST_TIMEOUT'
      ? 'the request did not arrive in time'
      : code === 'PINION_ERR_HEADERS_TOO_LARGE'
        ? 'the request headers are larger than the server accepts'
        : `the request is not valid HTTP/1.1 (${error.code ?? error.message})`
  const body = JSON.stringify({ code, message } satisfies ErrorBody)
  const { status } = EXPLORER_ANSWERS[code]
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/** Server options the explorer is created with, so errors before routing answer in its format too. */
export const explorerServerOptions: {
  frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']>
  clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']>
} = {
  frameworkErrors: frameworkErrors as NonNullable<FastifyServerOptions['frameworkErrors']>,
  clientErrorHandler,
}
