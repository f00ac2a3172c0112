/**
 * bench:scale's ingest part (issue 17 part 4): 1, 2 and 4 JetStream ingest processes into
 * PostgreSQL, with writers, against the raw ed25519 verify rate of one core in the same run.
 *
 *   npm run bench:scale -- --part ingest
 *   node --import tsx bench/scaleIngest.ts [--nodes 1,2,4] [--reports 40000] [--devices 1000] [--batch 500]
 *
 * Needs NATS_URL (JetStream) and DATABASE_URL (PostgreSQL). For each count of ingest nodes: a fresh
 * PostgreSQL database and stream (4 shards), the ingest nodes (`jetstreamNode.ts`, each its own
 * process with verification on its main thread: one core's worth of verify at most), one writer
 * process for every shard, and HTTP clients (two per node, each owning a share of the devices so a
 * device's sequences arrive in order) posting ReportBatch bodies. Reports are signed before anything
 * is timed. Measured:
 *
 * - accepted/s: reports acknowledged (signature verified, published, JetStream's PubAck received)
 *   per second of wall time, from the first post to the last ack;
 * - stored/s: until the writers have committed every one of them to PostgreSQL (reports and the
 *   shards' marks in the same transactions);
 * - the ratio of each to one core's verify rate, measured for 3 s before and after each run (the
 *   machine's other load can change; the mean is used).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { type DeviceKey, generateDeviceKey, openSignedReport, reportSigningMessage } from '@pinion/protocol'
import { verifyRateMeter } from './verifyRateMeter.ts'
import { connectReportStream } from '../packages/oracle/src/jetstream/reportStream.ts'
import { allShards } from '../packages/oracle/src/jetstream/shards.ts'
import { openPostgresDb } from '../packages/oracle/src/store/postgresDb.ts'
import { deleteStream, uniqueStream } from '../packages/testkit/src/oracle/jetstreamFixture.ts'
import { TEST_NOW_MS, testBatch, testReport } from '../packages/testkit/src/oracle/sampleReports.ts'
import { createScratchDatabase } from '../packages/testkit/src/oracle/scratchDatabase.ts'
import { seedDevices } from '../packages/testkit/src/oracle/seedDevices.ts'
import { type RunningJetStreamNode, spawnJetStreamNode } from '../packages/testkit/src/oracle/spawnJetStreamNode.ts'

export type ScaleIngestOptions = {
  /** Counts of ingest processes to run, one run each (default 1, 2, 4). */
  nodes?: readonly number[]
  /** Reports per run (default 40,000). */
  reports?: number
  /** Devices they come from (default 1,000). */
  devices?: number
  /** Reports per HTTP batch (default 500). */
  batch?: number
  /** Shards of the stream, one writer each (default 4). */
  partitions?: number
  log?: (line: string) => void
}

type ScaleIngestRun = {
  nodes: number
  reports: number
  /** One core's ed25519 verifies/s, the mean of before and after this run. */
  verifyRate: number
  acceptedRate: number
  storedRate: number
  /** acceptedRate / verifyRate */
  acceptedRatio: number
  storedRatio: number
  /** CPU µs per accepted report (user + system, all threads, from /proc) of: the ingest processes, the writer process, nats-server, and the PostgreSQL backends serving this run's database. */
  cpuUsPerReport: { ingest: number; writer: number; nats: number; postgres: number } | undefined
  /** CPU µs of one ed25519 verify in this process (the verify samples so far). */
  verifyCpuUs: number
  loadAverage: number
}

export type ScaleIngestResult = {
  cores: number
  runs: ScaleIngestRun[]
  /** Wall rate of one ingest node (the 1-node run), on this machine as loaded. */
  perNodeRate: number
  /** The best stored rate seen (one writer process, every shard). */
  writerRate: number
  /** From CPU time: µs per report of each part, and the rates they give on idle cores. */
  cpu:
    | {
        ingestUs: number
        writerUs: number
        natsUs: number
        postgresUs: number
        totalUs: number
        verifyUs: number
        /** Accepted/s of one ingest node on one idle core: 1 s / its CPU per report. */
        nodeRatePerCore: number
        writerRatePerCore: number
        /** Accepted/s the whole machine carries, every part on its cores. */
        machineLimit: number
      }
    | undefined
}

