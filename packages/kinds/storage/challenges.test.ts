import { challengedLeaves, pieceAt } from '@pinion/protocol/pdp'
import { encodePacked, hexToBigInt, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { firstPeriodOf, periodSeed } from './challenges.ts'
import { EPOCH, EPOCH_MS, PARAMS, dealEvents, device, epochWindow, payloads, periods, registry } from './fixtures.ts'
import { decodeProvePossession } from './payload.ts'

const devices = registry([device(1), device(2)])
const deal = (acceptedAtMs: bigint, periodsCount = 10) => dealEvents([{ dealId: 9n, device: 1, pieces: payloads(5, 3, 1500), acceptedAtMs, periods: periodsCount }])

describe('storage challenges', () => {
  it('one period per owing deal, issued at the epoch start, due responseWindowMs later', () => {
    const [period, ...rest] = periods(devices, deal(EPOCH.startMs - 1n))
    expect(rest).toEqual([])
    expect(period!.deviceId).toBe(device(1).deviceId)
    expect(period!.issuedAtMs).toBe(EPOCH.startMs)
    expect(period!.deadlineMs).toBe(EPOCH.startMs + PARAMS.responseWindowMs)
  })

  it("draws PDP's leaves: keccak256(encodePacked(seed, dealId, uint64 i)) mod the data set's leaves, located by running counts", () => {
    const events = deal(EPOCH.startMs - 1n)
    const question = decodeProvePossession(periods(devices, events)[0]!.payload)
    const seed = hexToBigInt(keccak256(encodePacked(['string', 'bytes32', 'uint64'], ['pinion/storage/period/v1', EPOCH.entropy, EPOCH.epoch])))
    expect(question.seed).toBe(seed)
    expect(periodSeed(EPOCH.entropy, EPOCH.epoch)).toBe(seed)
    const counts = events.filter((e) => e.eventName === 'PieceAdded').map((e) => BigInt(e.args.leafCount!))
    expect(question.leafCount).toBe(counts.reduce((a, b) => a + b, 0n))
    const expected = challengedLeaves(seed, 9n, PARAMS.challengesPerProof, question.leafCount).map((i) => pieceAt(counts, i))
    expect(question.leaves.map((l) => ({ pieceId: l.pieceIndex, offset: l.offset }))).toEqual(expected)
  })

  it('same entropy, same periods; other entropy or epoch, other leaves', () => {
    const events = deal(EPOCH.startMs - 1n)
    expect(periods(devices, events)).toEqual(periods(devices, events))
    const other = periods(devices, events, { ...EPOCH, entropy: `0x${'cd'.repeat(32)}` })[0]!
    expect(decodeProvePossession(other.payload).leaves).not.toEqual(decodeProvePossession(periods(devices, events)[0]!.payload).leaves)
  })

  it('a deal owes its `periods` epochs from the first that starts after its acceptance, and no others', () => {
    const acceptedAtMs = EPOCH.startMs - 1n
    const owing = (n: bigint) => periods(devices, deal(acceptedAtMs, 3), epochWindow(n)).length
    expect([owing(6n), owing(7n), owing(8n), owing(9n), owing(10n)]).toEqual([0, 1, 1, 1, 0])
  })

  it('firstPeriodOf: accepted a millisecond before an epoch starts, that epoch; at its start, the next', () => {
    expect(firstPeriodOf(EPOCH.startMs - 1n, EPOCH)).toBe(7n)
    expect(firstPeriodOf(EPOCH.startMs - EPOCH_MS, EPOCH)).toBe(7n)
    expect(firstPeriodOf(EPOCH.startMs - EPOCH_MS - 1n, EPOCH)).toBe(6n)
    expect(firstPeriodOf(EPOCH.startMs, EPOCH)).toBe(8n)
  })

  it("no period for a deal whose provider's device is inactive or unknown", () => {
    expect(periods(registry([device(1, { active: false })]), deal(EPOCH.startMs - 1n))).toEqual([])
    expect(periods(registry([device(2)]), deal(EPOCH.startMs - 1n))).toEqual([])
  })

  it('pins the derivation (snapshot)', () => {
    expect(periods(devices, deal(EPOCH.startMs - 1n)).map((c) => c.challengeId)).toMatchInlineSnapshot(`
      [
        "0x96edef3580c24179bece1b22756c0ba61999f67baad7302cb51aec22aae2d65b",
      ]
    `)
  })
})
