/**
 * bench:compute's trade-off curve: for each sample rate, over every seed's run, what verification
 * cost and what it caught.
 *
 * - Overhead = fuel the oracles spent re-executing sampled tasks ÷ fuel of useful work (honest
 *   providers' accepted reveals). Each oracle re-executes the same sample, so a network of k oracles
 *   spends k times it. `honestOverhead` counts only re-executions of that useful work: what an
 *   all-honest fleet would cost; the difference is re-executing adversaries' tasks.
 * - A lease of an adversarial class is caught when the kind faults it (its collateral burns): lazy,
 *   overclaimer, no-show, colluder; a copier is never faulted by design (COMMITTED_AFTER_REVEAL is
 *   not a fault: a slow honest provider looks the same), so it is caught when none of its reveals
 *   was accepted (it earned nothing). Recall = caught ÷ leases.
 * - Precision = caught ÷ (caught + honest leases faulted). Honest partners of colluders are honest
 *   leases too, but exist only beside colluders: they count against the colluder class alone.
 * - Bad results accepted: the class's reveals the kind accepted, ÷ its reveals (for lazy and
 *   colluders, made-up results; for over-claimers, inflated fuel; for copiers, copies).
 */
import type { LeaseTally, RunTally } from './detectionRun.ts'
import { ADVERSARIES, type Adversary } from './fleet.ts'

type ClassPoint = { leases: number; caught: number; recall: number; precision: number | null; reveals: number; acceptedReveals: number }
export type CurvePoint = {
  ratePpm: number
  runs: number
  reexecutions: number
  overhead: number
  honestOverhead: number
  classes: Record<Adversary, ClassPoint>
  honest: { leases: number; faulted: number }
  partners: { leases: number; faulted: number }
}

function isCaught(lease: LeaseTally): boolean {
  return lease.role === 'copier' ? lease.accepted === 0 : lease.fault !== null
}

/** The curve's points, one per sample rate in `runs`, ascending. */
export function detectionCurve(runs: readonly RunTally[]): CurvePoint[] {
  const rates = [...new Set(runs.map((r) => r.ratePpm))].sort((a, b) => a - b)
  return rates.map((ratePpm) => {
    const these = runs.filter((r) => r.ratePpm === ratePpm)
    const leases = these.flatMap((r) => r.leases)
    const sum = (pick: (r: RunTally) => bigint) => these.reduce((total, r) => total + pick(r), 0n)
    const useful = sum((r) => r.usefulFuel)
    const ratio = (fuel: bigint) => (useful === 0n ? 0 : Number(fuel) / Number(useful))
    const count = (role: string) => {
      const own = leases.filter((l) => l.role === role)
      return { leases: own.length, faulted: own.filter((l) => l.fault !== null).length }
    }
    const honest = count('honest')
    const partners = count('partner')
    const classes = {} as Record<Adversary, ClassPoint>
    for (const adversary of ADVERSARIES) {
      const own = leases.filter((l) => l.role === adversary)
      const caught = own.filter(isCaught).length
      const falselyFaulted = honest.faulted + (adversary === 'colluder' ? partners.faulted : 0)
      classes[adversary] = {
        leases: own.length,
        caught,
        recall: own.length === 0 ? 0 : caught / own.length,
        precision: caught + falselyFaulted === 0 ? null : caught / (caught + falselyFaulted),
        reveals: own.reduce((n, l) => n + l.reveals, 0),
        acceptedReveals: own.reduce((n, l) => n + l.accepted, 0),
      }
    }
    return {
      ratePpm,
      runs: these.length,
      reexecutions: these.reduce((n, r) => n + r.reexecutions, 0),
      overhead: ratio(sum((r) => r.reexecutedFuel)),
      honestOverhead: ratio(sum((r) => r.usefulReexecutedFuel)),
      classes,
      honest,
      partners,
    }
  })
}
