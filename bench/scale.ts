/**
 * npm run bench:scale [-- --part epoch|ingest|model|all] [-- --sizes 1000000,10000000] [-- --devices 20000]
 *                     [-- --threads N] [-- --seed 1] [-- --dir <cache dir>] [-- --whole 1000000]
 *                     [-- --node-rate <reports/s>] [-- --writer-rate <reports/s>] [-- --epoch-cpu-us <µs>]
 *
 * Issue 17 part 4, in sections:
 *
 * - epoch: one epoch of the uptime kind (the default) over 1 M and 10 M reports, computed streaming
 *   (streamEpoch: verify on the worker pool, judge and score device by device, allocate, accumulate,
 *   tree), each size in a process of its own so its peak RSS is its own; the ratios 10 M / 1 M of time
 *   (linear: ≈ 10) and peak memory (bounded: ≈ 1). The fleet is fixed (20,000 devices by default) and
 *   the reports per device grow, so memory that grew would be memory held per report. Reports are
 *   signed beforehand (not timed) by one process per core into files in canonical order, a device at
 *   a time, cached by seed and size; the epoch reads them back a page at a time. With --whole N the
 *   epoch of N reports is also computed by computeEpoch with every report in memory, for contrast, and
 *   must give the same root.
 * - ingest: JetStream ingest nodes (1, 2, 4) with writers into PostgreSQL (bench/scaleIngest.ts;
 *   needs NATS_URL and DATABASE_URL): accepted/s and stored/s ÷ one core's verify rate, and CPU per report.
 * - model: ingest nodes and writers for a 1 M-device network (24 reports a device a day, bursts of
 *   10×), from the per-node and per-writer rates measured here: the ingest section's JetStream node
 *   and writer when it ran (--part all), else bench:ingest's HTTP ingest (run briefly by this
 *   section), unless --node-rate and --writer-rate give them.
 */
import { spawn } from 'node:child_process'
import { mkdir, stat } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { reportSigningMessage } from '@pinion/protocol'
import { computeEpoch } from '../packages/oracle/src/epoch/computeEpoch.ts'
import { streamEpoch } from '../packages/oracle/src/epoch/streamEpoch.ts'
import type { VerifySignatures } from '../packages/oracle/src/epoch/types.ts'
import { VerifyPool } from '../packages/oracle/src/ingest/verifyPool.ts'
import { ISSUE_NETWORK, type LoadModel, SPARE_INGEST_NODES, TARGET_UTILISATION, loadModel } from './loadModel.ts'
import { readReportPages, scaleFleet, scaleInput, writeReports } from './scaleFleet.ts'
import { type ScaleIngestResult, describeScaleIngest, runScaleIngest } from './scaleIngest.ts'

const PAGE_SIZE = 8_192

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    sizes: { type: 'string', default: '1000000,10000000' },
    devices: { type: 'string', default: '20000' },
    threads: { type: 'string' },
    seed: { type: 'string', default: '1' },
    dir: { type: 'string', default: join(tmpdir(), 'pinion-bench-scale') },
    whole: { type: 'string' },
    'node-rate': { type: 'string' },
    'writer-rate': { type: 'string' },
    'epoch-cpu-us': { type: 'string' },
    // Internal: what a child process of this bench does.
    child: { type: 'string' },
    reports: { type: 'string' },
    index: { type: 'string' },
    parts: { type: 'string' },
  },
})
const seed = Number(values.seed)
const devices = Number(values.devices)
const threads = values.threads === undefined ? availableParallelism() : Number(values.threads)
const fmt = (n: number) => Math.round(n).toLocaleString('en')
const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The files that hold `reports` reports of the fleet, one per generating process. */
const reportFiles = (reports: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => join(values.dir, `uptime-seed${seed}-devices${devices}-reports${reports}-part${i + 1}of${parts}.bin`))

