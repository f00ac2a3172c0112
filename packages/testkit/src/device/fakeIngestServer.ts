/**
 * A test double for the oracle's HTTP ingest. The real ingest belongs to another team
 * (packages/oracle) and is being built concurrently; this fake implements the same contract so the
 * device package can be tested on its own:
 *
 *   POST /v1/reports        one SignedReport, protobuf
 *   POST /v1/reports/batch  one ReportBatch, protobuf
 *   GET  /v1/challenges?epoch=N&deviceId=0x…  {epoch, challenges: ChallengeJson[]}, or 409
 *                           PINION_ERR_EPOCH_NOT_STARTED for an epoch not set with setChallenges
 *   200 {accepted, duplicates, rejected, results: [{index, status, code?}]}
 *   4xx/5xx {code, message}
 *
 * It checks envelopes with the real protocol code (signature, network, strictly increasing
 * sequence, exact-bytes duplicates) and keeps everything in memory. It can be told to fail the
 * next requests (500, 429 with Retry-After, 413, a dropped connection, an uncoded 404) so tests can
 * drive the agent's backoff.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fromBinary, toBinary } from '@bufbuild/protobuf'
import { type DeviceKey, ReportBatchSchema, SignedReportSchema, decodeReportBody, deviceIdOf, openSignedReport, peekDeviceId, verifyReportSignature } from '@pinion/protocol'
import { type Challenge, challengeToJson } from '@pinion/kinds'
import { type Hex, keccak256 } from 'viem'

type Fault =
  | { type: 'status'; status: number; code?: string; retryAfter?: string }
  /** Destroys the socket without answering: the client sees a network error. */
  | { type: 'close' }

type IngestStatus = 'accepted' | 'duplicate' | 'rejected'
type StoredReport = { deviceId: Hex; sequence: bigint; bytes: Uint8Array }

export type FakeIngest = {
  url: string
  /** Every request, in order, with how many reports it carried and the status it got. */
  requests: { path: string; reports: number; status: number }[]
  /** Accepted reports by report id (keccak256 of the SignedReport bytes). */
  stored: Map<Hex, StoredReport>
  register(key: DeviceKey): void
  /** The next requests fail as given, one fault per request, before normal service resumes. */
  failNext(...faults: Fault[]): void
  /** What GET /v1/challenges serves for `epoch` (every device's; the route filters by deviceId). */
  setChallenges(epoch: bigint, challenges: readonly Challenge[]): void
  /** Ingests bytes as if a request carried them (to set up "the oracle already has this"). */
  ingest(bytes: Uint8Array): { status: IngestStatus; code?: string }
  close(): Promise<void>
}

export type FakeIngestOptions = {
  networkId: Hex
  devices?: readonly DeviceKey[]
  /** Batches with more reports get 413 PINION_ERR_BODY_TOO_LARGE. */
  maxBatch?: number
}

export async function startFakeIngest(options: FakeIngestOptions): Promise<FakeIngest> {
  const devices = new Map<Hex, DeviceKey>()
  const lastSequence = new Map<Hex, bigint>()
  const stored = new Map<Hex, StoredReport>()
  const faults: Fault[] = []
  const requests: FakeIngest['requests'] = []
  const challenges = new Map<bigint, readonly Challenge[]>()
  const register = (key: DeviceKey) => devices.set(deviceIdOf(key.publicKey), key)
  for (const key of options.devices ?? []) register(key)

  function ingest(bytes: Uint8Array): { status: IngestStatus; code?: string } {
    const reject = (code: string) => ({ status: 'rejected' as const, code })
    let sealed
    let deviceId: Hex
    try {
      sealed = openSignedReport(bytes)
      deviceId = peekDeviceId(sealed.body)
    } catch {
      return reject('PINION_ERR_MALFORMED_REPORT')
    }
    const key = devices.get(deviceId)
    if (key === undefined) return reject('PINION_ERR_UNKNOWN_DEVICE')
    if (!verifyReportSignature(key.type, key.publicKey, sealed)) return reject('PINION_ERR_BAD_SIGNATURE')
    const body = decodeReportBody(sealed.body)
    if (body.networkId !== options.networkId) return reject('PINION_ERR_WRONG_NETWORK')
    const reportId = keccak256(bytes)
    if (stored.has(reportId)) return { status: 'duplicate' }
    if (body.sequence <= (lastSequence.get(deviceId) ?? 0n)) return reject('PINION_ERR_REPLAYED_SEQUENCE')
    stored.set(reportId, { deviceId, sequence: body.sequence, bytes })
    lastSequence.set(deviceId, body.sequence)
    return { status: 'accepted' }
  }

  function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    response.writeHead(status, { 'content-type': 'application/json', ...headers })
    response.end(JSON.stringify(body))
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = new Uint8Array(Buffer.concat(chunks))
    const path = request.url ?? ''
    const log = { path, reports: 0, status: 0 }
    requests.push(log)
    const send = (status: number, json: unknown, headers?: Record<string, string>) => {
      log.status = status
      answer(response, status, json, headers)
    }

    const fault = faults.shift()
    if (fault?.type === 'close') {
      log.status = -1
      request.socket.destroy()
      return
    }
    if (fault?.type === 'status') {
      const json = fault.code === undefined ? { message: 'injected fault' } : { code: fault.code, message: 'injected fault' }
      return send(fault.status, json, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter })
    }

    if (request.method === 'GET' && path.startsWith('/v1/challenges?')) {
      const query = new URL(path, 'http://fake').searchParams
      const served = challenges.get(BigInt(query.get('epoch') ?? '-1'))
      if (served === undefined) return send(409, { code: 'PINION_ERR_EPOCH_NOT_STARTED', message: 'not yet' })
      const deviceId = query.get('deviceId')
      return send(200, { epoch: query.get('epoch'), challenges: served.filter((c) => deviceId === null || c.deviceId === deviceId).map(challengeToJson) })
    }
    if (request.method !== 'POST' || (path !== '/v1/reports' && path !== '/v1/reports/batch')) {
      return send(404, { code: 'PINION_ERR_NOT_FOUND', message: `no route ${request.method} ${path}` })
    }
    let reports: Uint8Array[]
    try {
      reports = path === '/v1/reports' ? [body] : fromBinary(ReportBatchSchema, body).reports.map((report) => toBinary(SignedReportSchema, report))
    } catch {
      return send(400, { code: 'PINION_ERR_MALFORMED_REPORT', message: 'body is not a ReportBatch' })
    }
    log.reports = reports.length
    if (options.maxBatch !== undefined && reports.length > options.maxBatch) {
      return send(413, { code: 'PINION_ERR_BODY_TOO_LARGE', message: `at most ${options.maxBatch} reports per batch` })
    }
    const results = reports.map((bytes, index) => ({ index, ...ingest(bytes) }))
    const count = (status: IngestStatus) => results.filter((r) => r.status === status).length
    send(200, { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results })
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, 500, { code: 'PINION_ERR_INTERNAL', message: String(error) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stored,
    register,
    failNext: (...next) => faults.push(...next),
    setChallenges: (epoch, list) => challenges.set(epoch, list),
    ingest,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
