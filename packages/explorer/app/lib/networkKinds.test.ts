import { describe, expect, it } from 'vitest'
import { kindsOf } from './networkKinds.ts'

describe('kindsOf', () => {
  it("reads the kinds from their qualified reason codes, ignoring the pipeline's bare ones", () => {
    const reasons = { BAD_SIGNATURE: 'x', 'uptime.OUTSIDE_EPOCH': 'x', 'storage.PROOF_INVALID': 'x', 'storage.ANSWERED_LATE': 'x', '.odd': 'x' }
    expect(kindsOf({ reasons })).toEqual(['storage', 'uptime'])
    expect(kindsOf({ reasons: { BAD_SIGNATURE: 'x' } })).toEqual([])
  })
})
