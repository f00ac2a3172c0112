import { pieceProof, pieceTree } from '@pinion/protocol/pdp'
import { describe, expect, it } from 'vitest'
import type { Challenge } from '../src/challenge.ts'
import { EPOCH, dealEvents, device, inputs, payloads, periods, proofReport, registry, verifyContext } from './fixtures.ts'
import { type LeafProof, decodeProvePossession, encodePossessionProof } from './payload.ts'
import { verifyPossessionProof } from './verify.ts'
import { verifyStorageEpoch } from './verifyEpoch.ts'

const pieces = payloads(1, 2, 2048)
const trees = new Map(pieces.map((p) => [pieceTree(p).root, pieceTree(p)]))
const devices = registry([device(1), device(2)])
const events = dealEvents([
  { dealId: 1n, device: 1, pieces, acceptedAtMs: EPOCH.startMs - 1n },
  { dealId: 2n, device: 2, pieces: payloads(2, 1, 4096), acceptedAtMs: EPOCH.startMs - 1n },
])
const challenges = periods(devices, events)
const kindInputs = inputs({ challenges })
const mine = challenges.find((c) => c.deviceId === device(1).deviceId)!

/** The honest proofs of `challenge` from the pieces' trees. */
function honestProofs(challenge: Challenge): LeafProof[] {
  return decodeProvePossession(challenge.payload).leaves.map((asked) => {
    const { leaf, proof } = pieceProof(trees.get(asked.pieceRoot)!, Number(asked.offset))
    return { leaf, siblings: proof }
  })
}

const verdict = (challengeId: `0x${string}`, proofs: LeafProof[], at = mine.issuedAtMs + 1_000n, who = 1) =>
  verifyPossessionProof(proofReport(device(who).deviceId, at, encodePossessionProof({ challengeId, proofs })), verifyContext(device(who), kindInputs))

describe('verifyPossessionProof', () => {
  it('accepts the honest proof, at the issue moment and at the deadline itself', () => {
    expect(verdict(mine.challengeId, honestProofs(mine))).toEqual({ valid: true })
    expect(verdict(mine.challengeId, honestProofs(mine), mine.issuedAtMs)).toEqual({ valid: true })
    expect(verdict(mine.challengeId, honestProofs(mine), mine.deadlineMs)).toEqual({ valid: true })
  })

  it('UNKNOWN_CHALLENGE: a challenge id nobody issued', () => {
    expect(verdict(`0x${'11'.repeat(32)}`, honestProofs(mine))).toEqual({ valid: false, reason: 'UNKNOWN_CHALLENGE' })
  })

  it("NOT_YOUR_CHALLENGE: another provider's period", () => {
    const theirs = challenges.find((c) => c.deviceId === device(2).deviceId)!
    expect(verdict(theirs.challengeId, honestProofs(mine))).toEqual({ valid: false, reason: 'NOT_YOUR_CHALLENGE' })
  })

  it('ANSWERED_EARLY: a millisecond before the issue', () => {
    expect(verdict(mine.challengeId, honestProofs(mine), mine.issuedAtMs - 1n)).toEqual({ valid: false, reason: 'ANSWERED_EARLY' })
  })

  it('ANSWERED_LATE: a millisecond after the deadline', () => {
    expect(verdict(mine.challengeId, honestProofs(mine), mine.deadlineMs + 1n)).toEqual({ valid: false, reason: 'ANSWERED_LATE' })
  })

  it('WRONG_PROOF_COUNT: one leaf short, or one too many', () => {
    const proofs = honestProofs(mine)
    expect(verdict(mine.challengeId, proofs.slice(1))).toEqual({ valid: false, reason: 'WRONG_PROOF_COUNT' })
    expect(verdict(mine.challengeId, [...proofs, proofs[0]!])).toEqual({ valid: false, reason: 'WRONG_PROOF_COUNT' })
  })

  it('PROOF_INVALID: a changed leaf, a changed sibling, a path one level short, leaves in the wrong order', () => {
    const proofs = honestProofs(mine)
    const flip = (hex: `0x${string}`) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as `0x${string}`
    expect(verdict(mine.challengeId, [{ ...proofs[0]!, leaf: flip(proofs[0]!.leaf) }, ...proofs.slice(1)])).toEqual({ valid: false, reason: 'PROOF_INVALID' })
    const siblings = [...proofs[1]!.siblings]
    siblings[2] = flip(siblings[2]!)
    expect(verdict(mine.challengeId, [proofs[0]!, { ...proofs[1]!, siblings }, ...proofs.slice(2)])).toEqual({ valid: false, reason: 'PROOF_INVALID' })
    expect(verdict(mine.challengeId, [{ ...proofs[0]!, siblings: proofs[0]!.siblings.slice(1) }, ...proofs.slice(1)])).toEqual({ valid: false, reason: 'PROOF_INVALID' })
    const distinct = new Set(proofs.map((p) => p.leaf)).size > 1
    expect(distinct).toBe(true)
    expect(verdict(mine.challengeId, [...proofs].reverse())).toEqual({ valid: false, reason: 'PROOF_INVALID' })
  })
})

describe('verifyStorageEpoch', () => {
  it('DUPLICATE_PROOF: the second proof of a period, whatever order they come in', () => {
    const payload = encodePossessionProof({ challengeId: mine.challengeId, proofs: honestProofs(mine) })
    const first = proofReport(device(1).deviceId, mine.issuedAtMs + 10n, payload)
    const second = proofReport(device(1).deviceId, mine.issuedAtMs + 20n, payload)
    expect(verifyStorageEpoch([first, second])).toEqual(new Map([[second.reportId, 'DUPLICATE_PROOF']]))
    expect(verifyStorageEpoch([second, first])).toEqual(new Map([[second.reportId, 'DUPLICATE_PROOF']]))
    expect(verifyStorageEpoch([first])).toEqual(new Map())
  })
})
