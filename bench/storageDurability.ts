/**
 * bench:storage part (a): durability under churn. For each scheme and monthly churn, the seeded Monte
 * Carlo of bench/storage/durabilityModel.ts runs twice — with Storj's lazy repair and with none — and
 * is printed against the erasure code's closed forms:
 *
 *   p(t)            = 1 − (1 − c)^(t / 730 h)             one piece lost within t, at churn c a month
 *   P[X > m | h, p] = Σ_{j=m+1}^{h} C(h, j) p^j (1 − p)^(h − j)
 *   per repair cycle  P[X > n − k | n, p(D)], D the repair delay; over the horizon 1 − (1 − it)^(H / D)
 *   from threshold    repairs × P[X > r − k | r, p(D)]    (a segment queued with r pieces losing more than r − k)
 *   no repair         P[X > n − k | n, p(H)]              over the whole horizon H
 *
 * The per-cycle figure is what eager repair (every lost piece replaced within D) would lose; lazy
 * repair waits for n − r pieces to go, so simulated ÷ per-cycle is the price of waiting. The
 * threshold figure uses the simulated repair count and should come out near 1 (below it where
 * segments were queued for nodes that were offline rather than gone). Ratios are simulated ÷ theory.
 */
import { DEVNET_REDUNDANCY, type Redundancy, STORJ_REDUNDANCY } from '../packages/cli/src/storage/redundancy.ts'
import { type DurabilityScenario, durabilityTheory, simulateDurability } from './storage/durabilityModel.ts'

const SCHEMES: Record<string, { redundancy: Redundancy; segments: number }> = {
  // Segments per scheme: enough that devnet's losses with repair (about 1 in 4,000 a year at 10 %) are counted.
  storj: { redundancy: STORJ_REDUNDANCY, segments: 10_000 },
  devnet: { redundancy: DEVNET_REDUNDANCY, segments: 100_000 },
}

/**
 * What a monthly churn of a few per cent rests on: Storj's own figures (forum.storj.io/t/24124,
 * December 2023): about 22,000 active nodes; per satellite, a median of about 90 graceful exits and
 * 600 nodes gone offline in 30 days (April–June 2023), so about 3 % a month. The sweep spans the
 * 2–10 % a month that a younger or less well paid network may see.
 */
const CHURN_SOURCE =
  "Storj ≈ 3 %: ~22,000 active nodes, per satellite a median ~90 graceful exits + ~600 nodes gone offline in 30 days, Apr–Jun 2023 (forum.storj.io/t/24124); 2–10 % spans a younger network's"

export type DurabilityOptions = {
  schemes: string[]
  /** Overrides each scheme's default. */
  segments?: number
  months: number
  /** Monthly churn values, as fractions. */
  churns: number[]
  offlineFraction: number
  outageHours: number
  repairHours: number
  seed: number
  /** Divide the default segments by 10. */
  quick: boolean
}

export type DurabilityRow = {
  scheme: string
  churn: number
  segments: number
  lostWithRepair: number
  perCycleOverHorizon: number
  fromThreshold: number
  noRepairTheory: number
  lostWithoutRepair: number
  uploadsPerSegmentMonth: number
}

const pct = (x: number) => `${Number((x * 100).toPrecision(3))} %`
const fmt = (n: number) => n.toLocaleString('en')
/** A probability: 3 significant digits down to 0.001, then 2 in exponent form. */
export const prob = (x: number) => (x === 0 ? '0' : x >= 0.001 ? x.toPrecision(3) : x.toExponential(1))
/** simulated ÷ theory, or why there is no ratio. */
function ratio(simulated: number, theory: number, segments: number): string {
  const expected = theory * segments
  if (simulated === 0)
    return `0 (theory expects ${expected < 0.001 ? prob(expected) : expected.toFixed(2)} of ${fmt(segments)} lost${expected < 0.5 ? ': 0 is what it predicts' : ''})`
  if (theory === 0) return '∞'
  const r = simulated / theory
  return r >= 1000 ? r.toExponential(1) : r.toPrecision(2)
}
/** A count of lost segments as a fraction, and the rule-of-three bound when it is 0. */
const lostText = (lost: number, segments: number) =>
  lost === 0 ? `0 of ${fmt(segments)} (< ${prob(3 / segments)} at 95 %)` : `${fmt(lost)} of ${fmt(segments)} = ${prob(lost / segments)}`