type EpochRun = {
  mode: 'stream' | 'whole'
  retainedHeapBytes: number
  reports: number
  valid: number
  shares: number
  wallMs: number
  cpuMs: number
  peakRssBytes: number
  root: string
  inputsHash: string
}

// ---- children ----

if (values.child === 'generate') {
  const [reports, index, parts] = [Number(values.reports), Number(values.index), Number(values.parts)]
  const fleet = scaleFleet(seed, devices)
  const [from, to] = [Math.floor((index * devices) / parts), Math.floor(((index + 1) * devices) / parts)]
  let last = 0
  await writeReports(reportFiles(reports, parts)[index]!, fleet, from, to, reports, seed, (done) => {
    if (done - last >= 1_000 || done === to - from) {
      last = done
      process.stderr.write(`  signing part ${index + 1}/${parts}: ${fmt(done)} of ${fmt(to - from)} devices\n`)
    }
  })
  process.exit(0)
}

if (values.child === 'stream' || values.child === 'whole') {
  const reports = Number(values.reports)
  const input = scaleInput(scaleFleet(seed, devices))
  const pool = await VerifyPool.start({ size: threads })
  // The oracle's worker pool, as computeEpoch's VerifySignatures: exactly verifyReportSignature, in bulk.
  const verifySignatures: VerifySignatures = async (batch) => {
    const answers = await pool.verify(
      batch.map(({ keyType, publicKey, report }) => ({ keyType, publicKey, message: reportSigningMessage(report.body), signature: report.signature })),
    )
    return Array.from(answers, (a) => a === 1)
  }
  const files = reportFiles(reports, threads)
  let run: EpochRun
  if (values.child === 'stream') {
    let judged = 0
    let nextNote = 1_000_000
    const cpu = process.cpuUsage()
    const start = performance.now()
    const result = await streamEpoch(
      { ...input, reports: readReportPages(files, PAGE_SIZE) },
      {
        verifySignatures,
        onVerdicts: (verdicts) => {
          judged += verdicts.length
          if (judged >= nextNote) {
            process.stderr.write(`  ${fmt(judged)} reports judged, RSS ${mib(process.memoryUsage().rss)}, ${sec(performance.now() - start)}\n`)
            nextNote += 1_000_000
          }
        },
      },
    )
    const used = process.cpuUsage(cpu)
    const wallMs = performance.now() - start
    globalThis.gc?.() // what the epoch still holds with its result in hand: the devices' state, not the reports
    run = {
      mode: 'stream',
      retainedHeapBytes: process.memoryUsage().heapUsed,
      reports: result.counts.reports,
      valid: result.counts.valid,
      shares: result.shares.length,
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      root: result.root,
      inputsHash: result.inputsHash,
    }
  } else {
    // Every report in memory, then computeEpoch: what the oracle does today (reading them is timed too).
    const cpu = process.cpuUsage()
    const start = performance.now()
    const all: { signed: Uint8Array }[] = []
    for await (const page of readReportPages(files, PAGE_SIZE)) for (const signed of page) all.push({ signed: signed.slice() })
    const result = await computeEpoch({ ...input, reports: all }, { verifySignatures })
    const used = process.cpuUsage(cpu)
    const wallMs = performance.now() - start
    globalThis.gc?.()
    run = {
      mode: 'whole',
      retainedHeapBytes: process.memoryUsage().heapUsed,
      reports: result.counts.reports,
      valid: result.counts.valid,
      shares: result.shares.length,
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      root: result.root,
      inputsHash: result.inputsHash,
    }
    all.length = 0
  }
  await pool.close()
  console.log(JSON.stringify(run))
  process.exit(0)
}

// ---- the parent: sections ----

