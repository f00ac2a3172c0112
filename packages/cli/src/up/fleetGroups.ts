import type { Kind } from '@pinion/kinds'
import type { FleetMember } from './fleetKeys.ts'

/** One kind of the network with its parameters and its devices, each with its index in the fleet file. */
export type FleetGroup = { kind: Kind; params: unknown; members: { device: FleetMember; index: number }[] }

/**
 * The fleet split by kind, in the network's order of kinds: every kind the network runs, with the
 * parameters its config gives (parsed by the kind) and the fleet's devices of that kind, if any.
 */
export function fleetGroups(kinds: ReadonlyMap<string, Kind>, kindParams: Readonly<Record<string, unknown>>, fleet: readonly FleetMember[]): FleetGroup[] {
  return [...kinds.values()].map((kind) => ({
    kind,
    params: kind.parseParams(kindParams[kind.name]),
    members: fleet.flatMap((device, index) => (device.kind === kind.name ? [{ device, index }] : [])),
  }))
}
