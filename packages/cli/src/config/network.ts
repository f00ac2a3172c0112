import { type Kind, kinds as allKinds, paramsProblems } from '@pinion/kinds'
import type { Address } from 'viem'
import { ConfigError } from './configError.ts'
import { type FleetConfig, mergeFleet } from './fleetConfig.ts'
import { networkIssues } from './networkSchema.ts'

/** A network, as written in pinion.config.ts. Every field has a devnet default. */
export type NetworkConfig = {
  name: string
  token: {
    name: string
    symbol: string
    /** Whole tokens. */
    cap: bigint
  }
  epochs: {
    /** Seconds per epoch. Devnets use short epochs so rewards show up within a minute. */
    durationSeconds: number
    /** Whole tokens emitted per epoch before the first halving. */
    initialEmission: bigint
    /** Epochs between halvings; 0 for none. */
    halvingInterval: number
    /** How long after an epoch ends the oracle still accepts its reports, in ms. */
    lateReportMs: number
  }
  /** Each pool's share of an epoch's emission in basis points; they must add up to 10,000. */
  pools: Record<string, number>
  /** The pool that takes rounding remainders and pools nobody earned from. */
  residualPool: string
  /** Who the residual pool pays; the network's timelock when omitted, so that only governance spends it. */
  treasury?: Address
  /**
   * The kinds this network runs, with their parameters (the kind's defaults when empty). Each kind
   * checks its own when the config loads, with the network's epoch (a sub-interval must divide it);
   * its helper types them for the editor, e.g.
   * `kinds: { uptime: uptimeParams({ subIntervalMs: 3_000 }) }` (`import { uptimeParams } from '@pinion/kinds/uptime'`).
   */
  kinds: Record<string, Record<string, unknown>>
  /** The device class makers vouch for in this network. */
  deviceClass: number
  /**
   * How devices reach the oracles: `http` (POST /v1/reports/batch), or `mqtt` (each oracle's broker;
   * README: Devices over MQTT). `pinion up` runs its fleet this way unless `--transport` says otherwise.
   */
  devices: { transport: DeviceTransport }
  oracles: { count: number; quorum: number }
  /** The simulated fleet `pinion up` runs: of the first kind, or per kind (fleetConfig.ts). */
  fleet: FleetConfig
  /** Where to run: omit `rpcUrl` for the embedded devnet. */
  chain: { rpcUrl?: string; confirmations: number }
  /**
   * The explorer `pinion up` serves. `basemap`: an online raster XYZ tile source under the map and
   * the credit it requires, e.g. `{ tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
   * attribution: '© OpenStreetMap contributors' }`; without it the map draws the shipped offline
   * detail of the simulated regions.
   */
  explorer: { basemap?: { tiles: string; attribution: string; maxZoom?: number } }
  /** Customers' credits, how their spending reaches operators, and slashing (docs/economy.md). */
  economy: EconomyConfig
}

/** A network's economy: credits, revenue and slashing. Every field has a devnet default. */
type EconomyConfig = {
  /**
   * How customers' spending reaches operators; a network chooses one:
   * - `revenue-share` (the default): each device that served is paid `shareBps` of the token value
   *   of the credits its receipts consumed, out of the epoch's emission, at most `maxEmissionBps` of
   *   it (Helium IoT: data transfer at its DC value, up to 50 %);
   * - `net-emissions` (Helium's HIP-20): tokens burnt for credits in an epoch are minted again into
   *   that epoch's rewards, at most `capPerEpoch` whole tokens.
   */
  revenue: { mode: 'revenue-share'; shareBps: number; maxEmissionBps: number } | { mode: 'net-emissions'; capPerEpoch: bigint }
  credits: {
    /** Credits a whole token buys at first (a governed price): 100,000 is a token at $1 with a credit at $0.00001, Helium's DC. */
    creditsPerToken: bigint
    /** The most credits payment operators (card payments) may mint an epoch; 0 for none. */
    paymentCapPerEpoch: bigint
  }
  /** What a slash order takes of a device proven to cheat (Kind.fraud): basis points of its stake; 0 for no slashing. */
  slashing: { stakeBps: number }
}

/** How devices reach the oracles. */
export type DeviceTransport = 'http' | 'mqtt'

