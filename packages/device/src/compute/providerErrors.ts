import { SERVER_ERROR_CODES, lookupErrorCode, pinionCodeOf } from '@pinion/protocol'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { DEVICE_ERROR_CODES } from '../errors.ts'
import { nodeServerOptions } from '../storage/nodeErrorPlugin.ts'

/*
 * A compute provider node's answer to anything a request can fail with: `{ code, message }` with the
 * code's status, from the device's codes that carry one (PINION_ERR_COMPUTE_*) and the codes every
 * Pinion server answers for the request itself (protocol's SERVER_ERROR_CODES), as the storage node
 * answers (storage/nodeErrorPlugin.ts, whose connection-level handler it shares); only what a bad
 * path or body is called differs.
 */

const ANSWERED = [DEVICE_ERROR_CODES, SERVER_ERROR_CODES] as const

const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PINION_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_NOT_FOUND: 'PINION_ERR_NOT_FOUND',
}

const QUOTED_LENGTH = 80
const quoted = (value: string) => `"${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value}"`

function providerErrorResponse(error: unknown, request?: FastifyRequest): { status: number; body: { code: string; message: string } } {
  const answer = (code: string, message: string) => ({ status: lookupErrorCode(code, ANSWERED)?.status ?? 500, body: { code, message } })
  const pinionCode = pinionCodeOf(error)
  if (pinionCode !== undefined) return lookupErrorCode(pinionCode, ANSWERED)?.status === undefined ? internal() : answer(pinionCode, (error as Error).message)
  const fastifyError = error as Partial<FastifyError> | null
  const code = typeof fastifyError?.code === 'string' ? fastifyError.code : undefined
  const message = fastifyError?.message ?? 'bad request'
  if (code === 'FST_ERR_VALIDATION') {
    // A job's body that is not { manifest, module, inputs } of base64 is a malformed job; any other part of a request, a bad request.
    const isJob = fastifyError?.validationContext === 'body' && request?.method === 'PUT'
    return answer(isJob ? 'PINION_ERR_COMPUTE_JOB_INVALID' : 'PINION_ERR_BAD_REQUEST', `${request?.method ?? ''} ${quoted(request?.url ?? '')}: ${message}`.trim())
  }
  const mapped = code === undefined ? undefined : FASTIFY_CODES[code]
  if (mapped !== undefined) return answer(mapped, message)
  // Any other request error (a body that is not JSON, a parameter too long): the request is at fault.
  const status = fastifyError?.statusCode
  if (status !== undefined && status >= 400 && status < 500) return answer('PINION_ERR_BAD_REQUEST', message)
  return internal()
}

const internal = () => ({ status: 500, body: { code: 'PINION_ERR_INTERNAL', message: 'internal error; nothing was acknowledged' } })

/** The error handler: the mapped answer; 5xx are logged with their stack and cause. */
export function providerErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = providerErrorResponse(error, request)
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  return reply.status(status).send(body)
}

/** No route at this method and path: 404 PINION_ERR_NOT_FOUND. */
export function providerNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ code: 'PINION_ERR_NOT_FOUND', message: `no route answers ${request.method} ${quoted(request.url)}` })
}

/** Server options a provider node is created with, so errors before routing answer in its format too. */
export const providerServerOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: ((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = providerErrorResponse(error, request)
    void reply.status(status).send(body)
  }) as NonNullable<FastifyServerOptions['frameworkErrors']>,
  clientErrorHandler: nodeServerOptions.clientErrorHandler,
}
