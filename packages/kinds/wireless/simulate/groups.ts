import { distanceM } from '../physics.ts'

/**
 * Recovering adversary groups from the simulated devices alone (behaviour, asserted and actual
 * cells), so that a fleet placed once behaves as the same groups in every epoch, whatever order the
 * devices come in:
 *
 * - sybil groups: sybil devices with the same actual cell (they are physically in one spot).
 * - witness rings: single-linkage clusters of ring devices' asserted cells — two ring devices
 *   asserted within RING_LINK_M of each other collude, and so does everyone linked through a chain
 *   of such pairs. placeWirelessFleet keeps a ring's members within RING_MEMBER_RADIUS_M of its
 *   centre and ring centres far enough apart that the clusters are exactly its rings.
 * - relay pairs: relays sorted by asserted cell; each one still unpaired pairs with the nearest
 *   unpaired relay between RELAY_MIN_M and RELAY_MAX_M away (30–90 km) (ties: lower cell). A relay left
 *   without a partner behaves honestly. placeWirelessFleet draws until every relay is paired.
 */
export const RING_LINK_M = 5_000
export const RING_MEMBER_RADIUS_M = 2_000
/**
 * Relay partners are 30–90 km apart: beyond radio reach under the kind's default model (a stock
 * hotspot's median SF9 reach is about 5.5 km, and a 30 km link needs 3σ of shadowing), which is
 * what makes relaying worth it — a relay has nothing to forward to a partner its radio reaches.
 */
export const RELAY_MIN_M = 30_000
export const RELAY_MAX_M = 90_000

export type GroupMember = { behaviour: string; asserted: bigint | null; actual: bigint | null }

/** Group ids per device (index into `devices`), -1 for devices in no group; groups numbered from 0 in order of first member. */
export type Groups = { sybil: Int32Array; ring: Int32Array; relayPartner: Int32Array }

export function recoverGroups(devices: readonly GroupMember[]): Groups {
  return { sybil: sybilGroups(devices), ring: ringGroups(devices), relayPartner: relayPartners(devices) }
}

function sybilGroups(devices: readonly GroupMember[]): Int32Array {
  const groups = new Int32Array(devices.length).fill(-1)
  const byCell = new Map<bigint, number>()
  devices.forEach((device, i) => {
    if (device.behaviour !== 'sybil' || device.actual === null) return
    let group = byCell.get(device.actual)
    if (group === undefined) byCell.set(device.actual, (group = byCell.size))
    groups[i] = group
  })
  return groups
}

function ringGroups(devices: readonly GroupMember[]): Int32Array {
  const members = indicesOf(devices, 'witness-ring')
  // Union–find over ring devices asserted within RING_LINK_M of each other.
  const parent = new Map<number, number>(members.map((i) => [i, i]))
  const find = (i: number): number => {
    let root = i
    while (parent.get(root) !== root) root = parent.get(root)!
    while (parent.get(i) !== root) {
      const next = parent.get(i)!
      parent.set(i, root)
      i = next
    }
    return root
  }
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const a = members[x]!
      const b = members[y]!
      if (distanceM(devices[a]!.asserted!, devices[b]!.asserted!) <= RING_LINK_M) {
        const [ra, rb] = [find(a), find(b)]
        if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb))
      }
    }
  }
  const groups = new Int32Array(devices.length).fill(-1)
  const numbers = new Map<number, number>()
  for (const i of members) {
    const root = find(i)
    let group = numbers.get(root)
    if (group === undefined) numbers.set(root, (group = numbers.size))
    groups[i] = group
  }
  return groups
}

export function relayPartners(devices: readonly GroupMember[]): Int32Array {
  const relays = indicesOf(devices, 'relay').sort((a, b) => compare(devices[a]!.asserted!, devices[b]!.asserted!) || a - b)
  const partner = new Int32Array(devices.length).fill(-1)
  for (const a of relays) {
    if (partner[a] !== -1) continue
    let best = -1
    let bestDistance = Number.POSITIVE_INFINITY
    for (const b of relays) {
      if (b === a || partner[b] !== -1) continue
      const d = distanceM(devices[a]!.asserted!, devices[b]!.asserted!)
      if (d >= RELAY_MIN_M && d <= RELAY_MAX_M && d < bestDistance) {
        best = b
        bestDistance = d
      }
    }
    if (best !== -1) {
      partner[a] = best
      partner[best] = a
    }
  }
  return partner
}

/** Devices of a behaviour that assert a location (the only ones that can be grouped by it). */
function indicesOf(devices: readonly GroupMember[], behaviour: string): number[] {
  const out: number[] = []
  devices.forEach((device, i) => {
    if (device.behaviour === behaviour && device.asserted !== null) out.push(i)
  })
  return out
}

const compare = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0)
