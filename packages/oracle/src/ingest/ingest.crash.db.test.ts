import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DeviceKey, generateDeviceKey } from '@pinion/protocol'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../store/openDb.ts'
import { type RunningTestServer, spawnTestServer } from '@pinion/testkit/oracle/spawnPinnedServer'
import { TEST_NOW_MS, testBatch, testReport, testReportId } from '@pinion/testkit/oracle/sampleReports'

const REPORTS = 480
/** The kill comes right after this many reports were acknowledged, with requests still in flight. */
const KILL_AFTER_ACKS = 120

type Request = { reports: Uint8Array[]; batch: boolean }

/**
 * The reliability target: a killed oracle loses no acknowledged report. A real ingest server runs
 * in a child process on PGlite on disk; reports stream in over real HTTP (single reports and small
 * batches, several requests in flight); the child is SIGKILLed mid-stream; a new child on the same
 * data directory must hold every report that was acknowledged, and keep working.
 */
describe('ingest under SIGKILL', () => {
  let dataDir: string
  /** Eight devices, eight requests in flight at a time. */
  const keys: DeviceKey[] = Array.from({ length: 8 }, (_, i) => generateDeviceKey(i % 2 === 0 ? 'ed25519' : 'p256'))
  const config = () => ({ dataDir, devices: keys.map((key) => ({ type: key.type, publicKey: key.publicKey })), nowMs: TEST_NOW_MS })
  let server: RunningTestServer | undefined

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pinion-crash-'))
  })
  afterAll(async () => {
    server?.child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps every acknowledged report, and serves again after a restart', { timeout: 180_000 }, async () => {
    // One lane of requests per device, so each device's sequences arrive in order; requests
    // alternate between one report and a batch of three.
    const lanes: Request[][] = keys.map((key) => {
      const reports = Array.from({ length: REPORTS / keys.length }, (_, i) => testReport(key, i + 1))
      const requests: Request[] = []
      for (let i = 0; i < reports.length; ) {
        const batch = requests.length % 2 === 1
        requests.push({ reports: reports.slice(i, i + (batch ? 3 : 1)), batch })
        i += batch ? 3 : 1
      }
      return requests
    })
    const all = lanes.flat().flatMap((request) => request.reports)

    server = await spawnTestServer(config())
    const first = server
    const acknowledged: Uint8Array[] = []
    let unanswered = 0
    let killed = false
    const send = async (request: Request): Promise<void> => {
      const response = await fetch(`${first.url}${request.batch ? '/v1/reports/batch' : '/v1/reports'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: request.batch ? testBatch(request.reports) : request.reports[0]!,
      })
      const body = (await response.json()) as { status?: string; results?: { status: string }[] }
      expect(response.status).toBe(200)
      const statuses = request.batch ? body.results!.map((result) => result.status) : [body.status!]
      statuses.forEach((status, i) => {
        expect(status).toBe('accepted')
        acknowledged.push(request.reports[i]!)
      })
      if (!killed && acknowledged.length >= KILL_AFTER_ACKS) {
        killed = true
        first.child.kill('SIGKILL')
      }
    }
    const run = async (requests: Request[]) => {
      for (const request of requests) {
        if (killed) {
          unanswered++
          continue
        }
        await send(request).catch((error: unknown) => {
          // After the kill, a request in flight fails at the socket: not acknowledged, which is all
          // we know of it. Any other failure, or one before the kill, fails the test.
          if (!killed || !(error instanceof TypeError)) throw error
          unanswered++
        })
      }
    }
    await Promise.all(lanes.map(run))
    expect(await first.exited).toBe(null) // killed by the signal, not exited
    expect(killed).toBe(true)
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
    expect(unanswered).toBeGreaterThan(0)

    // A new process on the same files: it recovers, knows what it stored, and accepts new reports.
    server = await spawnTestServer(config())
    const resend = await fetch(`${server.url}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: acknowledged[0]!,
    })
    expect(await resend.json()).toEqual({ status: 'duplicate', reportId: testReportId(acknowledged[0]!) })
    const fresh = testReport(keys[0]!, 1_000_000)
    const answer = await fetch(`${server.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: fresh })
    expect(await answer.json()).toEqual({ status: 'accepted', reportId: testReportId(fresh) })
    expect(await server.stop()).toBe(0)
    server = undefined

    const db = await openDb({ dataDir })
    try {
      const { rows } = await db.query<{ report_id: Hex; signed: Uint8Array }>('select report_id, signed from reports')
      const stored = new Map(rows.map((row) => [row.report_id, row.signed]))
      const missing = acknowledged.filter((report) => {
        const bytes = stored.get(testReportId(report))
        return bytes === undefined || Buffer.compare(bytes, report) !== 0
      })
      expect(missing).toEqual([])
      expect(stored.has(testReportId(fresh))).toBe(true)
      // And nothing the clients never sent.
      const sent = new Set([...all, fresh].map((report) => testReportId(report)))
      expect(rows.filter((row) => !sent.has(row.report_id))).toEqual([])
    } finally {
      await db.close()
    }
  })
})
