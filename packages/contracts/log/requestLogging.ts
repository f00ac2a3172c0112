import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify'
import type { Logger } from 'pino'

/** The header a request id comes in on (from a proxy or a client) and goes back out on. */
export const REQUEST_ID_HEADER = 'x-request-id'

/**
 * An incoming id is used when it is short and made of characters that are safe in a log line and a
 * header (UUIDs, ULIDs, base64, a proxy's `host:port/n`); anything else — overlong, control
 * characters, a list — is replaced, so a client cannot forge or flood log lines through it.
 */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:/+=@-]{1,128}$/

/** The request's id: the client's `x-request-id` when it is sane, a fresh UUID otherwise. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID()
}

/**
 * The levels of Fastify's own per-request lines. Fastify writes two lines at info for every request
 * (incoming, completed): at ingest rates — thousands of reports a second — that would be most of an
 * oracle's output. Here one line per request, when it completes, at debug whatever its status: a
 * 2xx/3xx is the service working, and 4xx answers (bad signatures, duplicates, throttled devices,
 * unknown routes) are the clients' doing, come at ingest rates and could be sent on purpose to flood
 * the log; `--log-level debug` shows them. A 5xx is the server's fault: Pinion's error handlers log
 * it at error with its stack, cause and request id, once, which is what alerting watches.
 */
class PinionLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    // An error here happened after the answer was chosen (a failing onSend hook, a broken stream).
    if (error) reply.log.error({ err: error, status: reply.statusCode }, 'request errored')
    else reply.log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed')
  }

  override routeNotFound(): void {}

  override defaultErrorLog(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ err: error }, 'request failed')
  }
}

/** Fastify options of every Pinion server: `logger` as its logger, request ids, request lines as PinionLogController sets. */
export function serverLogOptions(logger: Logger): Pick<FastifyServerOptions, 'loggerInstance' | 'genReqId' | 'logController'> {
  return {
    loggerInstance: logger,
    genReqId: (request) => requestIdFrom(request.headers),
    logController: new PinionLogController({ requestIdLogLabel: 'reqId' }),
  }
}

/** Returns each request's id in the `x-request-id` response header, so a client can quote it. */
export function returnRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
  })
}
