import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { ReportBatchSchema, SignedReportSchema } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { type FetchLike, encodeReportBatch, postBatch } from './ingestClient.ts'

const report = (n: number) => toBinary(SignedReportSchema, create(SignedReportSchema, { body: new Uint8Array([n, 1, 2]), signature: new Uint8Array(64).fill(n) }))

/** A fetch that answers every request with `status`, `body` and `headers`. */
const answering =
  (status: number, body: string, headers: Record<string, string> = {}): FetchLike =>
  async () =>
    new Response(body, { status, headers })

const post = (fetch: FetchLike, count = 2) =>
  postBatch(
    'http://oracle.test',
    Array.from({ length: count }, (_, i) => report(i)),
    {
      fetch,
      nowMs: 0,
      signal: new AbortController().signal,
      timeoutMs: 1_000,
    },
  )

describe('encodeReportBatch', () => {
  it('is the ReportBatch encoding, carrying each report byte for byte', () => {
    const reports = [report(1), report(2), report(3)]
    const encoded = encodeReportBatch(reports)
    const expected = toBinary(ReportBatchSchema, create(ReportBatchSchema, { reports: reports.map((r) => fromBinary(SignedReportSchema, r)) }))
    expect(encoded).toEqual(expected)
    expect(fromBinary(ReportBatchSchema, encoded).reports.map((r) => toBinary(SignedReportSchema, r))).toEqual(reports)
  })
})

describe('postBatch', () => {
  it('returns the per-report results of a 200, in index order', async () => {
    const body = {
      accepted: 1,
      duplicates: 1,
      rejected: 0,
      results: [
        { index: 1, status: 'duplicate' },
        { index: 0, status: 'accepted' },
      ],
    }
    expect(await post(answering(200, JSON.stringify(body)))).toEqual({
      type: 'results',
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'duplicate' },
      ],
    })
  })

  it.each([
    ['not JSON', 'ok'],
    ['a result missing', JSON.stringify({ results: [{ index: 0, status: 'accepted' }] })],
    [
      'an index twice',
      JSON.stringify({
        results: [
          { index: 0, status: 'accepted' },
          { index: 0, status: 'accepted' },
        ],
      }),
    ],
    [
      'a rejection without a code',
      JSON.stringify({
        results: [
          { index: 0, status: 'rejected' },
          { index: 1, status: 'accepted' },
        ],
      }),
    ],
    [
      'an unknown status',
      JSON.stringify({
        results: [
          { index: 0, status: 'ok' },
          { index: 1, status: 'accepted' },
        ],
      }),
    ],
  ])('retries a 200 with %s (PINION_ERR_ORACLE_RESPONSE), never guessing what was stored', async (_, body) => {
    expect(await post(answering(200, body))).toMatchObject({ type: 'retry', code: 'PINION_ERR_ORACLE_RESPONSE' })
  })

  it('retries 5xx and 429 with the oracle’s code and Retry-After', async () => {
    expect(await post(answering(503, JSON.stringify({ code: 'PINION_ERR_UNAVAILABLE', message: 'draining' }), { 'retry-after': '3' }))).toEqual({
      type: 'retry',
      code: 'PINION_ERR_UNAVAILABLE',
      message: 'http://oracle.test answered 503: draining',
      retryAfterMs: 3_000,
    })
    expect(await post(answering(429, JSON.stringify({ code: 'PINION_ERR_RATE_LIMITED', message: 'slow down' })))).toMatchObject({
      type: 'retry',
      code: 'PINION_ERR_RATE_LIMITED',
    })
  })

  it('treats a coded 4xx as a permanent rejection of the request', async () => {
    expect(await post(answering(413, JSON.stringify({ code: 'PINION_ERR_BODY_TOO_LARGE', message: 'too big' })))).toEqual({
      type: 'rejected',
      code: 'PINION_ERR_BODY_TOO_LARGE',
      message: 'http://oracle.test answered 413: too big',
      httpStatus: 413,
    })
  })

  it('retries a 4xx without an oracle code: a proxy or a wrong URL is not a verdict on the reports', async () => {
    expect(await post(answering(404, '<html>not found</html>'))).toMatchObject({ type: 'retry', code: 'PINION_ERR_ORACLE_HTTP' })
  })

  it('retries a network error as PINION_ERR_ORACLE_UNREACHABLE', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })
    }
    expect(await post(failing)).toEqual({
      type: 'retry',
      code: 'PINION_ERR_ORACLE_UNREACHABLE',
      message: 'POST http://oracle.test/v1/reports/batch failed: fetch failed (connect ECONNREFUSED)',
    })
  })

  it('posts protobuf to the batch endpoint', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const recording: FetchLike = async (url, init) => {
      seen.push({ url, init })
      return new Response(JSON.stringify({ results: [{ index: 0, status: 'accepted' }] }), { status: 200 })
    }
    await post(recording, 1)
    expect(seen[0]!.url).toBe('http://oracle.test/v1/reports/batch')
    expect(seen[0]!.init.method).toBe('POST')
    expect((seen[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/x-protobuf')
    expect(seen[0]!.init.body).toEqual(encodeReportBatch([report(0)]))
  })
})
