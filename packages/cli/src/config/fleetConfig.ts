import { ENVELOPE_ADVERSARIES } from '@pinion/device'
import { type Kind, group } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { z } from 'zod'
import type { Report } from './configError.ts'

/**
 * One kind's simulated devices: how many, and how many of them behave how (all honest when omitted);
 * the behaviours add up to the devices.
 */
type KindFleetConfig = { devices: number; behaviours?: Record<string, number> }

/**
 * The simulated fleet `pinion up` runs. Either one fleet, of the network's first kind
 * (`{ devices, behaviours, seed }`), or a fleet per kind (`{ seed, kinds: { uptime: { devices,
 * behaviours }, wireless: { … } } }`).
 */
export type FleetConfig = SingleKindFleet | PerKindFleet
type SingleKindFleet = { devices: number; behaviours: Record<string, number>; seed: number }
type PerKindFleet = { seed: number; kinds: Record<string, KindFleetConfig> }

/** One kind's part of the fleet, as `pinion up` runs it. */
export type KindFleet = { kind: string; devices: number; behaviours: Record<string, number> }

const isPerKind = (fleet: Partial<FleetConfig>): fleet is Partial<PerKindFleet> => 'kinds' in fleet && fleet.kinds !== undefined

/** An all-honest fleet of `devices` (a fleet of a kind the config gives no behaviours). */
const allHonest = (devices: number): Record<string, number> => ({ honest: devices })

/**
 * The fleet a config gets from `defineNetwork`. The per-kind form keeps only what it says (and the
 * default seed), so the default single-kind fleet's size and behaviours never leak into it. The
 * single-kind form takes what it leaves out from the default fleet: behaviours without devices are
 * that many devices; devices without behaviours are the default fleet's mix at that size, or all
 * honest when its first kind is not the default network's (the default behaviours are another kind's).
 */
export function mergeFleet(
  defaults: { kinds: Record<string, unknown>; fleet: FleetConfig },
  input: { kinds?: Record<string, unknown>; fleet?: Partial<FleetConfig> },
): FleetConfig {
  const fleet = input.fleet
  if (fleet !== undefined && (typeof fleet !== 'object' || fleet === null)) return fleet as FleetConfig // the schema says what it should be
  if (fleet !== undefined && isPerKind(fleet)) return { seed: defaults.fleet.seed, ...fleet } as FleetConfig
  const base = defaults.fleet as SingleKindFleet
  const firstKind = Object.keys(input.kinds ?? defaults.kinds)[0]
  const sameKind = firstKind === Object.keys(defaults.kinds)[0]
  const given = (fleet ?? {}) as Partial<SingleKindFleet>
  const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0
  // What the config gave stays as it gave it (wrong, the schema names it); what it left out follows from what it gave.
  const counts = typeof given.behaviours === 'object' && given.behaviours !== null ? Object.values(given.behaviours) : undefined
  const devices = given.devices !== undefined ? given.devices : counts?.every(isCount) ? counts.reduce((a, b) => a + b, 0) : base.devices
  const behaviours = given.behaviours !== undefined ? given.behaviours : !isCount(devices) ? base.behaviours : sameKind ? scaleMix(base.behaviours, devices) : allHonest(devices)
  return { ...base, ...given, devices, behaviours } as FleetConfig
}

/**
 * Each kind's fleet, in the order of the network's kinds: the single-kind form is the fleet of the
 * network's first kind.
 */
export function kindFleets(config: { kinds: Record<string, unknown>; fleet: FleetConfig }): KindFleet[] {
  const { fleet } = config
  if (!isPerKind(fleet)) return [{ kind: Object.keys(config.kinds)[0]!, devices: fleet.devices, behaviours: fleet.behaviours }]
  return Object.keys(config.kinds)
    .filter((kind) => Object.hasOwn(fleet.kinds, kind))
    .map((kind) => {
      const { devices, behaviours } = fleet.kinds[kind]!
      return { kind, devices, behaviours: behaviours ?? allHonest(devices) }
    })
}

/**
 * The config with `pinion up --devices`: `n` devices in the single-kind fleet or in every kind's
 * fleet, or `kind=n,kind=n` per kind. Each fleet keeps its mix of behaviours, scaled to its new size.
 */
export function withFleetSize<config extends { kinds: Record<string, unknown>; fleet: FleetConfig }>(config: config, flag: string): config {
  const count = (text: string, what: string) => {
    if (!/^\d+$/.test(text)) throw new PinionError('PINION_ERR_CONFIG', `--devices ${flag}: ${what} is "${text}", expected a whole number of devices.`)
    return Number(text)
  }
  const resized = (fleet: KindFleetConfig, devices: number): KindFleetConfig => ({ devices, behaviours: scaleMix(fleet.behaviours ?? allHonest(fleet.devices), devices) })
  const { fleet } = config
  if (!flag.includes('=')) {
    const devices = count(flag, 'the fleet size')
    if (!isPerKind(fleet)) return { ...config, fleet: { ...fleet, ...resized(fleet, devices) } }
    return { ...config, fleet: { ...fleet, kinds: Object.fromEntries(Object.entries(fleet.kinds).map(([kind, f]) => [kind, resized(f, devices)])) } }
  }
  const kinds: Record<string, KindFleetConfig> = Object.fromEntries(kindFleets(config).map(({ kind, devices, behaviours }) => [kind, { devices, behaviours }]))
  for (const part of flag.split(',')) {
    const [kind = '', size = ''] = part.split('=')
    if (!Object.hasOwn(config.kinds, kind)) {
      throw new PinionError('PINION_ERR_CONFIG', `--devices ${flag}: "${kind}" is not one of the network's kinds: ${Object.keys(config.kinds).join(', ')}.`)
    }
    const devices = count(size, `kind ${kind}'s fleet size`)
    kinds[kind] = resized(kinds[kind] ?? { devices }, devices)
  }
  return { ...config, fleet: { seed: fleet.seed, kinds } }
}

