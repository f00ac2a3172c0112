import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readGasSnapshots } from './storageGas.ts'

describe('bench:storage gas', () => {
  it("reads the committed PieceProofs snapshot: gas per challenge, and one more challenge's marginal gas", () => {
    const { rows, marginals } = readGasSnapshots()
    const proofs = rows.filter((row) => row.snapshot === 'PieceProofs')
    expect(proofs.find((row) => row.challenges === 1)).toMatchObject({ gas: 46_450, perChallenge: 46_450 })
    expect(proofs.find((row) => row.scenario.includes('5 challenges, 1 MiB'))).toMatchObject({ gas: 132_630, perChallenge: 26_526 })
    // (132,630 − 46,450) / 4 = 21,545 a challenge beyond the first; 24,905 is the call's own.
    expect(marginals).toContainEqual({ snapshot: 'PieceProofs', piece: '1 MiB', perExtraChallenge: 21_545, fixed: 24_905 })
  })

  it('names a snapshot that is not there rather than failing, and reads one that is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-gas-'))
    try {
      expect(readGasSnapshots(dir)).toEqual({ rows: [], marginals: [], missing: ['PieceProofs.json', 'StorageMarket.json'] })
      writeFileSync(join(dir, 'StorageMarket.json'), JSON.stringify({ 'settle: 3 challenges, 4 MiB piece': 90_000, 'open a deal': 120_000 }))
      const report = readGasSnapshots(dir)
      expect(report.missing).toEqual(['PieceProofs.json'])
      expect(report.rows).toEqual([
        { snapshot: 'StorageMarket', scenario: 'settle: 3 challenges, 4 MiB piece', gas: 90_000, challenges: 3, perChallenge: 30_000 },
        { snapshot: 'StorageMarket', scenario: 'open a deal', gas: 120_000 },
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
