import { describe, expect, it } from 'vitest'
import { detectionCurve } from './curve.ts'
import type { LeaseTally, RunTally } from './detectionRun.ts'
import type { Role } from './fleet.ts'

let next = 0n
const lease = (role: Role, fault: string | null, reveals = 4, accepted = fault === null ? 4 : 3): LeaseTally => {
  next += 1n
  return { leaseId: next, role, fault, reveals, accepted, rejected: {} }
}
const run = (ratePpm: number, leases: LeaseTally[], fuel: { re: bigint; useful: bigint; usefulRe: bigint }): RunTally => ({
  seed: 1,
  ratePpm,
  leases,
  reexecutions: 1,
  reexecutedFuel: fuel.re,
  usefulFuel: fuel.useful,
  usefulReexecutedFuel: fuel.usefulRe,
})

describe('detectionCurve', () => {
  const runs = [
    run(
      100_000,
      [
        lease('honest', null),
        lease('honest', null),
        lease('lazy', 'RESULT_MISMATCH'),
        lease('lazy', null),
        lease('overclaimer', 'USAGE_OVERCLAIMED'),
        lease('copier', null, 4, 0),
        lease('copier', null, 4, 1),
        lease('no-show', 'NO_SHOW', 0, 0),
        lease('colluder', 'RESULT_MISMATCH'),
        lease('colluder', null),
        lease('partner', 'REDUNDANCY_MINORITY'),
      ],
      { re: 300n, useful: 1_000n, usefulRe: 100n },
    ),
    run(100_000, [lease('honest', 'RESULT_MISMATCH'), lease('lazy', null)], { re: 100n, useful: 1_000n, usefulRe: 100n }),
    run(1_000_000, [lease('honest', null), lease('lazy', 'RESULT_MISMATCH')], { re: 2_000n, useful: 1_000n, usefulRe: 1_000n }),
  ]
  const [ten, all] = detectionCurve(runs)

  it('is one point a rate, ascending, summing fuel over the seeds before dividing', () => {
    expect([ten!.ratePpm, ten!.runs, all!.ratePpm, all!.runs]).toEqual([100_000, 2, 1_000_000, 1])
    expect(ten!.overhead).toBe(0.2)
    expect(ten!.honestOverhead).toBe(0.1)
    expect([all!.overhead, all!.honestOverhead]).toEqual([2, 1])
  })

  it('counts a lease caught when faulted, a copier when nothing of it was accepted', () => {
    expect(ten!.classes.lazy).toMatchObject({ leases: 3, caught: 1, recall: 1 / 3 })
    expect(ten!.classes.copier).toMatchObject({ leases: 2, caught: 1, recall: 0.5 })
    expect(ten!.classes['no-show']).toMatchObject({ leases: 1, caught: 1, recall: 1 })
    expect(ten!.classes.lazy).toMatchObject({ reveals: 12, acceptedReveals: 11 })
  })

  it('holds every class against faulted honest leases, and only colluders against their faulted partners', () => {
    expect(ten!.honest).toEqual({ leases: 3, faulted: 1 })
    expect(ten!.partners).toEqual({ leases: 1, faulted: 1 })
    expect(ten!.classes.overclaimer.precision).toBe(0.5)
    expect(ten!.classes.colluder.precision).toBe(1 / 3)
    expect(all!.classes.overclaimer.precision).toBeNull()
    expect(all!.classes.lazy.precision).toBe(1)
  })
})
