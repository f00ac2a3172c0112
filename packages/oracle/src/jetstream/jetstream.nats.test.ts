import { seededRandom } from '@pinion/kinds'
import { decodeReportBody, openSignedReport } from '@pinion/protocol'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { WINDOW, makeDevices, signFleet } from '@pinion/testkit/oracle/epochFixture'
import { deleteStream, epochOf, scratchOracleDb, singleProcessEpoch, uniqueStream } from '@pinion/testkit/oracle/jetstreamFixture'
import { testBatch, testReportId } from '@pinion/testkit/oracle/sampleReports'
import { type RunningJetStreamNode, nextLineWith, spawnJetStreamNode } from '@pinion/testkit/oracle/spawnJetStreamNode'
import { until } from '@pinion/testkit/until'
import type { ReportStreamConfig } from './reportStream.ts'
import { committedSeq } from './marks.ts'

/** Ingest's pinned clock: just after the epoch's end, within its lateness. */
const NOW_MS = Number(WINDOW.endMs) + 1_000
/** The epoch's sealing time for ingest's last check: far enough that no publish comes after it. */
const SEAL_AT_MS = Number(WINDOW.endMs) + 600_000

// 40 honest uptime devices, 12 reports each: 480 reports, deterministic (keys and order from seeds).
const fleet = makeDevices(
  'jetstream',
  Array.from({ length: 40 }, () => 'honest'),
)
const reports = signFleet(fleet, 17)

type Lane = Uint8Array[][]

/** Each device's reports in order, as requests of one to three reports (the device SDK's outbox sends one at a time). */
function lanes(): Lane[] {
  const byDevice = new Map<string, Uint8Array[]>()
  fleet.forEach(({ device }) => byDevice.set(device.deviceId, []))
  // signFleet keeps each device's reports in sequence order; group them back per device.
  for (const signed of reports) byDevice.get(decodeReportBody(openSignedReport(signed).body).deviceId)!.push(signed)
  const random = seededRandom(5)
  return [...byDevice.values()].map((deviceReports) => {
    const requests: Lane = []
    for (let i = 0; i < deviceReports.length; ) {
      const size = 1 + Math.floor(random() * 3)
      requests.push(deviceReports.slice(i, i + size))
      i += size
    }
    return requests
  })
}

/**
 * Devices posting their lanes to the ingest nodes, as a device does: a request is sent again
 * (to the next node) until it is acknowledged, and the next is sent only after. `ingestUrls` is read
 * at each attempt, so a restarted node is used once it is back. Every acknowledged report id is kept.
 */
