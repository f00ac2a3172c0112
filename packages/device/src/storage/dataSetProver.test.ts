import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { challengedLeaves, pieceAt, verifyPieceProof } from '@pinion/protocol/pdp'
import { type Hex, bytesToHex } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { dataSetProver } from './dataSetProver.ts'
import { openPieceStore } from './pieceStore.ts'

const idOf = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())
const payload = (seed: number, length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17) & 0xff)

describe('dataSetProver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-prover-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const store = openPieceStore(dir, 1_000_000)
  // Three pieces of different sizes, as erasure coding of different segments makes them.
  const pieces = [payload(1, 3_000), payload(2, 700), payload(3, 40_000)].map((bytes) => {
    store.put(idOf(bytes), bytes)
    return idOf(bytes)
  })

  it("answers a period's challenges with proofs the verifier accepts against the roots the data set committed", () => {
    const prover = dataSetProver(store, 7n, pieces)
    const committed = prover.commitments()
    const leafCounts = committed.map((c) => c.leafCount)
    for (const seed of [1n, 0xfeedn, 2n ** 200n + 3n]) {
      const answers = prover.answer(seed, 5)
      expect(answers.map((a) => a.leaf)).toEqual(
        challengedLeaves(
          seed,
          7n,
          5,
          leafCounts.reduce((s, n) => s + n, 0n),
        ),
      )
      for (const answer of answers) {
        expect(pieceAt(leafCounts, answer.leaf)).toEqual({ pieceId: answer.pieceId, offset: answer.offset })
        const { root, height } = committed[answer.pieceId]!
        expect(verifyPieceProof(root, height, answer.offset, answer.proof)).toBe(true)
      }
    }
  })

  it('cannot answer for a piece whose bytes it lost, and a changed piece fails the check against its committed root', () => {
    const committed = dataSetProver(store, 7n, pieces).commitments()
    // The node's disk changes a piece: the store refuses to read it, so the prover has nothing to prove with.
    const id = pieces[1]!
    writeFileSync(join(dir, 'pieces', id.slice(2, 4), id), payload(9, 700))
    expect(() => dataSetProver(store, 7n, pieces).answer(1n, 5)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_CORRUPT' }))
    // A provider that answers from other bytes anyway: its proofs do not reach the committed root.
    const forged = dataSetProver({ get: (piece: Hex) => (piece === id ? payload(9, 700) : store.get(piece)) }, 7n, pieces)
    const leafCounts = committed.map((c) => c.leafCount)
    const seed = [...Array(200).keys()].map(BigInt).find((s) =>
      challengedLeaves(
        s,
        7n,
        5,
        leafCounts.reduce((a, n) => a + n, 0n),
      ).some((leaf) => pieceAt(leafCounts, leaf).pieceId === 1),
    )!
    const onForged = forged.answer(seed, 5).filter((a) => a.pieceId === 1)
    expect(onForged.length).toBeGreaterThan(0)
    for (const answer of onForged) expect(verifyPieceProof(committed[1]!.root, committed[1]!.height, answer.offset, answer.proof)).toBe(false)
  })
})
