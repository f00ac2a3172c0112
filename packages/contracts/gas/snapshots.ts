import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Gas used per named operation, per contract: `{ RewardDistributor: { 'claim: …': 61234 } }`. */
export type GasSnapshots = Record<string, Record<string, number>>

const snapshotDir = fileURLToPath(new URL('../gas-snapshots', import.meta.url))

export function readSnapshots(): GasSnapshots {
  const snapshots: GasSnapshots = {}
  for (const file of readdirSync(snapshotDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    snapshots[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(snapshotDir, file), 'utf8'))
  }
  return snapshots
}

export function writeSnapshots(snapshots: GasSnapshots): void {
  mkdirSync(snapshotDir, { recursive: true })
  for (const [contract, values] of Object.entries(snapshots)) {
    const sorted = Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)))
    writeFileSync(join(snapshotDir, `${contract}.json`), `${JSON.stringify(sorted, null, 2)}\n`)
  }
}
