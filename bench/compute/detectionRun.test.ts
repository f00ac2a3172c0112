import { describe, expect, it } from 'vitest'
import { runDetection } from './detectionRun.ts'

// One lease of each role (a colluding group is two colluders and their partner), a 4-task job
// committed in the first epoch and revealed in the second, three epochs: the no-show's second
// whole epoch without a commitment is the third.
const fleet = { honest: 1, lazy: 1, overclaimer: 1, copier: 1, noShow: 1, colludingGroups: 1 }
const options = { seed: 3, fleet, tasks: 4, epochs: 3 }
const faults = (run: ReturnType<typeof runDetection>) => Object.fromEntries(run.leases.map((l) => [`${l.leaseId} ${l.role}`, l.fault]))

describe('runDetection', () => {
  const all = runDetection({ ...options, ratePpm: 1_000_000 })
  const none = runDetection({ ...options, ratePpm: 0 })

  it('at 100 %, faults every cheating lease and no honest one, and re-executes every revealed task', () => {
    expect(faults(all)).toEqual({
      '1 honest': null,
      '2 lazy': 'RESULT_MISMATCH',
      '3 overclaimer': 'USAGE_OVERCLAIMED',
      '4 copier': null,
      '5 no-show': 'NO_SHOW',
      '6 colluder': 'RESULT_MISMATCH',
      '7 colluder': 'RESULT_MISMATCH',
      '8 partner': null,
    })
    const copier = all.leases.find((l) => l.role === 'copier')!
    expect([copier.reveals, copier.accepted, copier.rejected]).toEqual([4, 0, { COMMITTED_AFTER_REVEAL: 4 }])
    // Every lease that reveals, 7 × 4 tasks: the copier's too (the copy rule comes after the sample).
    expect(all.reexecutions).toBe(28)
    expect(all.usefulFuel).toBeGreaterThan(0n)
    expect(all.usefulReexecutedFuel).toBe(all.usefulFuel)
    // The group's job has the shared job's inputs (same seed), so every lease's tasks cost the same:
    // 7 leases re-executed against 2 leases' useful work (honest and partner).
    expect(2n * all.reexecutedFuel).toBe(7n * all.usefulFuel)
  })

  it('at 0 %, re-executes nothing: lazy work passes, and two colluders outvote their honest partner', () => {
    expect(none.reexecutions).toBe(0)
    expect(faults(none)).toMatchObject({ '2 lazy': null, '3 overclaimer': null, '5 no-show': 'NO_SHOW', '6 colluder': null, '8 partner': 'REDUNDANCY_MINORITY' })
    expect(none.usefulReexecutedFuel).toBe(0n)
  })

  it('reaches the verdicts compute.verifyEpoch reaches', () => {
    const viaKind = runDetection({ ...options, ratePpm: 1_000_000, viaKind: true })
    expect(viaKind.leases).toEqual(all.leases)
  })
})
