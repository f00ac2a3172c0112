import type { FastifyPluginAsync } from 'fastify'
import { errorHandler, errorResponse, hasPinionErrorHandler } from '../api/errorPlugin.ts'
import { errorBodySchema, ingestBatchResponse, ingestVerdictResponse } from '../api/responseSchemas.ts'
import { ERROR_CODES, type ErrorBody, OracleError, type OracleErrorCode } from '../errors.ts'
import type { IngestLimits } from './createIngest.ts'
import type { IngestResult } from './pipeline.ts'
import type { TokenBuckets } from './tokenBuckets.ts'
import { splitReportBatch } from './wire.ts'

const PROTOBUF_CONTENT_TYPES = ['application/x-protobuf', 'application/protobuf']

export type BatchResponse = {
  accepted: number
  duplicates: number
  rejected: number
  results: { index: number; status: IngestResult['status']; code?: OracleErrorCode }[]
}

type RouteDeps = {
  limits: IngestLimits
  ipBuckets: TokenBuckets | undefined
  /** The ingest's clock: read once per request, when it arrives. */
  clock: () => number
  submit: (reports: readonly Uint8Array[], arrivedMs: number) => Promise<IngestResult[]>
  /**
   * Told of every request refused as a whole, with its code: rate-limited clients, bodies too large
   * or not protobuf, malformed or oversized batches, the store unavailable (metrics).
   */
  onRequestRefused?: ((code: OracleErrorCode) => void) | undefined
}

/** When each request arrived, by the ingest's clock: timestamps are judged against this. */
const arrivals = new WeakMap<object, number>()

/**
 * POST /v1/reports (one SignedReport) and POST /v1/reports/batch (a ReportBatch), protobuf bodies.
 * Errors of the whole request answer {code, message} with the code's status (errors.ts); a batch
 * answers 200 with a verdict per report even when every report was rejected.
 */
export function ingestRoutes(deps: RouteDeps): FastifyPluginAsync {
  const { limits, ipBuckets, clock, submit, onRequestRefused } = deps
  const arrivedAt = (request: object) => arrivals.get(request) ?? clock()
  return async (app) => {
    // First of all hooks: a request that then waits for the body or the verifiers is still judged
    // by when it came.
    app.addHook('onRequest', async (request) => {
      arrivals.set(request, clock())
    })
    // Only protobuf here: anything else is a 415 before a byte of it is parsed.
    app.removeAllContentTypeParsers()
    app.addContentTypeParser(PROTOBUF_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
      const buffer = body as Buffer
      done(null, new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength))
    })
    // The server's own handler when it has one (startOracle's logs every 500 to the service log):
    // one handler for every route. Registered on a bare server (tests), ingest still answers in its format.
    if (!hasPinionErrorHandler(app)) app.setErrorHandler(errorHandler())
    if (onRequestRefused !== undefined) {
      app.addHook('onError', async (request, _reply, error) => {
        onRequestRefused(errorResponse(error, request).body.code)
      })
    }

    if (ipBuckets !== undefined) {
      // Before the body is read: a flooding client costs as little as possible.
      app.addHook('onRequest', async (request, reply) => {
        if (ipBuckets.take(request.ip)) return
        reply.header('retry-after', String(ipBuckets.retryAfterSeconds(request.ip)))
        throw new OracleError('PINION_ERR_RATE_LIMITED', `client ${request.ip} sent more requests than its rate allows`)
      })
    }

    // Response schemas: they serialise the answers and document them in the API reference (apiDocs.ts).
    const single = {
      description: 'Ingests one SignedReport (protobuf body). 200 once it is durably stored, or was already; a refusal answers its error code and status.',
      response: { 200: ingestVerdictResponse, '4xx': errorBodySchema, '5xx': errorBodySchema },
    }
    const batch = {
      description: 'Ingests a ReportBatch (protobuf body): 200 with a verdict per report, even when every report was refused.',
      response: { 200: ingestBatchResponse, '4xx': errorBodySchema, '5xx': errorBodySchema },
    }
    app.post('/v1/reports', { bodyLimit: limits.maxReportBytes, schema: single }, async (request, reply) => {
      const [result] = await submit([bodyBytes(request.body)], arrivedAt(request))
      if (result === undefined) throw new OracleError('PINION_ERR_INTERNAL', 'the report got no verdict')
      if (result.status === 'rejected') {
        return reply.status(ERROR_CODES[result.code].status).send({ code: result.code, message: result.message } satisfies ErrorBody)
      }
      return result
    })

    app.post('/v1/reports/batch', { bodyLimit: limits.maxBatchBytes, schema: batch }, async (request) => {
      const reports = splitReportBatch(bodyBytes(request.body))
      if (reports.length > limits.maxBatchReports) {
        throw new OracleError('PINION_ERR_BATCH_TOO_LARGE', `the batch holds ${reports.length} reports; at most ${limits.maxBatchReports} are accepted`)
      }
      return batchResponse(await submit(reports, arrivedAt(request)))
    })
  }
}

function bodyBytes(body: unknown): Uint8Array {
  // No body at all (and so no content type): the same as an empty one, which no report is.
  return body instanceof Uint8Array ? body : new Uint8Array(0)
}

function batchResponse(results: IngestResult[]): BatchResponse {
  const response: BatchResponse = { accepted: 0, duplicates: 0, rejected: 0, results: [] }
  results.forEach((result, index) => {
    if (result.status === 'accepted') response.accepted++
    else if (result.status === 'duplicate') response.duplicates++
    else response.rejected++
    response.results.push(result.status === 'rejected' ? { index, status: result.status, code: result.code } : { index, status: result.status })
  })
  return response
}
