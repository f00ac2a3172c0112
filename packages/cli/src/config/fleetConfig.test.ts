import { describe, expect, it } from 'vitest'
import { kindFleets, withFleetSize } from './fleetConfig.ts'
import { DEFAULT_NETWORK, type NetworkInput, defineNetwork } from './network.ts'

const messageOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return (error as Error).message
  }
  return 'no error'
}

/** Both kinds, with the pools each needs; wireless beacon windows that fit the default 10 s epoch. */
const WIRELESS = { beaconIntervalMs: 5_000n }
const TWO_KINDS: NetworkInput = {
  kinds: { uptime: { subIntervalMs: 1_000 }, wireless: WIRELESS },
  pools: { 'uptime.uptime': 4_000, 'wireless.coverage': 4_000, 'wireless.usage': 1_500, treasury: 500 },
}

describe('the fleet of a network', () => {
  it("is the first kind's in the single-kind form, with the default fleet filling what it leaves out", () => {
    // Devices alone keep the default fleet's mix, at their size (largest remainders, as the fleet spreads it).
    const network = defineNetwork({ fleet: { devices: 6 } })
    expect(network.fleet).toEqual({ ...DEFAULT_NETWORK.fleet, devices: 6, behaviours: { honest: 4, flaky: 1, offline: 1 } })
    expect(kindFleets(network)).toEqual([{ kind: 'uptime', devices: 6, behaviours: { honest: 4, flaky: 1, offline: 1 } }])
    // Behaviours alone are that many devices.
    expect(defineNetwork({ fleet: { behaviours: { honest: 3, flaky: 1 } } }).fleet).toEqual({ ...DEFAULT_NETWORK.fleet, devices: 4, behaviours: { honest: 3, flaky: 1 } })
  })

  it("is all honest in the single-kind form when its first kind is not the default network's and it names no behaviours", () => {
    const wireless = defineNetwork({ ...TWO_KINDS, kinds: { wireless: WIRELESS }, fleet: { devices: 9 } })
    expect(kindFleets(wireless)).toEqual([{ kind: 'wireless', devices: 9, behaviours: { honest: 9 } }])
    expect(defineNetwork({ ...TWO_KINDS, kinds: { wireless: WIRELESS } }).fleet).toEqual({ ...DEFAULT_NETWORK.fleet, behaviours: { honest: 20 } })
  })

  it("has a fleet per kind in the per-kind form, in the order of the network's kinds, all honest without behaviours", () => {
    const network = defineNetwork({
      ...TWO_KINDS,
      fleet: { seed: 3, kinds: { wireless: { devices: 10, behaviours: { honest: 8, sybil: 2 } }, uptime: { devices: 6 } } },
    })
    // Nothing of the default single-kind fleet leaks into it.
    expect(network.fleet).toEqual({ seed: 3, kinds: { wireless: { devices: 10, behaviours: { honest: 8, sybil: 2 } }, uptime: { devices: 6 } } })
    expect(kindFleets(network)).toEqual([
      { kind: 'uptime', devices: 6, behaviours: { honest: 6 } },
      { kind: 'wireless', devices: 10, behaviours: { honest: 8, sybil: 2 } },
    ])
    expect(defineNetwork({ ...TWO_KINDS, fleet: { kinds: { wireless: { devices: 1 } } } }).fleet).toEqual({
      seed: DEFAULT_NETWORK.fleet.seed,
      kinds: { wireless: { devices: 1 } },
    })
  })

  it('names the offending field, what it is and what was expected', () => {
    const invalid = (fleet: NonNullable<NetworkInput['fleet']>) => messageOf(() => defineNetwork({ ...TWO_KINDS, fleet }))
    expect(invalid({ seed: 1, kinds: { storage: { devices: 2 } } })).toBe(
      "Invalid network config: fleet.kinds.storage is an unknown kind, expected a fleet of one of the network's kinds: uptime, wireless.",
    )
    expect(invalid({ seed: 1, kinds: { wirless: { devices: 2 } } })).toBe(
      "Invalid network config: fleet.kinds.wirless is an unknown kind, expected a fleet of one of the network's kinds: uptime, wireless (did you mean `wireless`?).",
    )
    expect(invalid({ seed: 1, kinds: { uptime: { devices: -1 } } })).toBe('Invalid network config: fleet.kinds.uptime.devices is -1, expected a whole number of devices.')
    expect(invalid({ seed: 1, kinds: { wireless: { devices: 4, behaviours: { honest: 3, flaky: 1 } } } })).toBe(
      "Invalid network config: fleet.kinds.wireless.behaviours.flaky is an unknown behaviour, expected one kind wireless's simulator knows (honest, gps-spoofer, sybil, witness-ring, beacon-replayer, relay) or an envelope adversary (replayer, forger, wrong-network).",
    )
    expect(invalid({ seed: 1, kinds: { uptime: { devices: 4, behaviours: { honest: 0.5 } } } })).toBe(
      'Invalid network config: fleet.kinds.uptime.behaviours.honest is 0.5, expected a whole number of devices.',
    )
    expect(invalid({ seed: 1, kinds: { uptime: { devices: 4, behaviours: { honest: 2, flaky: 1 } } } })).toBe(
      'Invalid network config: fleet.kinds.uptime.behaviours is {"honest":2,"flaky":1}, expected devices by behaviour adding up to the fleet\'s 4 (fleet.kinds.uptime.devices); they add up to 3.',
    )
    expect(invalid({ seed: 1, kinds: {} })).toBe(
      "Invalid network config: fleet.kinds is {}, expected a fleet for at least one of the network's kinds, e.g. { uptime: { devices: 10 } }.",
    )
    expect(invalid({ seed: 1, devices: 3, kinds: { uptime: { devices: 3 } } } as NonNullable<NetworkInput['fleet']>)).toBe(
      'Invalid network config: fleet.devices is 3, expected nothing beside fleet.kinds: give each kind its devices and behaviours in fleet.kinds.<kind>.',
    )
    expect(invalid({ seed: 1.5, kinds: { uptime: { devices: 3 } } })).toBe('Invalid network config: fleet.seed is 1.5, expected an integer.')
    // The single-kind form is the first kind's: its behaviours are checked against that kind.
    expect(messageOf(() => defineNetwork({ fleet: { behaviours: { honest: 1, relay: 1 } } }))).toMatch(
      /^Invalid network config: fleet\.behaviours\.relay is an unknown behaviour, expected one kind uptime's simulator knows \(honest, flaky, offline, burst, clock-skew\)/,
    )
    // Envelope adversaries belong to every kind.
    expect(() => defineNetwork({ ...TWO_KINDS, fleet: { seed: 1, kinds: { wireless: { devices: 3, behaviours: { honest: 2, forger: 1 } } } } })).not.toThrow()
  })

  it('takes --devices as one size for every fleet, or per kind', () => {
    // Each fleet keeps its mix, scaled to its size as the fleet spreads it (up/fleetKeys.ts).
    const single = defineNetwork()
    expect(kindFleets(withFleetSize(single, '3'))).toEqual([{ kind: 'uptime', devices: 3, behaviours: { honest: 2, flaky: 1 } }])
    expect(kindFleets(withFleetSize(single, '20'))).toEqual(kindFleets(single))
    const perKind = defineNetwork({ ...TWO_KINDS, fleet: { seed: 3, kinds: { uptime: { devices: 6 }, wireless: { devices: 10 } } } })
    expect(kindFleets(withFleetSize(perKind, '2')).map((f) => f.devices)).toEqual([2, 2])
    expect(kindFleets(withFleetSize(perKind, 'wireless=4')).map((f) => [f.kind, f.devices])).toEqual([
      ['uptime', 6],
      ['wireless', 4],
    ])
    // A single-kind fleet sized per kind becomes a fleet per kind.
    expect(kindFleets(withFleetSize(defineNetwork({ ...TWO_KINDS, fleet: { devices: 5, behaviours: { honest: 4, flaky: 1 } } }), 'uptime=2,wireless=2'))).toEqual([
      { kind: 'uptime', devices: 2, behaviours: { honest: 2 } },
      { kind: 'wireless', devices: 2, behaviours: { honest: 2 } },
    ])
    expect(messageOf(() => withFleetSize(perKind, 'storage=2'))).toBe('--devices storage=2: "storage" is not one of the network\'s kinds: uptime, wireless.')
    expect(messageOf(() => withFleetSize(perKind, 'many'))).toBe('--devices many: the fleet size is "many", expected a whole number of devices.')
  })
})
