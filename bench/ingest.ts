/**
 * npm run bench:ingest [-- --reports 100000] [-- --devices 1000] [-- --batch 500] [-- --clients 4]
 *                      [-- --db pglite|postgres] [-- --threads N] [-- --profile <file.cpuprofile>]
 *
 * Accepted reports per second through the real ingest, against the raw ed25519 verify rate of one
 * core of the same machine in the same run. Ingest runs as its own process (as it would in
 * production: clients are elsewhere), with verification on its worker pool, deduplication, and a
 * durable write into a fresh store: PGlite on a temporary directory by default, a fresh PostgreSQL
 * database when DATABASE_URL is set or --db postgres. Clients POST ReportBatch bodies over HTTP
 * keep-alive, each client owning a share of the devices so that every device's sequences arrive
 * in order. Reports are signed before anything is timed.
 *
 * Target (DESIGN.md, "Targets that shape the code"): ratio ≥ 1.0, i.e. ingest keeps up with at
 * least one core's worth of pure signature checking while doing everything else.
 *
 * Meanwhile a concurrent reader asks the same server's read API (GET /v1/status, which counts the
 * growing reports table) every 100 ms, as the independent test's probe did: ingest must never
 * block the oracle's event loop, so the reader's 99th-percentile latency must stay under 1 s
 * (issue "Oracles that always agree", item 4).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createProgress } from '@pinion/contracts/log'
import { type DeviceKey, generateDeviceKey, openSignedReport, reportSigningMessage } from '@pinion/protocol'
import { verifyRateMeter } from './verifyRateMeter.ts'
import { createScratchDatabase } from '../packages/testkit/src/oracle/scratchDatabase.ts'
import { spawnTestServer } from '../packages/testkit/src/oracle/spawnPinnedServer.ts'
import { TEST_NOW_MS, testBatch, testReport } from '../packages/testkit/src/oracle/sampleReports.ts'

const TARGET_RATIO = 1.0
/** The concurrent reader's 99th-percentile latency must stay under this. */
const READER_P99_TARGET_MS = 1_000
/** How often the reader asks, as the independent test's probe did (once a second there; ten times here). */
const READER_INTERVAL_MS = 100
/** USER_HZ: the unit of /proc/<pid>/stat times, 100 on Linux. */
const CLOCK_TICKS_PER_SECOND = 100
/** How long the single-core verify loop runs: long enough to be steady, short enough to be cheap. */
const VERIFY_SAMPLE_MS = 3_000

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    devices: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '500' },
    clients: { type: 'string', default: '4' },
    db: { type: 'string' },
    threads: { type: 'string' },
    profile: { type: 'string' },
  },
})
const reportCount = Number(values.reports)
const deviceCount = Number(values.devices)
const batchSize = Number(values.batch)
const clientCount = Number(values.clients)
const databaseUrl = process.env.DATABASE_URL
const backend = values.db ?? (databaseUrl === undefined || databaseUrl === '' ? 'pglite' : 'postgres')
if (backend !== 'pglite' && backend !== 'postgres') throw new Error(`--db must be pglite or postgres, got ${backend}`)
if (backend === 'postgres' && (databaseUrl === undefined || databaseUrl === '')) throw new Error('--db postgres needs DATABASE_URL')
const threads = values.threads === undefined ? availableParallelism() : Number(values.threads)
const rate = (count: number, ms: number) => Math.round((count * 1000) / ms)
const fmt = (n: number) => n.toLocaleString('en')

// ---- reports (not timed) ----
console.log(`signing ${fmt(reportCount)} ed25519 reports from ${fmt(deviceCount)} devices…`)
const keys: DeviceKey[] = Array.from({ length: deviceCount }, () => generateDeviceKey('ed25519'))
const perDevice = Math.ceil(reportCount / deviceCount)
/** Client c owns devices c, c + clients, …; its batches hold its devices' reports in sequence order. */
const clientBatches: Uint8Array[][] = Array.from({ length: clientCount }, () => [])
const sample: { key: DeviceKey; message: Uint8Array; signature: Uint8Array }[] = []
let signed = 0
const signStart = performance.now()
const signing = createProgress({ task: 'signing', total: reportCount })
for (let client = 0; client < clientCount; client++) {
  const own = keys.filter((_, i) => i % clientCount === client)
  let pending: Uint8Array[] = []
  for (let sequence = 1; sequence <= perDevice; sequence++) {
    for (const key of own) {
      if (signed >= reportCount) break
      const report = testReport(key, sequence, { payload: new Uint8Array(24).fill(sequence & 0xff) })
      signed++
      signing.update(signed)
      pending.push(report)
      if (sample.length < 20_000) {
        const sealed = openSignedReport(report)
        sample.push({ key, message: reportSigningMessage(sealed.body), signature: sealed.signature })
      }
      if (pending.length === batchSize) {
        clientBatches[client]!.push(testBatch(pending))
        pending = []
      }
    }
  }
  if (pending.length > 0) clientBatches[client]!.push(testBatch(pending))
}
signing.end()
console.log(`  signed in ${((performance.now() - signStart) / 1000).toFixed(1)} s`)

// ---- (a) one core, verify only: before and after (b), since other load on the machine may change ----
// CPU µs per verify (user + system of this process, which runs nothing else meanwhile), over both runs.
const verifyMeter = verifyRateMeter(sample, VERIFY_SAMPLE_MS)
const measureVerifyRate = () => Math.round(verifyMeter.measure())
const verifyBeforeRate = measureVerifyRate()

