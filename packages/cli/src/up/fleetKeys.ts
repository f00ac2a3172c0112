import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type DeviceKey, PinionError, generateDeviceKey } from '@pinion/protocol'
import type { KindFleet } from '../config/fleetConfig.ts'

/**
 * A simulated device as the fleet file keeps it: its key, its behaviour, which operator owns it
 * (an index into the devnet's operators) and which kind it is a device of. Files written before
 * fleets had kinds name none: their devices are the network's first kind's.
 */
export type StoredFleetDevice = { key: DeviceKey; behaviour: string; owner: number; kind?: string }

/** A device of the fleet, its kind always named. */
export type FleetMember = StoredFleetDevice & { kind: string }

/**
 * The simulated fleet's devices, kept in a file so that `pinion up` run again resumes with the same
 * devices (already registered on the persisted chain) instead of making new ones: each kind's
 * devices in the order of `fleets`, with behaviours spread by their weights.
 */
export function loadOrCreateFleet(path: string, fleets: readonly KindFleet[], owners: number): FleetMember[] {
  const firstKind = fleets[0]?.kind
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredFleetDevice[]
    const fleet = stored.map((device) => ({ ...device, kind: device.kind ?? firstKind ?? '' }))
    const strangers = [...new Set(fleet.map((d) => d.kind))].filter((kind) => !fleets.some((f) => f.kind === kind))
    if (strangers.length > 0) {
      throw new PinionError(
        'PINION_ERR_FLEET_FILE',
        `the fleet in ${path} has devices of kind ${strangers.join(', ')}, which this network's fleet does not run (${fleets.map((f) => f.kind).join(', ')}); use another --data-dir for another network`,
      )
    }
    return fleet
  }
  let index = 0
  const fleet = fleets.flatMap(({ kind, behaviours, devices }) =>
    planBehaviours(behaviours, devices).map((behaviour) => {
      const i = index++
      return { key: generateDeviceKey(i % 4 === 3 ? 'p256' : 'ed25519'), behaviour, owner: i % owners, kind }
    }),
  )
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