export type NetworkInput = {
  [key in Exclude<keyof NetworkConfig, 'economy'>]?: NetworkConfig[key] extends Record<string, unknown> ? Partial<NetworkConfig[key]> : NetworkConfig[key]
} & {
  economy?: { revenue?: EconomyConfig['revenue']; credits?: Partial<EconomyConfig['credits']>; slashing?: Partial<EconomyConfig['slashing']> }
}

export const DEFAULT_NETWORK: NetworkConfig = {
  name: 'Pinion Devnet',
  token: { name: 'Pinion', symbol: 'PIN', cap: 1_000_000_000n },
  // Ten-second epochs, so that a new network pays its first devices within 30 s of `pinion up`
  // (README: pinion up's targets); reports travel over localhost, so 3 s of lateness is plenty.
  epochs: { durationSeconds: 10, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 3_000 },
  pools: { 'uptime.uptime': 9_500, treasury: 500 },
  residualPool: 'treasury',
  // Five 2-second sub-intervals a 10-second epoch; half of them earn (Helium Mobile's 12 of 24 hours).
  kinds: { uptime: { subIntervalMs: 2_000 } },
  deviceClass: 1,
  devices: { transport: 'http' },
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 20, behaviours: { honest: 13, flaky: 3, offline: 1, forger: 1, replayer: 1, 'wrong-network': 1 }, seed: 42 },
  chain: { confirmations: 0 },
  explorer: {},
  economy: {
    revenue: { mode: 'revenue-share', shareBps: 10_000, maxEmissionBps: 5_000 },
    credits: { creditsPerToken: 100_000n, paymentCapPerEpoch: 100_000_000n },
    slashing: { stakeBps: 10_000 },
  },
}

/**
 * Describes a network in pinion.config.ts: `export default defineNetwork({ … })`. What it leaves out
 * takes the devnet default. Throws ConfigError naming every problem at once — keys nothing reads,
 * values of the wrong type or range, rules across fields broken, each kind's parameters included —
 * before anything runs.
 */
export function defineNetwork(input: NetworkInput = {}): NetworkConfig {
  if (typeof input !== 'object' || input === null) return validateNetwork(input) as never
  const merged = {
    ...DEFAULT_NETWORK,
    ...input,
    token: withDefaults(DEFAULT_NETWORK.token, input.token),
    epochs: withDefaults(DEFAULT_NETWORK.epochs, input.epochs),
    pools: input.pools ? { ...input.pools } : DEFAULT_NETWORK.pools,
    kinds: input.kinds ? { ...input.kinds } : DEFAULT_NETWORK.kinds,
    devices: withDefaults(DEFAULT_NETWORK.devices, input.devices),
    oracles: withDefaults(DEFAULT_NETWORK.oracles, input.oracles),
    fleet: mergeFleet(DEFAULT_NETWORK, input),
    chain: withDefaults(DEFAULT_NETWORK.chain, input.chain),
    explorer: withDefaults(DEFAULT_NETWORK.explorer, input.explorer),
    economy: isObject(input.economy)
      ? {
          ...input.economy,
          revenue: input.economy.revenue ?? DEFAULT_NETWORK.economy.revenue,
          credits: withDefaults(DEFAULT_NETWORK.economy.credits, input.economy.credits),
          slashing: withDefaults(DEFAULT_NETWORK.economy.slashing, input.economy.slashing),
        }
      : (input.economy ?? DEFAULT_NETWORK.economy),
  } as NetworkConfig
  validateNetwork(merged)
  return merged
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A group of the config with what it leaves out from `defaults`; a value that is no object stays as given, for the schema to name. */
function withDefaults<group extends object>(defaults: group, given: unknown): group {
  return given === undefined ? defaults : isObject(given) ? ({ ...defaults, ...given } as group) : (given as group)
}

/**
 * Checks a whole config, as defineNetwork merged it (the kinds Pinion knows by default), and throws
 * ConfigError naming every problem: the field's path, what it is and what was expected.
 */
export function validateNetwork(config: unknown, known: ReadonlyMap<string, Kind> = allKinds): NetworkConfig {
  const issues = networkIssues(config, known)
  if (issues.length > 0) throw new ConfigError(paramsProblems(issues, config))
  return config as NetworkConfig
}