/** How long each single-core verify sample runs: long enough to be steady, short enough to be cheap. */
const VERIFY_SAMPLE_MS = 3_000
/** USER_HZ: the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100
const CLIENTS_PER_NODE = 2

export async function runScaleIngest(options: ScaleIngestOptions = {}): Promise<ScaleIngestResult> {
  const log = options.log ?? ((line: string) => console.log(line))
  const databaseUrl = process.env.DATABASE_URL
  if (databaseUrl === undefined || databaseUrl === '' || (process.env.NATS_URL ?? '') === '') {
    throw new Error('the ingest part of bench:scale needs NATS_URL (JetStream) and DATABASE_URL (PostgreSQL)')
  }
  const nodeCounts = options.nodes ?? [1, 2, 4]
  const reportCount = options.reports ?? 40_000
  const deviceCount = options.devices ?? 1_000
  const batchSize = options.batch ?? 500
  const partitions = options.partitions ?? 4
  const fmt = (n: number) => Math.round(n).toLocaleString('en')

  // ---- reports, signed once, not timed ----
  log(`signing ${fmt(reportCount)} ed25519 reports from ${fmt(deviceCount)} devices…`)
  const keys: DeviceKey[] = Array.from({ length: deviceCount }, () => generateDeviceKey('ed25519'))
  const perDevice = Math.ceil(reportCount / deviceCount)
  const reportsOf: Uint8Array[][] = keys.map(() => [])
  let signed = 0
  for (let sequence = 1; sequence <= perDevice; sequence++) {
    keys.forEach((key, i) => {
      if (signed >= reportCount) return
      reportsOf[i]!.push(testReport(key, sequence, { payload: new Uint8Array(24).fill(sequence & 0xff) }))
      signed++
    })
  }
  const sample = reportsOf.slice(0, 2_000).map((reports, i) => {
    const sealed = openSignedReport(reports[0]!)
    return { key: keys[i]!, message: reportSigningMessage(sealed.body), signature: sealed.signature }
  })
  const verifyMeter = verifyRateMeter(sample, VERIFY_SAMPLE_MS)
  const verifyRate = () => verifyMeter.measure()
  /** Client c's batches: the reports of devices c, c + clients, …, in sequence order per device. */
  const batchesFor = (clients: number) =>
    Array.from({ length: clients }, (_, client) => {
      const own = reportsOf.filter((_, i) => i % clients === client)
      const flat: Uint8Array[] = []
      for (let sequence = 0; sequence < perDevice; sequence++) for (const reports of own) if (reports[sequence] !== undefined) flat.push(reports[sequence]!)
      const batches: Uint8Array[] = []
      for (let i = 0; i < flat.length; i += batchSize) batches.push(testBatch(flat.slice(i, i + batchSize)))
      return batches
    })

  const runs: ScaleIngestRun[] = []
  for (const nodeCount of nodeCounts) {
    const before = verifyRate()
    const scratch = await createScratchDatabase(databaseUrl)
    const db = openPostgresDb(scratch.url, { poolSize: 2 })
    const stream = uniqueStream({ partitions, publishTimeoutMs: 10_000 })
    const children: RunningJetStreamNode[] = []
    let run: Omit<ScaleIngestRun, 'verifyRate' | 'verifyCpuUs' | 'acceptedRatio' | 'storedRatio'>
    try {
      await db.migrate()
      await seedDevices(db, keys)
      // The stream exists before anyone publishes; its writer process starts first.
      await (await connectReportStream(stream)).close()
      const common = { databaseUrl: scratch.url, stream, nowMs: TEST_NOW_MS, sealAtMs: TEST_NOW_MS + 3_600_000 }
      const writer = await spawnJetStreamNode({ ...common, role: 'writer', shards: allShards(partitions), batchSize: 2_000 })
      children.push(writer)
      const ingests = await Promise.all(Array.from({ length: nodeCount }, () => spawnJetStreamNode({ ...common, role: 'ingest', verifierThreads: 0 })))
      children.push(...ingests)
      const clientBatches = batchesFor(nodeCount * CLIENTS_PER_NODE)
      let accepted = 0
      const post = async (url: string, body: Uint8Array) => {
        const response = await fetch(`${url}/v1/reports/batch`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(body) })
        const answer = (await response.json()) as { accepted: number; duplicates: number; rejected: number }
        if (response.status !== 200 || answer.rejected > 0 || answer.duplicates > 0) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`)
        accepted += answer.accepted
      }
      // One warm-up batch per client (JIT, connections), not counted in the rate.
      await Promise.all(clientBatches.map((batches, c) => post(ingests[c % nodeCount]!.url, batches.shift()!)))
      const warm = accepted
      accepted = 0
      const parts = () => ({
        ingest: ingests.map((node) => node.child.pid!),
        writer: [writer.child.pid!],
        nats: pidsWhere((comm) => comm === 'nats-server'),
        postgres: pidsWhere((comm, cmdline) => comm === 'postgres' && cmdline.includes(` ${scratch.name} `)),
      })
      const cpuBefore = cpuOf(parts())
      const start = performance.now()
      await Promise.all(
        clientBatches.map(async (batches, c) => {
          for (const batch of batches) await post(ingests[c % nodeCount]!.url, batch)
        }),
      )
      const ackedMs = performance.now() - start
      if (accepted + warm !== reportCount) throw new Error(`accepted ${accepted + warm} of ${reportCount}`)
      // Stored: every acknowledged report is in PostgreSQL (the writers commit reports and marks together).
      for (;;) {
        const { rows } = await db.query<{ n: string }>('select count(*) as n from reports')
        if (Number(rows[0]!.n) >= reportCount) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const storedMs = performance.now() - start
      const cpuAfter = cpuOf(parts())
      const perReport = (part: keyof typeof cpuAfter) => ((cpuAfter[part] - cpuBefore[part]) * 1000) / accepted
      run = {
        nodes: nodeCount,
        reports: accepted,
        acceptedRate: (accepted * 1000) / ackedMs,
        storedRate: (accepted * 1000) / storedMs,
        cpuUsPerReport: cpuAfter.ingest === 0 ? undefined : { ingest: perReport('ingest'), writer: perReport('writer'), nats: perReport('nats'), postgres: perReport('postgres') },
        loadAverage: loadavg()[0]!,
      }
    } finally {
      await Promise.all(children.map((child) => child.kill()))
      await db.close()
      await scratch.drop()
      await deleteStream(stream).catch(() => undefined)
    }
    const after = verifyRate()
    const verify = (before + after) / 2
    const done: ScaleIngestRun = {
      ...run,
      verifyRate: verify,
      verifyCpuUs: verifyMeter.cpuUsPerVerify(),
      acceptedRatio: run.acceptedRate / verify,
      storedRatio: run.storedRate / verify,
    }
    runs.push(done)
    const cpu = done.cpuUsPerReport
    log(
      `  ${nodeCount} ingest node${nodeCount === 1 ? ' ' : 's'}  accepted ${fmt(done.acceptedRate)} /s (${done.acceptedRatio.toFixed(2)} × 1 core)  stored ${fmt(done.storedRate)} /s (${done.storedRatio.toFixed(2)})  verify 1 core ${fmt(verify)} /s  load ${done.loadAverage.toFixed(1)}${
        cpu === undefined
          ? ''
          : `\n      CPU per report: ingest ${cpu.ingest.toFixed(0)} µs, writer ${cpu.writer.toFixed(0)} µs, nats-server ${cpu.nats.toFixed(0)} µs, PostgreSQL ${cpu.postgres.toFixed(0)} µs; one verify ${done.verifyCpuUs.toFixed(0)} µs`
      }`,
    )
  }
  const one = runs.find((run) => run.nodes === 1) ?? runs[0]!
  // A writer process's rate: what it stored per CPU second, on the cores it had (at least the stored rate seen).
  const writerRate = Math.max(...runs.map((run) => run.storedRate))
  // CPU per report, the mean over the runs (each run's processes measured alone, from /proc).
  const measured = runs.filter((run) => run.cpuUsPerReport !== undefined)
  const mean = (pick: (run: ScaleIngestRun) => number) => measured.reduce((sum, run) => sum + pick(run), 0) / measured.length
  const cpu =
    measured.length === 0
      ? undefined
      : (() => {
          const ingestUs = mean((run) => run.cpuUsPerReport!.ingest)
          const writerUs = mean((run) => run.cpuUsPerReport!.writer)
          const natsUs = mean((run) => run.cpuUsPerReport!.nats)
          const postgresUs = mean((run) => run.cpuUsPerReport!.postgres)
          const totalUs = ingestUs + writerUs + natsUs + postgresUs
          const verifyUs = runs.at(-1)!.verifyCpuUs
          return {
            ingestUs,
            writerUs,
            natsUs,
            postgresUs,
            totalUs,
            verifyUs,
            nodeRatePerCore: 1e6 / ingestUs,
            writerRatePerCore: 1e6 / writerUs,
            machineLimit: (availableParallelism() * 1e6) / totalUs,
          }
        })()
  return { cores: availableParallelism(), runs, perNodeRate: one.acceptedRate, writerRate, cpu }
}

/** CPU ms (user + system, all threads) each named group of processes has used, from /proc (0 off Linux or for a process gone). */
function cpuOf<group extends string>(groups: Record<group, number[]>): Record<group, number> {
  const total = {} as Record<group, number>
  for (const [name, pids] of Object.entries(groups) as [group, number[]][]) total[name] = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0)
  return total
}

function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // After the command name (which may hold spaces, hence the last ')'): utime is the 12th field, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Processes whose name (comm) and command line (a PostgreSQL backend's names its database) match. */
function pidsWhere(match: (comm: string, cmdline: string) => boolean): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return match(readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), ` ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')} `)
        } catch {
          return false
        }
      })
      .map(Number)
  } catch {
    return []
  }
}

