import type { DeviceRecord, LocationAssertion } from '../src/kind.ts'
import { distanceM } from './physics.ts'

/** Where a device was asserted at some time, and with which antenna. */
export type Placement = { readonly cell: bigint; readonly antennaGain: number; readonly elevation: number }

/**
 * The device's assertion in force at `atMs`: the last one made at or before it. A record without an
 * assertion history but with a location (older registries) counts as asserted all along, with 0 dBi.
 */
export function placementAt(device: DeviceRecord, atMs: bigint): Placement | null {
  const locations = device.locations
  if (locations.length === 0) return device.location === null ? null : { cell: device.location, antennaGain: 0, elevation: 0 }
  // Assertions are few per device and oldest first: walk back from the newest.
  for (let i = locations.length - 1; i >= 0; i--) {
    const assertion = locations[i]!
    if (assertion.atMs <= atMs) return assertion
  }
  return null
}

const travelCache = new WeakMap<readonly LocationAssertion[], Map<number, readonly bigint[]>>()

/**
 * The times of the assertions that moved the device faster than `maxTravelSpeedKmh` from the one
 * before: distance (m) × 3,600 > speed (km/h) × elapsed (ms), in integers. Cached per history.
 */
function impossibleMoves(device: DeviceRecord, maxTravelSpeedKmh: number): readonly bigint[] {
  const locations = device.locations
  let bySpeed = travelCache.get(locations)
  if (bySpeed === undefined) travelCache.set(locations, (bySpeed = new Map()))
  let moves = bySpeed.get(maxTravelSpeedKmh)
  if (moves === undefined) {
    const found: bigint[] = []
    for (let i = 1; i < locations.length; i++) {
      const before = locations[i - 1]!
      const after = locations[i]!
      if (before.cell === after.cell) continue
      const elapsed = after.atMs - before.atMs
      if (BigInt(distanceM(before.cell, after.cell)) * 3_600n > BigInt(maxTravelSpeedKmh) * (elapsed < 0n ? 0n : elapsed)) found.push(after.atMs)
    }
    moves = found
    bySpeed.set(maxTravelSpeedKmh, moves)
  }
  return moves
}

/** Whether `atMs` falls within `cooldownMs` after an impossible move of the device. */
export function inTravelCooldown(device: DeviceRecord, atMs: bigint, maxTravelSpeedKmh: number, cooldownMs: bigint): boolean {
  for (const movedAt of impossibleMoves(device, maxTravelSpeedKmh)) {
    if (movedAt <= atMs && atMs < movedAt + cooldownMs) return true
  }
  return false
}
