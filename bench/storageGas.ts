/**
 * bench:storage part (d): gas of proving storage on chain, read from the committed gas snapshots
 * (packages/contracts/gas-snapshots/, written by `npm run gas`): no chain is run here. For each
 * scenario that names its number of challenges ("5 challenges"), gas per challenge; for scenarios
 * of the same piece size with different counts, the marginal gas of one more challenge and what is
 * left as the fixed cost of a call.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SNAPSHOTS = fileURLToPath(new URL('../packages/contracts/gas-snapshots/', import.meta.url))
/** PieceProofs: PDP proof verification (docs/storage.md). StorageMarket: deals and escrow, once it is written. */
const FILES = ['PieceProofs.json', 'StorageMarket.json']

type GasRow = { snapshot: string; scenario: string; gas: number; challenges?: number; perChallenge?: number }
type Marginal = { snapshot: string; piece: string; perExtraChallenge: number; fixed: number }
export type GasReport = { rows: GasRow[]; marginals: Marginal[]; missing: string[] }

/** The snapshots in `dir` (the committed ones by default), with gas per challenge where a scenario names its challenges. */
export function readGasSnapshots(dir = SNAPSHOTS): GasReport {
  const rows: GasRow[] = []
  const missing: string[] = []
  for (const file of FILES) {
    const path = join(dir, file)
    if (!existsSync(path)) {
      missing.push(file)
      continue
    }
    const snapshot = file.replace(/\.json$/, '')
    for (const [scenario, gas] of Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)) {
      if (typeof gas !== 'number') continue
      const count = scenario.match(/\b(\d+) challenges?\b/)
      const challenges = count === null ? undefined : Number(count[1])
      rows.push({ snapshot, scenario, gas, ...(challenges === undefined ? {} : { challenges, perChallenge: Math.round(gas / challenges) }) })
    }
  }
  // Same snapshot and piece size, two challenge counts: the slope and the intercept.
  const marginals: Marginal[] = []
  const groups = new Map<string, GasRow[]>()
  for (const row of rows) {
    const piece = row.scenario.match(/\b(\d+ [KMGT]iB) piece\b/)?.[1]
    if (row.challenges === undefined || piece === undefined) continue
    const key = `${row.snapshot}\u0000${piece}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  for (const [key, group] of groups) {
    const sorted = [...group].sort((a, b) => a.challenges! - b.challenges!)
    const [first, last] = [sorted[0]!, sorted.at(-1)!]
    if (first.challenges === last.challenges) continue
    const perExtraChallenge = Math.round((last.gas - first.gas) / (last.challenges! - first.challenges!))
    const [snapshot, piece] = key.split('\u0000') as [string, string]
    marginals.push({ snapshot, piece, perExtraChallenge, fixed: first.gas - perExtraChallenge * first.challenges! })
  }
  return { rows, marginals, missing }
}

const gasText = (gas: number) => gas.toLocaleString('en')

export function runGas(): GasReport {
  const report = readGasSnapshots()
  console.log('\n(d) gas — from the committed snapshots in packages/contracts/gas-snapshots/ (npm run gas writes them; no chain is run here)')
  for (const snapshot of new Set(report.rows.map((row) => row.snapshot))) {
    for (const row of report.rows.filter((r) => r.snapshot === snapshot)) {
      const each = row.perChallenge === undefined ? '' : `   ${gasText(row.perChallenge)} a challenge`
      console.log(`  ${row.snapshot.padEnd(14)} ${row.scenario.padEnd(72)} ${gasText(row.gas).padStart(9)}${each}`)
    }
    for (const m of report.marginals.filter((r) => r.snapshot === snapshot)) {
      console.log(`  ${m.snapshot.padEnd(14)} ${m.piece} piece: one more challenge ${gasText(m.perExtraChallenge)} gas; the call itself ${gasText(m.fixed)}`)
    }
  }
  for (const file of report.missing) {
    console.log(`  ${file}: not there yet (the storage market's contracts and their gas scenarios are being written); rerun once gas-snapshots/${file} exists`)
  }
  return report
}
