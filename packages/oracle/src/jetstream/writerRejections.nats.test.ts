import { type DeviceKey, deviceIdOf } from '@pinion/protocol'
import { makeDevices } from '@pinion/testkit/oracle/epochFixture'
import { deleteStream, scratchOracleDb, uniqueStream } from '@pinion/testkit/oracle/jetstreamFixture'
import { TEST_NETWORK_ID, TEST_NOW_MS, testReport } from '@pinion/testkit/oracle/sampleReports'
import { until } from '@pinion/testkit/until'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Ingest, createIngest } from '../ingest/createIngest.ts'
import { rejectionCountsOf } from '../store/rejections.ts'
import { committedSeq } from './marks.ts'
import { publishReports } from './publishReports.ts'
import { RECEIVED_HEADER, type ReportStream, type ReportStreamConfig, connectReportStream } from './reportStream.ts'
import { type LoggedReport, commitBatch, startShardWriter } from './shardWriter.ts'
import { allShards } from './shards.ts'
import { streamSealer } from './streamSeal.ts'

/**
 * What the JetStream writers refuse is counted in ingest_rejections, per epoch of receipt, device
 * and code, like ingest's own refusals, and nothing twice: a report ingest refused after publishing
 * it (a stale PubAck, a known equivocation) is counted by the writer that decides it, not by ingest
 * as well; one ingest refused without publishing (a settled replay) by ingest alone; and a writer
 * replaying the stream counts nothing again.
 */
const EPOCH = 7n
const clock = () => TEST_NOW_MS
const [replayer, equivocator, late] = makeDevices('writer refusals', ['honest', 'honest', 'honest'])

