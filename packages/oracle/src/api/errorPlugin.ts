import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { PinionError } from '@pinion/protocol'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { ERROR_CODES, type ErrorBody, OracleError, type OracleErrorCode, isOracleErrorCode } from '../errors.ts'

/*
 * One mapping from anything a request can fail with to the oracle's answer, `{ code, message }`
 * with the code's status from ERROR_CODES, for ingest and the read API alike. Every code answered
 * here is in ERROR_CODES and ERRORS.md. Wire it with:
 *
 *   const app = Fastify({ ...yourOptions, ...pinionServerOptions })   // errors before routing
 *   useErrorHandling(app)                                             // route errors and 404s
 */

export type ErrorHandlingOptions = {
  /** Called with every error answered 500, besides request.log (e.g. a service's own log). */
  onInternalError?: ((error: unknown, request: FastifyRequest) => void) | undefined
}

/** Fastify's own request errors, by their codes, as ours (schema failures: validationAnswer). */
const FASTIFY_CODES: Readonly<Record<string, OracleErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PINION_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PINION_ERR_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PINION_ERR_MALFORMED_BODY',
  FST_ERR_BAD_URL: 'PINION_ERR_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'PINION_ERR_URI_TOO_LONG',
  FST_ERR_NOT_FOUND: 'PINION_ERR_NOT_FOUND',
}

/**
 * The code a schema failure of a path parameter or query value answers with, by the value's name
 * (the names schemas.ts gives each kind of value). Other query values: PINION_ERR_BAD_QUERY.
 */
const FIELD_CODES: Readonly<Record<string, OracleErrorCode>> = {
  epoch: 'PINION_ERR_BAD_EPOCH',
  deviceId: 'PINION_ERR_BAD_DEVICE_ID',
  address: 'PINION_ERR_BAD_ADDRESS',
  resolution: 'PINION_ERR_BAD_RESOLUTION',
  dealId: 'PINION_ERR_BAD_DEAL_ID',
}

/** The longest path parameter the router accepts (Fastify's default): a device id has 66 characters. */
const MAX_PARAM_LENGTH = 100

/** Values quoted in messages are cut to this many characters. */
const QUOTED_LENGTH = 80

/** Maps an error to the response the oracle sends: the code's status, `{ code, message }`. */
export function errorResponse(error: unknown, request?: FastifyRequest): { status: number; body: ErrorBody } {
  const answer = (code: OracleErrorCode, message: string) => ({ status: ERROR_CODES[code].status, body: { code, message } })
  if (error instanceof OracleError) {
    const answered = answer(error.code, error.message)
    // A refusal that knows when to come back says so (the JetStream ingest's 503).
    return error.retryAfterMs === undefined ? answered : { status: answered.status, body: { ...answered.body, retryAfterMs: error.retryAfterMs } }
  }
  // Another package's error carrying one of our codes; any other code is not the client's doing.
  if (error instanceof PinionError) return isOracleErrorCode(error.code) ? answer(error.code, error.message) : internal()
  const fastifyError = error as Partial<FastifyError> | null
  const code = typeof fastifyError?.code === 'string' ? fastifyError.code : undefined
  if (code === 'FST_ERR_VALIDATION') return validationAnswer(fastifyError as FastifyError, request)
  const mapped = code === undefined ? undefined : FASTIFY_CODES[code]
  if (mapped !== undefined) return answer(mapped, (request === undefined ? undefined : fastifyMessage(code as string, request)) ?? fastifyError?.message ?? mapped)
  // Any other request error of Fastify's (4xx): the request is at fault, in a way we did not name.
  const status = fastifyError?.statusCode
  if (code?.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) {
    return answer('PINION_ERR_BAD_REQUEST', fastifyError?.message ?? 'bad request')
  }
  return internal()
}

/** Fastify's messages for its errors, where they do not name the offending value: ones that do. */
function fastifyMessage(fastifyCode: string, request: FastifyRequest): string | undefined {
  if (fastifyCode === 'FST_ERR_MAX_PARAM_LENGTH') return `a segment of the path ${quoted(request.url)} is longer than ${MAX_PARAM_LENGTH} characters`
  if (fastifyCode === 'FST_ERR_BAD_URL') return `the path ${quoted(request.url)} is not valid percent-encoding`
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return `the body is larger than this route accepts (${request.routeOptions.bodyLimit} bytes)`
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return `content type ${quoted(request.headers['content-type'] ?? '')} is not one this route accepts`
  return undefined
}

/** A value for a message: in quotes, cut to QUOTED_LENGTH characters. */
function quoted(value: string): string {
  return `"${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value}"`
}

function internal(): { status: number; body: ErrorBody } {
  return { status: ERROR_CODES.PINION_ERR_INTERNAL.status, body: { code: 'PINION_ERR_INTERNAL', message: 'internal error; nothing was acknowledged' } }
}

