import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type DeviceKey, generateDeviceKey } from '@pinion/protocol'

export type StoredFleetDevice = { key: DeviceKey; behaviour: string; owner: number }

/**
 * The simulated fleet's devices, kept in a file so that `pinion up` run again resumes with the same
 * devices (already registered on the persisted chain) instead of making new ones.
 */
export function loadOrCreateFleet(path: string, behaviours: Record<string, number>, size: number, owners: number): StoredFleetDevice[] {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as StoredFleetDevice[]
  const plan = planBehaviours(behaviours, size)
  const fleet = plan.map((behaviour, i) => ({ key: generateDeviceKey(i % 4 === 3 ? 'p256' : 'ed25519'), behaviour, owner: i % owners }))
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(`${path}.tmp`, JSON.stringify(fleet, null, 2), { mode: 0o600 })
  renameSync(`${path}.tmp`, path)
  return fleet
}

/**
 * Spreads `size` devices over behaviours in proportion to their weights (largest remainders), so a
 * fleet of any size keeps the configured mix.
 */
function planBehaviours(weights: Record<string, number>, size: number): string[] {
  const entries = Object.entries(weights).filter(([, w]) => w > 0)
  const total = entries.reduce((sum, [, w]) => sum + w, 0)
  if (total === 0) return Array.from({ length: size }, () => 'honest')
  const exact = entries.map(([name, w]) => ({ name, count: Math.floor((w * size) / total), rest: (w * size) % total }))
  let missing = size - exact.reduce((sum, e) => sum + e.count, 0)
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) {
    if (missing === 0) break
    e.count += 1
    missing -= 1
  }
  return exact.flatMap((e) => Array.from({ length: e.count }, () => e.name))
}