/** Printed by bench:scale's ingest part, and by this file run alone. */
export function describeScaleIngest(result: ScaleIngestResult): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en')
  const best = result.runs.reduce((a, b) => (b.acceptedRate > a.acceptedRate ? b : a))
  const lines = [
    `  per ingest node, wall (1 process, verify on its main thread, this machine's load): ${fmt(result.perNodeRate)} accepted /s`,
    `  best wall rate: ${best.nodes} node${best.nodes === 1 ? '' : 's'}, ${fmt(best.acceptedRate)} accepted /s = ${best.acceptedRatio.toFixed(2)} × one core's verify rate`,
  ]
  const cpu = result.cpu
  if (cpu !== undefined) {
    lines.push(
      `  from CPU time (the machine is shared, so CPU per report is steadier than wall rates): an ingest node spends ${cpu.ingestUs.toFixed(0)} µs a report against ${cpu.verifyUs.toFixed(0)} µs for one verify,`,
      `    so one idle core runs a node at about ${fmt(cpu.nodeRatePerCore)} accepted /s (${(cpu.verifyUs / cpu.ingestUs).toFixed(2)} × one core's verify rate); a writer stores about ${fmt(cpu.writerRatePerCore)} /s per core`,
      `  the limit on this ${result.cores}-core machine: every report costs ${cpu.totalUs.toFixed(0)} µs of CPU in all (ingest ${cpu.ingestUs.toFixed(0)}, writer ${cpu.writerUs.toFixed(0)}, nats-server ${cpu.natsUs.toFixed(0)}, PostgreSQL ${cpu.postgresUs.toFixed(0)}),`,
      `    so ${result.cores} idle cores carry at most about ${fmt(cpu.machineLimit)} accepted /s = ${((cpu.machineLimit * cpu.verifyUs) / 1e6).toFixed(2)} × one core's verify rate, however many ingest processes share them`,
    )
  }
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util')
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1,2,4' },
      reports: { type: 'string', default: '40000' },
      devices: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '500' },
    },
  })
  console.log('\ningest through JetStream into PostgreSQL (accepted/s ÷ one core’s ed25519 verify rate, same run)')
  const result = await runScaleIngest({ nodes: values.nodes.split(',').map(Number), reports: Number(values.reports), devices: Number(values.devices), batch: Number(values.batch) })
  console.log(describeScaleIngest(result))
}