describe('refusals of the JetStream writers', () => {
  let config: ReportStreamConfig
  let store: Awaited<ReturnType<typeof scratchOracleDb>>
  let stream: ReportStream
  let ingest: Ingest
  let writers: { stop(): Promise<void> }[] = []
  /** Ingest's idea of when every report's epoch seals: moved into the past to make ingest answer stale. */
  let sealAtMs = TEST_NOW_MS + 3_600_000

  beforeAll(async () => {
    config = uniqueStream()
    store = await scratchOracleDb([replayer!, equivocator!, late!])
    stream = await connectReportStream(config, { name: 'test writer refusals' })
    ingest = await createIngest({
      db: store.db,
      networkId: TEST_NETWORK_ID,
      clock,
      verifierThreads: 0,
      limits: { perIp: false, perDevice: false, maxAgeMs: 10 * 60_000 },
      epochOf: () => EPOCH,
      rejectionFlushMs: 0,
      publish: publishReports({ stream, db: store.db, clock, sealAtOf: () => BigInt(sealAtMs) }),
    })
  })
  afterAll(async () => {
    await Promise.all(writers.map((writer) => writer.stop()))
    await ingest?.close()
    await stream?.close()
    await deleteStream(config).catch(() => undefined)
    await store?.drop()
  })

  const startWriters = () => {
    writers = allShards(config.partitions).map((shard) =>
      startShardWriter({ db: store.db, databaseUrl: store.url, stream, shard, fetchWaitMs: 1_000, epochOf: () => EPOCH, onError: (error) => console.error(error) }),
    )
  }
  /** Resolves once every shard's writer has committed everything in the stream now. */
  const writersCaughtUp = async () => {
    const last = await stream.lastSeq()
    await until(`the writers committed up to stream sequence ${last}`, async () => {
      for (const shard of allShards(config.partitions)) {
        const next = await stream.jsm.streams.getMessage(config.stream, {
          next_by_subj: stream.subjectOf(shard),
          seq: (await committedSeq(store.db, config.stream, shard)) + 1,
        } as never)
        if (next !== null && next.seq <= last) return undefined
      }
      return true
    })
  }
  const submit = async (reports: Uint8Array[]) => (await ingest.submit(reports)).map((result) => (result.status === 'rejected' ? result.code : result.status))
  const counts = async (key: DeviceKey) => {
    await ingest.flushRejections()
    return (await rejectionCountsOf(store.db, deviceIdOf(key.publicKey), { epoch: EPOCH, epochs: 1 })).map(({ reason, count }) => ({ reason, count }))
  }

  it('counts replays, equivocations and reports of a sealed epoch once each, whether ingest or the writer refused them', { timeout: 120_000 }, async () => {
    // Before any writer runs, ingest cannot know a report's place in its device's order:
    // seq 2 then seq 1 (the writer finds 1 a replay), and two bodies under seq 1 (the second is equivocation).
    expect(await submit([testReport(replayer!.key, 2)])).toEqual(['accepted'])
    expect(await submit([testReport(replayer!.key, 1)])).toEqual(['accepted'])
    expect(await submit([testReport(equivocator!.key, 1)])).toEqual(['accepted'])
    expect(await submit([testReport(equivocator!.key, 1, { payload: new Uint8Array([8, 2]) })])).toEqual(['accepted'])
    startWriters()
    await writersCaughtUp()
    expect(await counts(replayer!.key)).toEqual([{ reason: 'PINION_ERR_REPLAYED_SEQUENCE', count: 1 }])
    expect(await counts(equivocator!.key)).toEqual([{ reason: 'PINION_ERR_EQUIVOCATION', count: 1 }])

    // Now ingest knows: a settled replay is refused without publishing (ingest counts it); an
    // equivocation is published as evidence and refused (the writer counts it, ingest does not).
    expect(await submit([testReport(replayer!.key, 1)])).toEqual(['PINION_ERR_REPLAYED_SEQUENCE'])
    expect(await submit([testReport(equivocator!.key, 1, { payload: new Uint8Array([8, 3]) })])).toEqual(['PINION_ERR_EQUIVOCATION'])

    // The leader seals the epoch; then a report of it acknowledged by an ingest node whose clock is
    // behind (the writer drops it), and one ingest itself answers stale (the writer drops it too).
    await streamSealer({ db: store.db, stream, pollMs: 50 })(BigInt(TEST_NOW_MS) + 1n)
    expect(await submit([testReport(late!.key, 1)])).toEqual(['accepted'])
    sealAtMs = TEST_NOW_MS - 1
    expect(await submit([testReport(late!.key, 2)])).toEqual(['PINION_ERR_STALE_TIMESTAMP'])
    await writersCaughtUp()

    expect(await counts(replayer!.key)).toEqual([{ reason: 'PINION_ERR_REPLAYED_SEQUENCE', count: 2 }])
    expect(await counts(equivocator!.key)).toEqual([{ reason: 'PINION_ERR_EQUIVOCATION', count: 2 }])
    expect(await counts(late!.key)).toEqual([{ reason: 'PINION_ERR_STALE_TIMESTAMP', count: 2 }])
    const { rows } = await store.db.query<{ n: string }>('select count(*) as n from reports where device_id = $1', [deviceIdOf(late!.key.publicKey)])
    expect(rows[0]!.n).toBe('0')

    // A writer that reads the whole stream again (a restart from an older position) stores and counts nothing more.
    const last = await stream.lastSeq()
    const logged = new Map<number, LoggedReport[]>()
    for (let seq = 1; seq <= last; seq++) {
      const message = await stream.jsm.streams.getMessage(config.stream, { seq })
      if (message === null) continue
      const shard = Number(message.subject.split('.').at(-1))
      logged.set(shard, [...(logged.get(shard) ?? []), { seq, signed: message.data, receivedMs: Number(message.header.get(RECEIVED_HEADER)) }])
    }
    for (const [shard, messages] of logged) {
      expect(await commitBatch(store.db, config.stream, shard, messages, { epochOf: () => EPOCH })).toMatchObject({ stored: 0, replayed: 0, sealed: 0, evidence: 0 })
    }
    expect(await counts(replayer!.key)).toEqual([{ reason: 'PINION_ERR_REPLAYED_SEQUENCE', count: 2 }])
    expect(await counts(equivocator!.key)).toEqual([{ reason: 'PINION_ERR_EQUIVOCATION', count: 2 }])
    expect(await counts(late!.key)).toEqual([{ reason: 'PINION_ERR_STALE_TIMESTAMP', count: 2 }])
  })
})