export function runDurability(options: DurabilityOptions): DurabilityRow[] {
  const rows: DurabilityRow[] = []
  const horizon = `${options.months} month${options.months === 1 ? '' : 's'}`
  const D = `${options.repairHours} h`
  console.log(`\n(a) durability under churn — seeded Monte Carlo (bench/storage/durabilityModel.ts), seed ${options.seed}, ${horizon} in 1 h steps`)
  console.log(`  assumed: nodes leave for good at c a month (${CHURN_SOURCE});`)
  console.log(`           a node is offline ${pct(options.offlineFraction)} of the time, in outages of ${options.outageHours} h on average, and comes back with its pieces;`)
  console.log(`           a segment is repaired ${D} after its healthy online pieces fall to r (pieces not online are replaced; the repair downloads k).`)
  console.log(
    '           every segment starts with n fresh pieces at month 0: over a short horizon repair traffic is below its steady state, in which churn alone replaces about c × n pieces a segment a month.',
  )
  console.log('  p(t) = 1 − (1 − c)^(t / 730 h), one piece lost within t;  P[X > m | h, p] = Σ_{j=m+1}^{h} C(h,j) p^j (1 − p)^(h−j)')
  console.log(
    `  theory — per repair cycle: P[X > n − k | n, p(${D})], over the horizon 1 − (1 − it)^(H / ${D});  from the threshold: repairs × P[X > r − k | r, p(${D})];  no repair: P[X > n − k | n, p(${horizon})]`,
  )
  for (const name of options.schemes) {
    const scheme = SCHEMES[name]
    if (scheme === undefined) throw new Error(`--scheme is "${name}"; expected ${Object.keys(SCHEMES).join(' or ')}`)
    const { required: k, repairAt: r, pieces: n } = scheme.redundancy
    const segments = options.segments ?? (options.quick ? scheme.segments / 10 : scheme.segments)
    for (const churn of options.churns) {
      const scenario: DurabilityScenario = {
        redundancy: scheme.redundancy,
        segments,
        months: options.months,
        churnPerMonth: churn,
        offlineFraction: options.offlineFraction,
        outageHours: options.outageHours,
        repairHours: options.repairHours,
        repair: true,
        seed: options.seed,
      }
      const started = performance.now()
      const theory = durabilityTheory(scenario)
      const repaired = simulateDurability(scenario)
      const unrepaired = simulateDurability({ ...scenario, repair: false })
      const seconds = (performance.now() - started) / 1000
      const lost = repaired.lost / segments
      const lostWithout = unrepaired.lost / segments
      const repairsPerSegment = repaired.repairs / segments
      const fromThreshold = repairsPerSegment * theory.perRepairAtThreshold
      const segmentMonths = segments * options.months
      rows.push({
        scheme: name,
        churn,
        segments,
        lostWithRepair: lost,
        perCycleOverHorizon: theory.perCycleOverHorizon,
        fromThreshold,
        noRepairTheory: theory.noRepair,
        lostWithoutRepair: lostWithout,
        uploadsPerSegmentMonth: repaired.piecesUploaded / segmentMonths,
      })
      console.log(`\n  ${name} ${k}/${r}/${n} (k/r/n), ${fmt(segments)} segments, churn ${pct(churn)} a month (simulated in ${seconds.toFixed(1)} s)`)
      console.log(`    lost with repair       ${lostText(repaired.lost, segments)}`)
      console.log(
        `      per repair cycle     P[X > ${n - k} | ${n}, p(${D}) = ${prob(theory.pieceLossPerCycle)}] = ${prob(theory.perCycle)} a cycle, ${prob(theory.perCycleOverHorizon)} over ${fmt(Math.round(theory.cycles))} cycles   simulated ÷ theory = ${ratio(lost, theory.perCycleOverHorizon, segments)}`,
      )
      console.log(
        `      from the threshold   ${repairsPerSegment.toFixed(3)} repairs a segment × P[X > ${r - k} | ${r}, p(${D})] (${prob(theory.perRepairAtThreshold)}) = ${prob(fromThreshold)}   simulated ÷ theory = ${ratio(lost, fromThreshold, segments)}`,
      )
      console.log(
        `    lost without repair    theory P[X > ${n - k} | ${n}, p(${horizon}) = ${prob(theory.pieceLossOverHorizon)}] = ${prob(theory.noRepair)}; simulated ${lostText(unrepaired.lost, segments)}   simulated ÷ theory = ${ratio(lostWithout, theory.noRepair, segments)}`,
      )
      const buys =
        unrepaired.lost === 0
          ? 'nothing measurable here: nothing was lost either way'
          : repaired.lost === 0
            ? `every loss: ${fmt(unrepaired.lost)} segment${unrepaired.lost === 1 ? '' : 's'} lost without it, none with it`
            : `×${(unrepaired.lost / repaired.lost).toPrecision(3)} fewer segments lost`
      console.log(`    repair buys            ${buys}`)
      console.log(
        `    repair traffic         ${(repaired.piecesUploaded / segmentMonths).toFixed(3)} pieces uploaded and ${((repaired.repairs * k) / segmentMonths).toFixed(3)} downloaded a segment a month (${(repaired.repairs / segmentMonths).toFixed(4)} repairs; ${fmt(repaired.deferred)} found fewer than k online and waited; ${fmt(repaired.unnecessary)} queued segments recovered as nodes came back)`,
      )
    }
  }
  return rows
}
