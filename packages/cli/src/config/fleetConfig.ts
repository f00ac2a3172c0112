import { ENVELOPE_ADVERSARIES } from '@pinion/device'
import { type Kind, kinds as knownKinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'

/** One kind's simulated devices: how many, and the mix of behaviours by weight (all honest when omitted). */
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

/** What a fleet of a kind is when the config gives no behaviours. */
const ALL_HONEST: Record<string, number> = { honest: 1 }

const isPerKind = (fleet: Partial<FleetConfig>): fleet is Partial<PerKindFleet> => 'kinds' in fleet && fleet.kinds !== undefined

/**
 * The fleet a config gets from `defineNetwork`. The per-kind form keeps only what it says (and the
 * default seed), so the default single-kind fleet's size and behaviours never leak into it. The
 * single-kind form takes what it leaves out from the default fleet, except the default behaviours
 * when its first kind is not the default network's: those are another kind's, so its fleet is honest.
 */
export function mergeFleet(
  defaults: { kinds: Record<string, unknown>; fleet: FleetConfig },
  input: { kinds?: Record<string, unknown>; fleet?: Partial<FleetConfig> },
): FleetConfig {
  const fleet = input.fleet
  if (fleet !== undefined && isPerKind(fleet)) return { seed: defaults.fleet.seed, ...fleet } as FleetConfig
  const firstKind = Object.keys(input.kinds ?? defaults.kinds)[0]
  const otherKind = firstKind !== Object.keys(defaults.kinds)[0]
  return { ...defaults.fleet, ...(otherKind ? { behaviours: ALL_HONEST } : {}), ...fleet } as FleetConfig
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
    .map((kind) => ({ kind, devices: fleet.kinds[kind]!.devices, behaviours: fleet.kinds[kind]!.behaviours ?? ALL_HONEST }))
}

/**
 * The config with `pinion up --devices`: `n` devices in the single-kind fleet or in every kind's
 * fleet, or `kind=n,kind=n` per kind.
 */
export function withFleetSize<config extends { kinds: Record<string, unknown>; fleet: FleetConfig }>(config: config, flag: string): config {
  const count = (text: string, what: string) => {
    if (!/^\d+$/.test(text)) throw new PinionError('PINION_ERR_CONFIG', `--devices ${flag}: ${what} is "${text}", expected a whole number of devices.`)
    return Number(text)
  }
  const { fleet } = config
  if (!flag.includes('=')) {
    const devices = count(flag, 'the fleet size')
    if (!isPerKind(fleet)) return { ...config, fleet: { ...fleet, devices } }
    return { ...config, fleet: { ...fleet, kinds: Object.fromEntries(Object.entries(fleet.kinds).map(([kind, f]) => [kind, { ...f, devices }])) } }
  }
  const kinds: Record<string, KindFleetConfig> = Object.fromEntries(kindFleets(config).map(({ kind, devices, behaviours }) => [kind, { devices, behaviours }]))
  for (const part of flag.split(',')) {
    const [kind = '', size = ''] = part.split('=')
    if (!Object.hasOwn(config.kinds, kind)) {
      throw new PinionError('PINION_ERR_CONFIG', `--devices ${flag}: "${kind}" is not one of the network's kinds: ${Object.keys(config.kinds).join(', ')}.`)
    }
    kinds[kind] = { ...kinds[kind], devices: count(size, `kind ${kind}'s fleet size`) }
  }
  const sized = { ...config, fleet: { seed: fleet.seed, kinds } }
  checkFleet(sized)
  return sized
}

/**
 * Checks the fleet of a merged config, naming the offending field: one form or the other, whole
 * numbers of devices, fleets only of the network's kinds, and behaviours the kind's simulator knows
 * (when the kind lists them, Kind.behaviours) or the device package's envelope adversaries.
 */
export function checkFleet(config: { kinds: Record<string, unknown>; fleet: FleetConfig }, known: ReadonlyMap<string, Kind> = knownKinds): void {
  const fleet = config.fleet as Partial<SingleKindFleet & PerKindFleet>
  const invalid = (path: string, given: unknown, expected: string): never => {
    throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: ${path} is ${JSON.stringify(given)}, expected ${expected}.`)
  }
  if (typeof fleet !== 'object' || fleet === null) invalid('fleet', fleet, 'an object')
  if (!Number.isInteger(fleet.seed)) invalid('fleet.seed', fleet.seed, 'an integer')
  const networkKinds = Object.keys(config.kinds)
  if (!isPerKind(fleet)) {
    checkKindFleet('fleet', networkKinds[0], fleet, known, invalid)
    return
  }
  const mixed = ['devices', 'behaviours'].filter((field) => Object.hasOwn(fleet, field))
  if (mixed.length > 0) {
    invalid(`fleet.${mixed[0]}`, fleet[mixed[0] as 'devices'], 'nothing beside fleet.kinds: give each kind its devices and behaviours in fleet.kinds.<kind>')
  }
  const kinds = fleet.kinds
  if (typeof kinds !== 'object' || kinds === null || Object.keys(kinds).length === 0) {
    invalid('fleet.kinds', kinds, `a fleet for at least one of the network's kinds, e.g. { ${networkKinds[0]}: { devices: 10 } }`)
  }
  for (const [kind, kindFleet] of Object.entries(kinds!)) {
    if (!networkKinds.includes(kind)) invalid(`fleet.kinds.${kind}`, kindFleet, `a fleet of one of the network's kinds: ${networkKinds.join(', ')}`)
    if (typeof kindFleet !== 'object' || kindFleet === null) invalid(`fleet.kinds.${kind}`, kindFleet, '{ devices, behaviours }')
    checkKindFleet(`fleet.kinds.${kind}`, kind, kindFleet, known, invalid)
  }
}

function checkKindFleet(
  path: string,
  kindName: string | undefined,
  fleet: { devices?: unknown; behaviours?: unknown },
  known: ReadonlyMap<string, Kind>,
  invalid: (path: string, given: unknown, expected: string) => never,
): void {
  if (!Number.isInteger(fleet.devices) || (fleet.devices as number) < 0) invalid(`${path}.devices`, fleet.devices, 'a whole number of devices')
  if (fleet.behaviours === undefined) return
  if (typeof fleet.behaviours !== 'object' || fleet.behaviours === null) invalid(`${path}.behaviours`, fleet.behaviours, 'behaviours by weight, e.g. { honest: 9, flaky: 1 }')
  const kind = kindName === undefined ? undefined : known.get(kindName)
  for (const [behaviour, weight] of Object.entries(fleet.behaviours as Record<string, unknown>)) {
    if (!Number.isInteger(weight) || (weight as number) < 0) invalid(`${path}.behaviours.${behaviour}`, weight, 'a whole-number weight')
    if (kind?.behaviours === undefined || kind.behaviours.includes(behaviour) || (ENVELOPE_ADVERSARIES as readonly string[]).includes(behaviour)) continue
    invalid(
      `${path}.behaviours.${behaviour}`,
      weight,
      `a behaviour kind ${kind.name}'s simulator knows (${kind.behaviours.join(', ')}) or an envelope adversary (${ENVELOPE_ADVERSARIES.join(', ')}); "${behaviour}" is neither`,
    )
  }
}