/** Runs this script as a child with `args`; resolves with its stdout (stderr goes to ours). */
function child(args: string[], script = 'bench/scale.ts'): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout.on('data', (data: Buffer) => {
      out += data.toString()
    })
    proc.on('error', reject)
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} ${args.join(' ')} exited with ${code}`))))
  })
}

const common = ['--seed', String(seed), '--devices', String(devices), '--dir', values.dir, '--threads', String(threads)]

async function ensureReports(reports: number): Promise<void> {
  const files = reportFiles(reports, threads)
  const missing: number[] = []
  for (let i = 0; i < files.length; i++) await stat(files[i]!).catch(() => missing.push(i))
  if (missing.length === 0) return
  console.log(`signing ${fmt(reports)} reports of ${fmt(devices)} devices into ${values.dir} (${missing.length} process${missing.length === 1 ? '' : 'es'}, not timed)…`)
  const start = performance.now()
  await Promise.all(missing.map((i) => child(['--child', 'generate', '--reports', String(reports), '--index', String(i), '--parts', String(threads), ...common])))
  console.log(`  signed in ${sec(performance.now() - start)}`)
}

/** Time and memory of `large` against `small`: time should grow with the reports, memory not. */
function ratioLine(small: EpochRun, large: EpochRun): string {
  const n = large.reports / small.reports
  return `ratio ${fmt(large.reports)} / ${fmt(small.reports)} (×${n.toFixed(0)} reports): wall ×${(large.wallMs / small.wallMs).toFixed(2)}, CPU ×${(large.cpuMs / small.cpuMs).toFixed(2)} (linear: ≈${n.toFixed(0)}), peak RSS ×${(large.peakRssBytes / small.peakRssBytes).toFixed(2)} (bounded: ≈1), heap held ×${(large.retainedHeapBytes / small.retainedHeapBytes).toFixed(2)}`
}

async function epochPart(): Promise<EpochRun[]> {
  const sizes = values.sizes.split(',').map(Number)
  await mkdir(values.dir, { recursive: true })
  const runs: EpochRun[] = []
  let whole: EpochRun | undefined
  const wholeSize = values.whole === undefined ? undefined : Number(values.whole)
  const runWhole = async (reports: number) => {
    await ensureReports(reports)
    console.log(`epoch over ${fmt(reports)} reports, whole (computeEpoch, every report in memory; load average ${loadavg()[0]!.toFixed(1)})…`)
    whole = JSON.parse((await child(['--child', 'whole', '--reports', String(reports), ...common])).trim().split('\n').pop()!) as EpochRun
    console.log(
      `  ${sec(whole.wallMs)} wall, ${sec(whole.cpuMs)} CPU, peak RSS ${gib(whole.peakRssBytes)}, heap held at the end ${mib(whole.retainedHeapBytes)}, root ${whole.root}`,
    )
  }
  for (const reports of sizes) {
    await ensureReports(reports)
    console.log(`epoch over ${fmt(reports)} reports, streaming (load average ${loadavg()[0]!.toFixed(1)})…`)
    const run = JSON.parse((await child(['--child', 'stream', '--reports', String(reports), ...common])).trim().split('\n').pop()!) as EpochRun
    runs.push(run)
    console.log(`  ${sec(run.wallMs)} wall, ${sec(run.cpuMs)} CPU, peak RSS ${gib(run.peakRssBytes)}, heap held at the end ${mib(run.retainedHeapBytes)}, root ${run.root}`)
    const previous = runs[runs.length - 2]
    if (previous !== undefined) console.log(`  ${ratioLine(previous, run)}`)
    // The whole-epoch contrast right after its size, so a long larger run does not hold it back.
    if (wholeSize === reports) await runWhole(reports)
  }
  if (wholeSize !== undefined && whole === undefined) await runWhole(wholeSize)
  console.log(
    `\nepoch at scale — uptime, ${fmt(devices)} devices, 24 h epoch, streamEpoch with ${threads} verifier thread${threads === 1 ? '' : 's'}, ${availableParallelism()} cores`,
  )
  console.log('  mode    reports      per device  valid        wall       CPU (all threads)  CPU/report  peak RSS   heap held at the end')
  for (const run of [...runs, ...(whole === undefined ? [] : [whole])]) {
    console.log(
      `  ${run.mode.padEnd(7)} ${fmt(run.reports).padEnd(12)} ${fmt(run.reports / devices).padEnd(11)} ${fmt(run.valid).padEnd(12)} ${sec(run.wallMs).padEnd(10)} ${sec(run.cpuMs).padEnd(18)} ${`${((run.cpuMs * 1000) / run.reports).toFixed(0)} µs`.padEnd(11)} ${gib(run.peakRssBytes).padEnd(10)} ${mib(run.retainedHeapBytes)}`,
    )
  }
  for (let i = 1; i < runs.length; i++) console.log(`  ${ratioLine(runs[i - 1]!, runs[i]!)}`)
  const contrast = whole as EpochRun | undefined // assigned inside runWhole, which narrowing cannot see
  if (contrast !== undefined) {
    const same = runs.find((run) => run.reports === contrast.reports)
    if (same !== undefined) {
      const agree = same.root === contrast.root && same.inputsHash === contrast.inputsHash
      console.log(
        `  whole / stream at ${fmt(contrast.reports)}: peak RSS ×${(contrast.peakRssBytes / same.peakRssBytes).toFixed(2)}, CPU ×${(contrast.cpuMs / same.cpuMs).toFixed(2)}; same root and inputsHash: ${agree ? 'yes' : 'NO'}`,
      )
      if (!agree) process.exitCode = 1
    }
  }
  return runs
}

/** JetStream ingest nodes (1, 2, 4) with writers into PostgreSQL: bench/scaleIngest.ts (needs NATS_URL and DATABASE_URL). */
async function ingestPart(): Promise<ScaleIngestResult> {
  console.log("\ningest through JetStream (1, 2 and 4 ingest processes with writers into PostgreSQL, accepted/s ÷ one core's verify rate, same run)")
  const result = await runScaleIngest()
  console.log(describeScaleIngest(result))
  return result
}

/** bench:ingest's accepted rate and CPU per report, from a short run of it (PostgreSQL when DATABASE_URL is set). */
async function measureIngest(): Promise<{ wallRate: number; cpuUsPerReport: number | undefined; backend: string }> {
  console.log('\nmeasuring the per-node ingest rate: bench:ingest, 20,000 reports from 200 devices…')
  const out = await child(['--reports', '20000', '--devices', '200', '--batch', '500', '--clients', '4'], 'bench/ingest.ts')
  const number = (pattern: RegExp) => {
    const match = out.match(pattern)
    return match === null ? undefined : Number(match[1]!.replaceAll(',', ''))
  }
  const wallRate = number(/\(b\) ingest over HTTP\s+([\d,]+) accepted/)
  if (wallRate === undefined) throw new Error(`bench:ingest printed no rate:\n${out}`)
  return { wallRate, cpuUsPerReport: number(/CPU per report\s+([\d,]+) µs/), backend: out.includes('PostgreSQL') ? 'PostgreSQL' : 'PGlite' }
}

async function modelPart(epochRuns: readonly EpochRun[], jetstream: ScaleIngestResult | undefined): Promise<LoadModel> {
  let nodeRate: number
  let source: string
  let measuredWriterRate: number | undefined
  if (values['node-rate'] !== undefined) {
    nodeRate = Number(values['node-rate'])
    source = 'given (--node-rate)'
  } else if (jetstream?.cpu !== undefined) {
    // The ingest section's JetStream node, from its CPU per report, on a node of this machine's cores;
    // a writer process on one core of its own.
    nodeRate = jetstream.cpu.nodeRatePerCore * jetstream.cores
    measuredWriterRate = jetstream.cpu.writerRatePerCore
    source = `JetStream ingest node, this run: ${jetstream.cpu.ingestUs.toFixed(0)} µs of CPU a report in the ingest process, so ${fmt(nodeRate)} /s on ${jetstream.cores} cores of its own (nats-server and PostgreSQL on machines of their own)`
  } else {
    const measured = await measureIngest()
    // A node's rate on cores of its own: CPU per report is what a loaded machine distorts least.
    const cores = availableParallelism()
    const idleRate = measured.cpuUsPerReport === undefined ? undefined : (cores * 1e6) / measured.cpuUsPerReport
    nodeRate = idleRate ?? measured.wallRate
    source = `bench:ingest over HTTP into ${measured.backend}, this run: ${fmt(measured.wallRate)} /s wall on the shared machine; ${
      idleRate === undefined
        ? 'no CPU figure, so the wall rate is used'
        : `${measured.cpuUsPerReport} µs of CPU a report, so ${fmt(idleRate)} /s on ${cores} cores of its own (used)`
    }`
  }
  // A writer only writes what ingest verified: at least as fast as an ingest node that also writes, until measured.
  const writerRate = values['writer-rate'] !== undefined ? Number(values['writer-rate']) : (measuredWriterRate ?? nodeRate)
  const largest = epochRuns[epochRuns.length - 1]
  const epochCpuUs = values['epoch-cpu-us'] !== undefined ? Number(values['epoch-cpu-us']) : largest === undefined ? undefined : (largest.cpuMs * 1000) / largest.reports
  const model = loadModel({
    ...ISSUE_NETWORK,
    ingestNodeRate: nodeRate,
    writerRate,
    ...(epochCpuUs === undefined ? {} : { epochCpuSecondsPerReport: epochCpuUs / 1e6 }),
  })
  console.log(`\nload model — ${fmt(ISSUE_NETWORK.devices)} devices × ${ISSUE_NETWORK.reportsPerDevicePerDay} reports a day, bursts ×${ISSUE_NETWORK.burstFactor}`)
  console.log(`  reports                  ${fmt(model.reportsPerDay)} a day: ${fmt(model.averagePerSecond)} /s on average, ${fmt(model.peakPerSecond)} /s in a burst`)
  console.log(`  per ingest node          ${fmt(nodeRate)} accepted /s — ${source}`)
  console.log(
    `  ingest nodes             ${model.ingestNodes} = ⌈${fmt(model.peakPerSecond)} / (${fmt(nodeRate)} × ${TARGET_UTILISATION})⌉ + ${SPARE_INGEST_NODES} spare (any one node may die in a burst)`,
  )
  console.log(
    `  writers (shards)         ${model.writers} = ⌈${fmt(model.peakPerSecond)} / (${fmt(writerRate)} × ${TARGET_UTILISATION})⌉ — ${values['writer-rate'] !== undefined ? 'given (--writer-rate)' : measuredWriterRate !== undefined ? `JetStream writer, this run: ${fmt(measuredWriterRate)} /s on one core` : "a writer assumed as fast as an ingest node that also writes (--writer-rate, or --part all with the ingest section, gives a writer's own)"}`,
  )
  if (model.epochCpuSeconds !== undefined) {
    console.log(
      `  epoch                    ${fmt(model.reportsPerEpoch)} reports a day at ${epochCpuUs!.toFixed(0)} µs CPU each (streamEpoch, measured above): ${(model.epochCpuSeconds / 60).toFixed(0)} CPU-minutes a daily epoch, memory bounded by the devices, not the reports`,
    )
  }
  if (jetstream?.cpu === undefined) console.log('  --part all takes the rates from the ingest section (JetStream); --node-rate and --writer-rate give them by hand.')
  return model
}

const part = values.part
if (!['epoch', 'ingest', 'model', 'all'].includes(part)) throw new Error(`--part must be epoch, ingest, model or all; got ${part}`)
const runs = part === 'epoch' || part === 'all' ? await epochPart() : []
const jetstream = part === 'ingest' || part === 'all' ? await ingestPart() : undefined
if (part === 'model' || part === 'all') await modelPart(runs, jetstream)
