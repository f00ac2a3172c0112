/**
 * bench:compute part (a): the trade-off between verification overhead and detection recall, per
 * adversary class, at several sample rates — seeds × rates runs of detectionRun.ts, folded into a
 * curve (curve.ts) and printed beside the closed forms (escape.ts).
 */
import { type CurvePoint, detectionCurve } from './curve.ts'
import { type RunTally, runDetection } from './detectionRun.ts'
import { TASKS_PER_EPOCH } from './colluders.ts'
import { escapeProbability, partnerFaultProbability, revealGroups } from './escape.ts'
import type { FleetSize } from './fleet.ts'

export type DetectionPartOptions = { seeds: readonly number[]; ratesPpm: readonly number[]; fleet: FleetSize; tasks: number; epochs: number }
export type DetectionPart = { curve: CurvePoint[]; runs: RunTally[]; seconds: number; options: DetectionPartOptions }

const pct = (ppm: number) => `${ppm / 10_000}%`
const fixed = (x: number, digits = 3) => x.toFixed(digits)
const pad = (text: string, width: number) => text.padStart(width)

export function runDetectionPart(options: DetectionPartOptions): DetectionPart {
  const started = performance.now()
  const runs: RunTally[] = []
  for (const ratePpm of options.ratesPpm) {
    for (const seed of options.seeds) runs.push(runDetection({ seed, ratePpm, fleet: options.fleet, tasks: options.tasks, epochs: options.epochs }))
  }
  const curve = detectionCurve(runs)
  const seconds = (performance.now() - started) / 1000
  printDetection({ curve, runs, seconds, options })
  return { curve, runs, seconds, options }
}

function printDetection({ curve, seconds, options }: DetectionPart): void {
  const { fleet, tasks } = options
  const groups = revealGroups(tasks, TASKS_PER_EPOCH)
  console.log(
    `\n(a) verification overhead against detection recall — seeds ${options.seeds.join(', ')} × ${options.ratesPpm.length} sample rates, ${options.epochs} epochs each (${seconds.toFixed(1)} s)`,
  )
  console.log(
    `  per seed: ${fleet.honest} honest, ${fleet.lazy} lazy, ${fleet.overclaimer} over-claimer, ${fleet.copier} copier and ${fleet.noShow} no-show leases of one ${tasks}-task sha256 job;`,
  )
  console.log(`  ${fleet.colludingGroups} colluding groups (2 colluders + 1 honest partner) each on a ${tasks}-task redundancy-3 job; ${TASKS_PER_EPOCH} tasks committed an epoch`)
  console.log('  overhead = oracle re-execution fuel ÷ useful fuel (honest accepted reveals), per oracle; recall = leases caught ÷ leases')
  console.log(
    `\n  ${'rate'.padEnd(5)} ${pad('overhead', 9)} ${pad('honest-only', 11)} ${pad('lazy', 6)} ${pad('escaped', 8)} ${pad(`(1−p)^${tasks}`, 8)} ${pad('over-claimer', 12)} ${pad('copier', 6)} ${pad('no-show', 7)} ${pad('colluder', 8)} ${pad(`(1−(1−p)^${tasks})`, 13)}`,
  )
  for (const point of curve) {
    const p = point.ratePpm / 1_000_000
    const c = point.classes
    console.log(
      `  ${pct(point.ratePpm).padEnd(5)} ${pad(fixed(point.overhead, 4), 9)} ${pad(fixed(point.honestOverhead, 4), 11)} ${pad(fixed(c.lazy.recall), 6)} ${pad(fixed(1 - c.lazy.recall), 8)} ${pad(fixed(escapeProbability(p, tasks)), 8)} ${pad(fixed(c.overclaimer.recall), 12)} ${pad(fixed(c.copier.recall), 6)} ${pad(fixed(c['no-show'].recall), 7)} ${pad(fixed(c.colluder.recall), 8)} ${pad(fixed(1 - escapeProbability(p, tasks)), 13)}`,
    )
  }
  const first = curve[0]
  if (first !== undefined) {
    const c = first.classes
    console.log(
      `  leases a rate: lazy ${c.lazy.leases}, over-claimer ${c.overclaimer.leases}, copier ${c.copier.leases}, no-show ${c['no-show'].leases}, colluder ${c.colluder.leases}; honest ${first.honest.leases}, partners ${first.partners.leases}`,
    )
  }
  console.log(`\n  precision, and the colluders' honest partners (REDUNDANCY_MINORITY: a fault of an honest lease)`)
  console.log(
    `  ${'rate'.padEnd(5)} ${pad('honest faulted', 14)} ${pad('precision (lazy, over-claimer)', 30)} ${pad('partners faulted', 16)} ${pad('theory', 7)} ${pad('if sampled partner spared', 25)} ${pad('colluder precision', 18)} ${pad('bad results accepted: lazy', 26)} ${pad('colluder', 8)}`,
  )
  for (const point of curve) {
    const p = point.ratePpm / 1_000_000
    const c = point.classes
    const precision = (x: number | null) => (x === null ? '—' : fixed(x))
    const share = (n: number, of: number) => (of === 0 ? '—' : fixed(n / of))
    console.log(
      `  ${pct(point.ratePpm).padEnd(5)} ${pad(`${point.honest.faulted} of ${point.honest.leases}`, 14)} ${pad(`${precision(c.lazy.precision)}, ${precision(c.overclaimer.precision)}`, 30)} ${pad(`${point.partners.faulted} of ${point.partners.leases}`, 16)} ${pad(fixed(partnerFaultProbability(p, groups, false)), 7)} ${pad(fixed(partnerFaultProbability(p, groups, true)), 25)} ${pad(precision(c.colluder.precision), 18)} ${pad(share(c.lazy.acceptedReveals, c.lazy.reveals), 26)} ${pad(share(c.colluder.acceptedReveals, c.colluder.reveals), 8)}`,
    )
  }
}