/** CPU time (user + system, all threads) the process `pid` has used, from /proc; undefined off Linux. */
async function cpuTimeMs(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

// ---- (b) ingest over HTTP ----
let dataDir: string | undefined
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined
if (backend === 'pglite') dataDir = await mkdtemp(join(tmpdir(), 'pinion-bench-ingest-'))
else scratch = await createScratchDatabase(databaseUrl!)
const server = await spawnTestServer({
  ...(dataDir === undefined ? {} : { dataDir }),
  ...(scratch === undefined ? {} : { databaseUrl: scratch.url }),
  devices: keys.map((key) => ({ type: key.type, publicKey: key.publicKey })),
  nowMs: TEST_NOW_MS,
  verifierThreads: threads,
  ...(values.profile === undefined ? {} : { profileFile: values.profile }),
})
let accepted = 0
let other = 0
/** Progress of the timed run (its redraws cost microseconds a batch; the run takes seconds). */
let ingesting: ReturnType<typeof createProgress> | undefined
let ingestMs = 0
let serverCpuMs: number | undefined
const readLatencies: number[] = []
try {
  const post = async (body: Uint8Array) => {
    const response = await fetch(`${server.url}/v1/reports/batch`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body })
    const answer = (await response.json()) as { accepted: number; duplicates: number; rejected: number }
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(answer)}`)
    accepted += answer.accepted
    other += answer.duplicates + answer.rejected
    ingesting?.update(accepted + other)
  }
  // One warm-up batch per client (the verifier threads' key caches, the JIT), not counted.
  const warmUp = clientBatches.map((batches) => batches.shift()).filter((batch) => batch !== undefined)
  await Promise.all(warmUp.map(post))
  const warmAccepted = accepted
  accepted = 0
  ingesting = createProgress({ task: 'ingesting', total: reportCount - warmAccepted })
  const cpuBefore = await cpuTimeMs(server.child.pid)
  const start = performance.now()
  let reading = true
  const reader = (async () => {
    while (reading) {
      const asked = performance.now()
      const response = await fetch(`${server.url}/v1/status`)
      if (!response.ok) throw new Error(`the reader got ${response.status}`)
      await response.arrayBuffer()
      readLatencies.push(performance.now() - asked)
      await new Promise((resolve) => setTimeout(resolve, READER_INTERVAL_MS))
    }
  })()
  await Promise.all(
    clientBatches.map(async (batches) => {
      for (const batch of batches) await post(batch)
    }),
  )
  ingestMs = performance.now() - start
  ingesting.end()
  reading = false
  await reader
  const cpuAfter = await cpuTimeMs(server.child.pid)
  if (cpuBefore !== undefined && cpuAfter !== undefined) serverCpuMs = cpuAfter - cpuBefore
  if (other > 0) throw new Error(`${other} reports were not accepted`)
  if (accepted + warmAccepted !== reportCount) throw new Error(`accepted ${accepted + warmAccepted} of ${reportCount}`)
} finally {
  await server.stop()
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  await scratch?.drop()
}
const ingestRate = rate(accepted, ingestMs)
const verifyAfterRate = measureVerifyRate()
const verifyRate = Math.round((verifyBeforeRate + verifyAfterRate) / 2)
const ratio = ingestRate / verifyRate
const verifyCostUs = verifyMeter.cpuUsPerVerify()
const serverCostUs = serverCpuMs === undefined ? undefined : (serverCpuMs * 1000) / accepted
readLatencies.sort((a, b) => a - b)
const percentile = (p: number) => readLatencies[Math.min(readLatencies.length - 1, Math.ceil((p / 100) * readLatencies.length) - 1)] ?? 0
const readerP99 = percentile(99)

console.log(`
ingest benchmark — ${backend === 'pglite' ? 'PGlite on disk' : 'PostgreSQL'}, ${availableParallelism()} cores, ${threads} verifier threads
  reports                      ${fmt(reportCount)} from ${fmt(deviceCount)} devices, batches of ${batchSize}, ${clientCount} clients
  (a) ed25519 verify, 1 core   ${fmt(verifyRate)} /s  (${fmt(verifyBeforeRate)} before (b), ${fmt(verifyAfterRate)} after)
  (b) ingest over HTTP         ${fmt(ingestRate)} accepted /s  (${fmt(accepted)} in ${(ingestMs / 1000).toFixed(2)} s; verified, deduplicated, durably stored)
  ratio (b) / (a)              ${ratio.toFixed(2)}  (target ≥ ${TARGET_RATIO.toFixed(1)}) ${ratio >= TARGET_RATIO ? 'ok' : 'BELOW TARGET'}
  concurrent reader            GET /v1/status every ${READER_INTERVAL_MS} ms during (b): ${readLatencies.length} reads, p50 ${percentile(50).toFixed(0)} ms, p99 ${readerP99.toFixed(0)} ms, max ${percentile(100).toFixed(0)} ms  (target p99 < ${fmt(READER_P99_TARGET_MS)} ms) ${readerP99 < READER_P99_TARGET_MS ? 'ok' : 'ABOVE TARGET'}${
    serverCostUs === undefined
      ? ''
      : `
  CPU per report               ${serverCostUs.toFixed(0)} µs in the ingest process, all threads${backend === 'postgres' ? ' (not counting the PostgreSQL server)' : ''}; one verify alone: ${verifyCostUs.toFixed(0)} µs
                               so on ${availableParallelism()} otherwise idle cores ingest would reach about ${((availableParallelism() * verifyCostUs) / serverCostUs).toFixed(2)} × (a)`
  }`)