/**
 * `mix` (devices by behaviour) scaled to `size` devices in proportion (largest remainders, ties to
 * the behaviour named first), as the fleet spreads them (up/fleetKeys.ts); unchanged when it already
 * adds up to `size`. No behaviours at all is an honest fleet.
 */
function scaleMix(mix: Record<string, number>, size: number): Record<string, number> {
  const entries = Object.entries(mix).filter(([, n]) => n > 0)
  const total = entries.reduce((sum, [, n]) => sum + n, 0)
  if (total === 0) return size === 0 ? {} : allHonest(size)
  const exact = entries.map(([name, n]) => ({ name, count: Math.floor((n * size) / total), rest: (n * size) % total }))
  let missing = size - exact.reduce((sum, e) => sum + e.count, 0)
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) {
    if (missing === 0) break
    e.count += 1
    missing -= 1
  }
  return Object.fromEntries(exact.filter((e) => e.count > 0).map((e) => [e.name, e.count]))
}

const DEVICES = 'a whole number of devices'
const BEHAVIOURS = 'devices by behaviour, e.g. { honest: 18, flaky: 2 }'
const NOTHING_BESIDE_KINDS = 'nothing beside fleet.kinds: give each kind its devices and behaviours in fleet.kinds.<kind>'

const deviceCount = z.number({ error: DEVICES }).int({ error: DEVICES }).min(0, { error: DEVICES }).max(Number.MAX_SAFE_INTEGER, { error: DEVICES })
const behaviours = z.record(z.string(), deviceCount, { error: BEHAVIOURS })

/** The fields of either form of fleet (the rules in checkFleet tell them apart). */
export const fleetSchema = group({
  devices: deviceCount.optional(),
  behaviours: behaviours.optional(),
  seed: z.int({ error: 'an integer' }),
  kinds: z.record(z.string(), group({ devices: deviceCount, behaviours: behaviours.optional() }), { error: 'a fleet per kind, e.g. { uptime: { devices: 10 } }' }).optional(),
})

/**
 * The rules of a config's fleet, once its fields parsed: one form or the other, fleets only of the
 * network's kinds (`kinds`, in order), behaviours the kind's simulator knows (Kind.behaviours, when
 * the kind lists them) or the device package's envelope adversaries, and behaviours that add up to
 * the fleet's devices.
 */
export function checkFleet(fleet: FleetConfig, kinds: readonly string[], known: ReadonlyMap<string, Kind>, report: Report): void {
  if (!isPerKind(fleet)) {
    if (fleet.devices === undefined) report.problem(['fleet', 'devices'], undefined, DEVICES)
    if (fleet.behaviours === undefined) report.problem(['fleet', 'behaviours'], undefined, BEHAVIOURS)
    if (fleet.devices !== undefined) checkKindFleet(['fleet'], known.get(kinds[0] ?? ''), { devices: fleet.devices, behaviours: fleet.behaviours }, report)
    return
  }
  for (const field of ['devices', 'behaviours']) if (Object.hasOwn(fleet, field)) report.problem(['fleet', field], (fleet as Record<string, unknown>)[field], NOTHING_BESIDE_KINDS)
  if (Object.keys(fleet.kinds).length === 0)
    report.problem(['fleet', 'kinds'], fleet.kinds, `a fleet for at least one of the network's kinds, e.g. { ${kinds[0]}: { devices: 10 } }`)
  for (const [name, kindFleet] of Object.entries(fleet.kinds)) {
    if (kinds.includes(name)) checkKindFleet(['fleet', 'kinds', name], known.get(name), kindFleet, report)
    else report.unknown(['fleet', 'kinds', name], 'kind', `a fleet of one of the network's kinds: ${kinds.join(', ')}`, kinds)
  }
}

function checkKindFleet(path: readonly string[], kind: Kind | undefined, fleet: KindFleetConfig, report: Report): void {
  if (fleet.behaviours === undefined) return
  const adversaries: readonly string[] = ENVELOPE_ADVERSARIES
  if (kind?.behaviours !== undefined) {
    const known = [...kind.behaviours, ...adversaries]
    for (const behaviour of Object.keys(fleet.behaviours)) {
      if (known.includes(behaviour)) continue
      report.unknown(
        [...path, 'behaviours', behaviour],
        'behaviour',
        `one kind ${kind.name}'s simulator knows (${kind.behaviours.join(', ')}) or an envelope adversary (${adversaries.join(', ')})`,
        known,
      )
    }
  }
  const total = Object.values(fleet.behaviours).reduce((sum, n) => sum + n, 0)
  if (total !== fleet.devices) {
    report.problem(
      [...path, 'behaviours'],
      fleet.behaviours,
      `devices by behaviour adding up to the fleet's ${fleet.devices} (${[...path, 'devices'].join('.')}); they add up to ${total}`,
    )
  }
}
