import { pieceProof, pieceTree } from '@pinion/protocol/pdp'
import { describe, expect, it } from 'vitest'
import { EPOCH, dealEvents, device, payloads, periods, proofReport, registry } from './fixtures.ts'
import { periodOutcomes } from './outcomes.ts'
import { decodeProvePossession, encodePossessionProof } from './payload.ts'

const pieces = [payloads(11, 1, 2048), payloads(12, 1, 2048), payloads(13, 1, 2048)]
const devices = registry([device(1), device(2)])
const challenges = periods(
  devices,
  dealEvents([
    { dealId: 3n, device: 1, pieces: pieces[0]!, acceptedAtMs: EPOCH.startMs - 1n },
    { dealId: 1n, device: 2, pieces: pieces[1]!, acceptedAtMs: EPOCH.startMs - 1n },
    { dealId: 2n, device: 1, pieces: pieces[2]!, acceptedAtMs: EPOCH.startMs - 1n },
  ]),
)
const periodOf = (dealId: bigint) => challenges.find((c) => decodeProvePossession(c.payload).dealId === dealId)!
const honest = (dealId: bigint, payload: Uint8Array) => {
  const c = periodOf(dealId)
  const tree = pieceTree(payload)
  const proofs = decodeProvePossession(c.payload).leaves.map((l) => {
    const { leaf, proof } = pieceProof(tree, Number(l.offset))
    return { leaf, siblings: proof }
  })
  return proofReport(c.deviceId, c.issuedAtMs + 5n, encodePossessionProof({ challengeId: c.challengeId, proofs }))
}

describe('periodOutcomes', () => {
  it('one outcome per period in deal id order: proven, the rejected proof’s reason, or PERIOD_NOT_PROVEN', () => {
    const proven = honest(3n, pieces[0]![0]!)
    const late = { report: honest(2n, pieces[2]![0]!), reason: 'ANSWERED_LATE' }
    const outcomes = periodOutcomes(challenges, [proven], [late])
    expect(outcomes.map(({ dealId, deviceId, proven, reason }) => ({ dealId, deviceId, proven, reason }))).toEqual([
      { dealId: 1n, deviceId: device(2).deviceId, proven: false, reason: 'PERIOD_NOT_PROVEN' },
      { dealId: 2n, deviceId: device(1).deviceId, proven: false, reason: 'ANSWERED_LATE' },
      { dealId: 3n, deviceId: device(1).deviceId, proven: true, reason: null },
    ])
  })

  it('a valid proof wins over a rejected one of the same period; a proof by another device proves nothing', () => {
    const proven = honest(1n, pieces[1]![0]!)
    const rejected = { report: proven, reason: 'PROOF_INVALID' }
    expect(periodOutcomes(challenges, [proven], [rejected]).find((o) => o.dealId === 1n)).toMatchObject({ proven: true, reason: null })
    const stolen = { ...honest(3n, pieces[0]![0]!), deviceId: device(2).deviceId }
    expect(periodOutcomes(challenges, [stolen], []).find((o) => o.dealId === 3n)).toMatchObject({ proven: false, reason: 'PERIOD_NOT_PROVEN' })
  })
})
