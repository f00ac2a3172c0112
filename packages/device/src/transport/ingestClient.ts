import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { parseRetryAfter } from './backoff.ts'

/** `fetch` as the agent uses it; injectable for tests and for platforms with their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type ReportStatus = 'accepted' | 'duplicate' | 'rejected'

/** The oracle's answer for one report of a batch (`index` into the batch). */
export type IngestResult = { index: number; status: ReportStatus; code?: string }

/**
 * What one batch request came to:
 * - results: the oracle answered for every report;
 * - retry: nothing was decided (network error, 5xx, 429, an HTTP error without an oracle code, or
 *   an unreadable 200): send again later, after `retryAfterMs` when the oracle said so;
 * - rejected: the oracle refused the request itself with a permanent code (e.g. 413 BODY_TOO_LARGE).
 */
export type BatchOutcome =
  | { type: 'results'; results: IngestResult[] }
  | { type: 'retry'; code: string; message: string; retryAfterMs?: number }
  | { type: 'rejected'; code: string; message: string; httpStatus: number }

/** Codes that mean "not now" rather than "never", on a request or on one report. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['PINION_ERR_RATE_LIMITED'])

/** The ingest endpoint for batches (the oracle's HTTP contract; see packages/oracle). */
export const BATCH_PATH = '/v1/reports/batch'

/**
 * Encodes a ReportBatch from SignedReport bytes: field 1, length-delimited, once per report. The
 * same bytes `toBinary(ReportBatchSchema, …)` gives, without decoding and re-encoding each report,
 * so a retried report is byte-identical and the oracle can recognise it as a duplicate.
 */
export function encodeReportBatch(reports: readonly Uint8Array[]): Uint8Array {
  const writer = new BinaryWriter()
  for (const report of reports) writer.tag(1, WireType.LengthDelimited).bytes(report)
  return writer.finish()
}

export type PostBatchOptions = { fetch: FetchLike; nowMs: number; signal: AbortSignal; timeoutMs: number }

/** Sends one batch to `oracle` and classifies the answer. Never throws for anything the network or the oracle does. */
export async function postBatch(oracle: string, reports: readonly Uint8Array[], options: PostBatchOptions): Promise<BatchOutcome> {
  let response: Response
  let text: string
  try {
    response = await options.fetch(`${oracle}${BATCH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', accept: 'application/json' },
      body: encodeReportBatch(reports),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    })
    text = await response.text()
  } catch (cause) {
    return { type: 'retry', code: 'PINION_ERR_ORACLE_UNREACHABLE', message: `POST ${oracle}${BATCH_PATH} failed: ${describe(cause)}` }
  }

  const json = parseJson(text)
  if (response.status === 200) {
    const results = readResults(json, reports.length)
    if (results !== undefined) return { type: 'results', results }
    return { type: 'retry', code: 'PINION_ERR_ORACLE_RESPONSE', message: `${oracle} answered 200 without a result for each of ${reports.length} reports: ${text.slice(0, 200)}` }
  }

  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), options.nowMs)
  return refusalOutcome(oracle, response.status, readError(json), retryAfterMs)
}

/**
 * What a refusal of the whole batch means, from the HTTP status it came with (or, over MQTT, the
 * status the oracle says HTTP would have answered) and the oracle's error body: retry on 429, 5xx,
 * a transient code or no oracle code at all; else the request is rejected for good.
 */
export function refusalOutcome(oracle: string, status: number, error: { code?: string; message?: string }, retryAfterMs: number | undefined): BatchOutcome {
  const { code, message } = error
  const retry = (fallbackCode: string): BatchOutcome => ({
    type: 'retry',
    code: code ?? fallbackCode,
    message: `${oracle} answered ${status}${message === undefined ? '' : `: ${message}`}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
  if (status === 429 || status >= 500) return retry('PINION_ERR_ORACLE_HTTP')
  // A 4xx without an oracle code came from something else (a proxy, a wrong URL): a configuration
  // problem to retry, never a verdict on the reports.
  if (code === undefined || TRANSIENT_CODES.has(code)) return retry('PINION_ERR_ORACLE_HTTP')
  return { type: 'rejected', code, message: `${oracle} answered ${status}: ${message ?? code}`, httpStatus: status }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The per-report results, exactly one per index, or undefined when the body is not the contract's. */
export function readResults(json: unknown, count: number): IngestResult[] | undefined {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { results?: unknown }).results)) return undefined
  const byIndex = new Map<number, IngestResult>()
  for (const item of (json as { results: unknown[] }).results) {
    if (typeof item !== 'object' || item === null) return undefined
    const { index, status, code } = item as Record<string, unknown>
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || byIndex.has(index)) return undefined
    if (status !== 'accepted' && status !== 'duplicate' && status !== 'rejected') return undefined
    if (status === 'rejected' && typeof code !== 'string') return undefined
    byIndex.set(index, typeof code === 'string' ? { index, status, code } : { index, status })
  }
  if (byIndex.size !== count) return undefined
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}

export function readError(json: unknown): { code?: string; message?: string } {
  if (typeof json !== 'object' || json === null) return {}
  const { code, message } = json as Record<string, unknown>
  return {
    ...(typeof code === 'string' && code.startsWith('PINION_ERR_') ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  }
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : ''
  return `${cause.message}${inner}`
}
