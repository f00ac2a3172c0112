/**
 * npm run bench:compute [-- --part a,b,c] [-- --quick] [-- --seeds 1,2,3,4,5] [-- --rates 1,2,5,10,20,50,100]
 *
 * The compute kind's benchmark (issue 16; see bench/README.md), in parts:
 * - (a) verification overhead (oracle re-execution fuel ÷ useful fuel) against detection recall per
 *   adversary class, at several sample rates, judged by the kind itself (detection.ts);
 * - (b) WebAssembly against the same function in plain JavaScript: metered, unmetered (speed.ts);
 * - (c) ComputeMarket's gas per bid, settlement, verdict and acceptLowest, from the snapshot (gas.ts).
 * --rates are per cent. --quick: two seeds, four rates, a smaller image. Prints a summary at the end.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { DEFAULT_RAYTRACE_JOB } from '@pinion/kinds/compute/workloads'
import { type DetectionPart, runDetectionPart } from './detection.ts'
import { escapeProbability } from './escape.ts'
import { type ComputeGas, runGasPart } from './gas.ts'
import { type SpeedResult, runSpeedPart } from './speed.ts'

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'a,b,c' },
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    rates: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log('npm run bench:compute [-- --part a,b,c] [--quick] [--seeds 1,2,3,4,5] [--rates 1,2,5,10,20,50,100 (per cent)]')
  process.exit(0)
}
const parts = values.part.split(',')
for (const part of parts) if (!['a', 'b', 'c'].includes(part)) throw new Error(`--part is "${part}"; expected a, b or c (or a list: a,b,c)`)
const list = (text: string, what: string) =>
  text.split(',').map((item) => {
    const n = Number(item)
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${what} has "${item}"; expected non-negative numbers separated by commas`)
    return n
  })
const seeds = list(values.seeds ?? (values.quick ? '1,2' : '1,2,3,4,5'), 'seeds')
const ratesPpm = list(values.rates ?? (values.quick ? '1,10,50,100' : '1,2,5,10,20,50,100'), 'rates').map((r) => {
  if (r > 100) throw new Error(`--rates has ${r}; a sample rate is at most 100 (%)`)
  return Math.round(r * 10_000)
})
const started = performance.now()
console.log(`bench:compute — parts ${parts.join(', ')}${values.quick ? ' (quick)' : ''}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`)

const TASKS = 8
const detection: DetectionPart | undefined = parts.includes('a')
  ? runDetectionPart({ seeds, ratesPpm, fleet: { honest: 20, lazy: 20, overclaimer: 10, copier: 5, noShow: 5, colludingGroups: 5 }, tasks: TASKS, epochs: 4 })
  : undefined
const speed: SpeedResult | undefined = parts.includes('b')
  ? runSpeedPart({ job: values.quick ? { ...DEFAULT_RAYTRACE_JOB, width: 160, height: 120 } : DEFAULT_RAYTRACE_JOB, warmup: 2, rounds: values.quick ? 3 : 7 })
  : undefined
const gas: ComputeGas | null | undefined = parts.includes('c') ? runGasPart() : undefined

// ---- summary ----
console.log(
  `\nsummary — bench:compute, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, ${((performance.now() - started) / 1000).toFixed(0)} s`,
)
if (detection !== undefined) {
  for (const point of detection.curve) {
    const c = point.classes
    const p = point.ratePpm / 1_000_000
    console.log(
      `  (a) rate ${`${point.ratePpm / 10_000}%`.padEnd(4)} overhead ${point.overhead.toFixed(3)} (honest work ${point.honestOverhead.toFixed(3)}): recall lazy ${c.lazy.recall.toFixed(3)} (theory ${(1 - escapeProbability(p, TASKS)).toFixed(3)}), over-claimer ${c.overclaimer.recall.toFixed(3)}, copier ${c.copier.recall.toFixed(3)}, no-show ${c['no-show'].recall.toFixed(3)}, colluder ${c.colluder.recall.toFixed(3)}; honest faulted ${point.honest.faulted}/${point.honest.leases}, partners ${point.partners.faulted}/${point.partners.leases}`,
    )
  }
}
if (speed !== undefined) {
  console.log(
    `  (b) raytrace: metered WASM ÷ JS ${speed.meteredOverJavascript.toFixed(3)}, unmetered WASM ÷ JS ${speed.unmeteredOverJavascript.toFixed(3)}, metered ÷ unmetered ${speed.meteredOverUnmetered.toFixed(3)}; ${(speed.fuelPerSecond / 1e6).toFixed(0)} Mfuel/s`,
  )
}
if (gas !== undefined && gas !== null) {
  const g = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en'))
  console.log(
    `  (c) gas: bid ${g(gas.bid?.first)}, settle ${g(gas.settle?.released)} (finalizing ${g(gas.settle?.finalized)}), a verdict ${g(gas.verdicts?.perItem)} + ${g(gas.verdicts?.fixed)} a call, acceptLowest ${g(gas.acceptLowest?.one)} + ${g(gas.acceptLowest?.perItem)} a losing bid`,
  )
}