/** A schema failure as the code of the value that failed, with a message naming it and what was expected. */
function validationAnswer(error: FastifyError, request: FastifyRequest | undefined): { status: number; body: ErrorBody } {
  const part = error.validationContext
  const first = error.validation?.[0]
  const field = first?.instancePath.split('/')[1] || (first?.params.missingProperty as string | undefined)
  const invalid = request === undefined || field === undefined ? undefined : invalidValue(request, part, field)
  const code = invalid?.code ?? (part === 'body' ? 'PINION_ERR_MALFORMED_BODY' : part === 'querystring' ? 'PINION_ERR_BAD_QUERY' : 'PINION_ERR_BAD_REQUEST')
  return { status: ERROR_CODES[code].status, body: { code, message: invalid?.message ?? error.message } }
}

/**
 * The error for a path parameter, query value or body field that is not valid: the field's code
 * (FIELD_CODES; PINION_ERR_BAD_QUERY for other query values) and a message quoting the value as
 * sent and the route schema's `description` of what was expected.
 */
export function invalidValue(request: FastifyRequest, part: string | undefined, field: string): OracleError {
  const code: OracleErrorCode =
    part === 'body'
      ? 'PINION_ERR_MALFORMED_BODY'
      : ((part === 'params' || part === 'querystring' ? FIELD_CODES[field] : undefined) ?? (part === 'querystring' ? 'PINION_ERR_BAD_QUERY' : 'PINION_ERR_BAD_REQUEST'))
  const value = rawValue(request, part, field)
  const expected = describedExpectation(request, part, field)
  const what = value === undefined ? `${field} is missing or not valid` : `${field} ${value} is not valid`
  return new OracleError(code, expected === undefined ? what : `${what}: expected ${expected}`)
}

/** The `description` the route's schema gives the field: what a valid value is, in words. */
function describedExpectation(request: FastifyRequest, part: string | undefined, field: string): string | undefined {
  const schema = request.routeOptions.schema as Record<string, { properties?: Record<string, { description?: unknown }> } | undefined> | undefined
  const description = part === undefined ? undefined : schema?.[part]?.properties?.[field]?.description
  return typeof description === 'string' ? description : undefined
}

/** The value as the client sent it (before any coercion), quoted and cut short. */
function rawValue(request: FastifyRequest, part: string | undefined, field: string): string | undefined {
  let values: string[] = []
  if (part === 'params') {
    const value = (request.params as Record<string, unknown> | undefined)?.[field]
    if (typeof value === 'string') values = [value]
  } else if (part === 'querystring') {
    const at = request.url.indexOf('?')
    values = at === -1 ? [] : new URLSearchParams(request.url.slice(at + 1)).getAll(field)
  }
  if (values.length === 0) return undefined
  return values.map(quoted).join(', ')
}

/**
 * The decorator useErrorHandling leaves on a server, so a plugin registered in it (ingest) can tell
 * that the server's handler already answers its errors (Fastify binds handlers, so the handler
 * itself cannot be recognised; decorators are inherited by every plugin of the server).
 */
const HANDLED = 'pinionErrorHandling'

/** Whether `app`, or the server it is registered in, answers errors with useErrorHandling's handler. */
export function hasPinionErrorHandler(app: FastifyInstance): boolean {
  return app.hasDecorator(HANDLED)
}

/** The error handler: the mapped answer; 500s are logged with their stack and cause. */
export function errorHandler(options: ErrorHandlingOptions = {}) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = errorResponse(error, request)
    if (body.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.ceil(body.retryAfterMs / 1000)))
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      options.onInternalError?.(error, request)
    }
    return reply.status(status).send(body)
  }
}

/** No route at this method and path: 404 PINION_ERR_NOT_FOUND, in the same format as every error. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.length > QUOTED_LENGTH ? `${request.url.slice(0, QUOTED_LENGTH)}…` : request.url
  return reply.status(404).send({ code: 'PINION_ERR_NOT_FOUND', message: `no route answers ${request.method} ${path}` } satisfies ErrorBody)
}

/** The error handler and the not-found handler, on `app` and every plugin it registers (those without their own). */
export function useErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler(errorHandler(options))
  app.setNotFoundHandler(notFoundHandler)
  app.decorate(HANDLED, true)
}

/**
 * Errors Fastify answers before a route runs (a path that is not valid percent-encoding, a
 * parameter over MAX_PARAM_LENGTH): the same mapping.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorResponse(error, request)
  void reply.status(status).send(body)
}

/** Errors of the HTTP connection, before there is a request (Node's parser): answered in our format, then closed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code: OracleErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'PINION_ERR_REQUEST_TIMEOUT' : error.code === 'HPE_HEADER_OVERFLOW' ? 'PINION_ERR_HEADERS_TOO_LARGE' : 'PINION_ERR_BAD_REQUEST'
  const message =
    code === 'PINION_ERR_REQUEST_TIMEOUT'
      ? 'the request did not arrive in time'
      : code === 'PINION_ERR_HEADERS_TOO_LARGE'
        ? 'the request headers are larger than the server accepts'
        : `the request is not valid HTTP/1.1 (${error.code ?? error.message})`
  const body = JSON.stringify({ code, message } satisfies ErrorBody)
  const { status } = ERROR_CODES[code]
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/** Server options every oracle server is created with, so errors before routing answer in our format too. */
export const pinionServerOptions: {
  routerOptions: { maxParamLength: number }
  frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']>
  clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']>
} = {
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  frameworkErrors: frameworkErrors as NonNullable<FastifyServerOptions['frameworkErrors']>,
  clientErrorHandler,
}
