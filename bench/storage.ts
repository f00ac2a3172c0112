/**
 * npm run bench:storage [-- --part a,b,c,d] [-- --quick] [-- --scheme devnet,storj] [-- --seed 1]
 *                       [-- --segments N] [-- --months 12] [-- --churn 2,5,10] [-- --offline 2]
 *                       [-- --outage-hours 8] [-- --repair-hours 24] [-- --mib 256]
 *
 * The storage kind's benchmark, in parts (see bench/README.md):
 * - (a) durability under churn: segments coded k-of-n with repair at r, a seeded Monte Carlo over
 *   months against the erasure code's closed forms (bench/storageDurability.ts);
 * - (b) detection, precision and recall per adversary class over several seeds, judged by the storage
 *   kind alone (bench/storageDetection.ts);
 * - (c) throughput: a file put and got through the customer-side pipeline into local piece stores,
 *   against raw disk and memory copy (bench/storageThroughput.ts);
 * - (d) gas of on-chain proof verification, from the committed snapshots (bench/storageGas.ts).
 * --quick: a tenth of the segments and a 32 MiB file. --churn and --offline are per cent (a month,
 * of the time). Prints a summary table at the end.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { DetectionResult } from './storage/detectionModel.ts'
import { runDetection } from './storageDetection.ts'
import { type DurabilityRow, prob, runDurability } from './storageDurability.ts'
import { type GasReport, runGas } from './storageGas.ts'
import { type ThroughputResult, runThroughput } from './storageThroughput.ts'

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'a,b,c,d' },
    quick: { type: 'boolean', default: false },
    scheme: { type: 'string', default: 'devnet,storj' },
    seed: { type: 'string', default: '1' },
    segments: { type: 'string' },
    months: { type: 'string', default: '12' },
    churn: { type: 'string', default: '2,5,10' },
    offline: { type: 'string', default: '2' },
    'outage-hours': { type: 'string', default: '8' },
    'repair-hours': { type: 'string', default: '24' },
    mib: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log(
    'npm run bench:storage [-- --part a,b,c,d] [--quick] [--scheme devnet,storj] [--seed 1] [--segments N] [--months 12] [--churn 2,5,10 (% a month)] [--offline 2 (% of the time)] [--outage-hours 8] [--repair-hours 24] [--mib 256]',
  )
  process.exit(0)
}
const parts = values.part.split(',')
for (const part of parts) if (!['a', 'b', 'c', 'd'].includes(part)) throw new Error(`--part is "${part}"; expected a, b, c or d (or a list: a,b,c,d)`)
const schemes = values.scheme.split(',')
const seed = Number(values.seed)
const started = performance.now()
console.log(`bench:storage — parts ${parts.join(', ')}${values.quick ? ' (quick)' : ''}, seed ${seed}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`)

const durability: DurabilityRow[] = parts.includes('a')
  ? runDurability({
      schemes,
      ...(values.segments === undefined ? {} : { segments: Number(values.segments) }),
      months: Number(values.months),
      churns: values.churn.split(',').map((c) => Number(c) / 100),
      offlineFraction: Number(values.offline) / 100,
      outageHours: Number(values['outage-hours']),
      repairHours: Number(values['repair-hours']),
      seed,
      quick: values.quick,
    })
  : []
const detection: DetectionResult | undefined = parts.includes('b')
  ? runDetection({ seeds: values.quick ? [seed] : [seed, seed + 1, seed + 2], epochs: values.quick ? 10 : 40, perBehaviour: 4 })
  : undefined
const throughput: ThroughputResult | undefined = parts.includes('c')
  ? runThroughput({ mib: values.mib === undefined ? (values.quick ? 32 : 256) : Number(values.mib), schemes, seed })
  : undefined
const gas: GasReport | undefined = parts.includes('d') ? runGas() : undefined

// ---- summary ----
const mb = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)} MB/s`
console.log(
  `\nsummary — bench:storage, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, ${((performance.now() - started) / 1000).toFixed(0)} s`,
)
if (durability.length > 0) {
  console.log('  (a) durability   scheme  churn   lost with repair   per-cycle theory   from threshold   lost, no repair (theory)   pieces re-uploaded /segment/month')
  for (const row of durability) {
    console.log(
      `                   ${row.scheme.padEnd(7)} ${`${(row.churn * 100).toFixed(0)} %`.padEnd(7)} ${prob(row.lostWithRepair).padEnd(18)} ${prob(row.perCycleOverHorizon).padEnd(18)} ${prob(row.fromThreshold).padEnd(16)} ${`${prob(row.lostWithoutRepair)} (${prob(row.noRepairTheory)})`.padEnd(26)} ${row.uploadsPerSegmentMonth.toFixed(3)}`,
    )
  }
} else console.log('  (a) durability: not run (--part)')
if (detection !== undefined) {
  const recall = detection.rows.map((row) => `${row.behaviour} ${row.recall.toFixed(3)}${row.precision === null ? '' : ` (precision ${row.precision.toFixed(3)})`}`).join('; ')
  console.log(`  (b) detection    recall ${recall}; honest periods flagged ${detection.honestFlagged} of ${detection.honestPeriods}`)
} else console.log('  (b) detection: not run (--part)')
if (throughput !== undefined) {
  console.log(
    `  (c) throughput   ${throughput.fileBytes / 1024 ** 2} MiB file; raw disk write ${mb(throughput.rawWrite)}, read ${mb(throughput.rawRead)}; memory copy ${mb(throughput.copy)}`,
  )
  for (const run of throughput.runs) {
    const put = run.fileBytes / 1e6 / (run.prepare + run.write)
    const get = run.fileBytes / 1e6 / (run.read + run.assemble)
    const copy = run.codedBytes / 1e6 / run.copy
    const encode = run.codedBytes / 1e6 / run.encode
    const decode = run.codedBytes / 1e6 / run.decode
    console.log(
      `                   ${run.scheme.padEnd(7)} put ${mb(put)} (${(put / throughput.rawWrite).toFixed(2)} × raw write), get ${mb(get)} (${(get / throughput.rawRead).toFixed(2)} × raw read); RS encode ${mb(encode)} (${(encode / copy).toFixed(3)} × copy), decode ${mb(decode)} (${(decode / copy).toFixed(3)} × copy); peak RSS ${(run.peakRssBytes / 1024 ** 3).toFixed(2)} GiB`,
    )
  }
} else console.log('  (c) throughput: not run (--part)')
if (gas !== undefined) {
  let first = true
  for (const snapshot of new Set(gas.rows.map((row) => row.snapshot))) {
    const each = gas.rows
      .filter((row) => row.snapshot === snapshot && row.perChallenge !== undefined)
      .map((row) => `${row.scenario.replace(/^verify: /, '')} ${row.perChallenge!.toLocaleString('en')} a challenge`)
    console.log(`  ${first ? '(d) gas' : ''.padEnd(7)}          ${snapshot}: ${each.length === 0 ? 'no scenario names its challenges' : each.join('; ')}`)
    first = false
  }
  for (const file of gas.missing) console.log(`  ${first ? '(d) gas' : ''.padEnd(7)}          ${file}: not there yet`)
} else console.log('  (d) gas: not run (--part)')
