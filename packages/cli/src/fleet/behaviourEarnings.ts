import type { Hex } from 'viem'

/** A simulated device as the fleet file names it: its kind, behaviour and id. */
export type FleetDeviceRef = { readonly kind: string; readonly behaviour: string; readonly deviceId: Hex }

/** What one behaviour of one kind's fleet ended up with, per device (averages round toward zero). */
export type BehaviourEarnings = {
  kind: string
  behaviour: string
  devices: number
  /** Rewards earned, per device: what the oracles paid its shares. */
  earned: bigint
  /** Stake slash orders took, per device. */
  slashed: bigint
  /** Earned less slashed, per device: below zero when cheating cost more than it paid. */
  net: bigint
  /** `net` against the kind's honest devices' net, in basis points; null without honest devices earning. */
  netVsHonestBps: number | null
}

/** The behaviour every other is measured against. */
const HONEST = 'honest'

/**
 * Does cheating pay? Each kind's fleet grouped by behaviour, with what its devices earned, what
 * slashing took from them, and what is left against an honest device of the kind: the measure the
 * economy is built to keep below one for every caught behaviour. Kinds in the fleet's order, honest
 * first within a kind, then the other behaviours by name.
 */
export function behaviourEarnings(devices: readonly FleetDeviceRef[], earned: ReadonlyMap<Hex, bigint>, slashed: ReadonlyMap<Hex, bigint>): BehaviourEarnings[] {
  const groups = new Map<string, { kind: string; behaviour: string; ids: Hex[] }>()
  for (const { kind, behaviour, deviceId } of devices) {
    const key = `${kind}\u0000${behaviour}`
    const group = groups.get(key) ?? { kind, behaviour, ids: [] }
    group.ids.push(deviceId.toLowerCase() as Hex)
    groups.set(key, group)
  }
  const kindOrder = [...new Set(devices.map((d) => d.kind))]
  const rows = [...groups.values()].map(({ kind, behaviour, ids }) => {
    const count = BigInt(ids.length)
    const sum = (map: ReadonlyMap<Hex, bigint>) => ids.reduce((total, id) => total + (map.get(id) ?? 0n), 0n)
    const [paid, taken] = [sum(earned), sum(slashed)]
    return { kind, behaviour, devices: ids.length, earned: paid / count, slashed: taken / count, net: (paid - taken) / count, netVsHonestBps: null as number | null }
  })
  for (const row of rows) {
    const honest = rows.find((r) => r.kind === row.kind && r.behaviour === HONEST)
    if (honest !== undefined && honest.net > 0n) row.netVsHonestBps = Number((row.net * 10_000n) / honest.net)
  }
  const rank = (row: BehaviourEarnings) => (row.behaviour === HONEST ? '' : row.behaviour)
  return rows.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || rank(a).localeCompare(rank(b)))
}