async function runDevices(ingestUrls: () => string[], acknowledged: Set<string>, onAck?: () => Promise<void> | void): Promise<void> {
  await Promise.all(
    lanes().map(async (lane, laneIndex) => {
      let attempt = laneIndex
      for (const request of lane) {
        for (;;) {
          const urls = ingestUrls()
          const url = urls[attempt++ % urls.length]!
          // A node killed or restarting refuses the connection or cuts the request: nothing was acknowledged.
          const response = await fetch(`${url}/v1/reports/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: Buffer.from(testBatch(request)),
          }).catch(() => undefined)
          const body = response?.status === 200 ? ((await response.json().catch(() => undefined)) as { results: { status: string }[] } | undefined) : undefined
          if (body !== undefined) {
            expect(body.results.map((result) => result.status).filter((status) => status !== 'accepted' && status !== 'duplicate')).toEqual([])
            break
          }
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        for (const signed of request) acknowledged.add(testReportId(signed))
        await onAck?.()
      }
    }),
  )
}

describe('the oracle on NATS JetStream', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  const nodes: RunningJetStreamNode[] = []
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((node) => node.kill()))
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  })

  let reference: Promise<{ ids: string[]; root: string }> | undefined
  const referenceEpoch = () => {
    reference ??= singleProcessEpoch(fleet, reports, NOW_MS)
    return reference
  }
  afterAll(() => {
    reference = undefined
  })

  async function setUp(stream: ReportStreamConfig) {
    const store = await scratchOracleDb(fleet)
    cleanups.push(store.drop, () => deleteStream(stream))
    const node = async (role: 'ingest' | 'writer' | 'leader', shards?: number[]) => {
      const started = await spawnJetStreamNode({ role, databaseUrl: store.url, stream, nowMs: NOW_MS, sealAtMs: SEAL_AT_MS, ...(shards === undefined ? {} : { shards }) })
      nodes.push(started)
      return started
    }
    return { store, node }
  }

  it('commits, across ingest, writer and leader processes, the root the single-process oracle commits', { timeout: 180_000 }, async () => {
    const stream = uniqueStream()
    const { store, node } = await setUp(stream)
    const ingests = [await node('ingest'), await node('ingest')]
    await node('writer', [0, 1])
    await node('writer', [2, 3])
    const leader = await node('leader')

    const acknowledged = new Set<string>()
    await runDevices(() => ingests.map((ingest) => ingest.url), acknowledged)
    expect(acknowledged.size).toBe(reports.length)

    leader.send(`seal ${WINDOW.endMs}`)
    await nextLineWith(leader, 'sealed')
    const distributed = await epochOf(store.db, fleet)
    const single = await referenceEpoch()
    expect(distributed.ids).toEqual(single.ids)
    expect(distributed.root).toBe(single.root)
    expect(new Set(distributed.ids)).toEqual(acknowledged)
  })

  it('loses and duplicates nothing acknowledged when an ingest node, a writer and the leader are SIGKILLed mid-stream; a lagging shard holds the seal', {
    timeout: 240_000,
  }, async () => {
    const stream = uniqueStream()
    const { store, node } = await setUp(stream)
    const ingests: (RunningJetStreamNode | undefined)[] = [await node('ingest'), await node('ingest')]
    const writers: RunningJetStreamNode[] = [await node('writer', [0, 1]), await node('writer', [2, 3])]
    const leader = await node('leader')
    // A second leader waits for the lock while the first holds it.
    let standbyReady = false
    const standby = spawnJetStreamNode({ role: 'leader', databaseUrl: store.url, stream, nowMs: NOW_MS, sealAtMs: SEAL_AT_MS }).then((started) => {
      standbyReady = true
      nodes.push(started)
      return started
    })
    // Once the first leader is killed (here or after the test), the standby takes the lock; then it is killed too.
    cleanups.push(() => Promise.race([standby.then((started) => started.kill()), new Promise((resolve) => setTimeout(resolve, 10_000))]))

    const acknowledged = new Set<string>()
    const kills: Promise<void>[] = []
    let faults = 0
    const onAck = () => {
      // Mid-stream, with requests in flight: the first ingest node at a quarter, the first writer at
      // half (restarted at once), the second writer at three quarters (left down: its shards lag).
      if (faults === 0 && acknowledged.size >= reports.length / 4) {
        faults++
        const killed = ingests[0]!
        ingests[0] = undefined
        kills.push(
          killed.kill().then(async () => {
            ingests[0] = await node('ingest')
          }),
        )
      } else if (faults === 1 && acknowledged.size >= reports.length / 2) {
        faults++
        kills.push(
          writers[0]!.kill().then(async () => {
            writers[0] = await node('writer', [0, 1])
          }),
        )
      } else if (faults === 2 && acknowledged.size >= (reports.length * 3) / 4) {
        faults++
        kills.push(writers[1]!.kill())
      }
    }
    await runDevices(() => ingests.filter((ingest) => ingest !== undefined).map((ingest) => ingest.url), acknowledged, onAck)
    await Promise.all(kills)
    expect(faults).toBe(3)
    expect(acknowledged.size).toBe(reports.length)

    // Shards 2 and 3 lag: their writer died before the last quarter of the reports.
    leader.send(`seal ${WINDOW.endMs}`)
    // The other writer stores all it has; the seal still waits for shards 2 and 3.
    await until('shards 0 and 1 stored their reports', async () =>
      (await committedSeq(store.db, stream.stream, 0)) > 0 && (await committedSeq(store.db, stream.stream, 1)) > 0 ? true : undefined,
    )
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const early = await Promise.race([nextLineWith(leader, 'sealed').then(() => 'sealed'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))])
    expect(early).toBe('waiting')
    expect(standbyReady).toBe(false)

    // The leader dies while it waits; the standby takes the lock and seals once the shards catch up.
    await leader.kill()
    const second = await standby
    writers[1] = await node('writer', [2, 3])
    second.send(`seal ${WINDOW.endMs}`)
    await nextLineWith(second, 'sealed')

    const distributed = await epochOf(store.db, fleet)
    const single = await referenceEpoch()
    // 0 acknowledged reports lost, 0 duplicated (one row per report, no evidence of equivocation), the same root.
    expect(new Set(distributed.ids)).toEqual(acknowledged)
    const { rows } = await store.db.query<{ rows: string; distinct_ids: string; evidence: string }>(
      'select count(*) as rows, count(distinct report_id) as distinct_ids, (select count(*) from conflicting_reports) as evidence from reports',
    )
    expect(rows[0]).toEqual({ rows: String(reports.length), distinct_ids: String(reports.length), evidence: '0' })
    expect(distributed.root).toBe(single.root)
  })
})
