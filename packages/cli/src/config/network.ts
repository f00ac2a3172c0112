import { kinds as allKinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { type FleetConfig, checkFleet, mergeFleet } from './fleetConfig.ts'
import { checkKindPools } from './kindPools.ts'
import { type Address, isAddress } from 'viem'

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
   * checks its own when the config loads; its helper types them for the editor, e.g.
   * `kinds: { uptime: uptimeParams({ subIntervalMs: 3_000 }) }` (`import { uptimeParams } from '@pinion/kinds/uptime'`).
   */
  kinds: Record<string, Record<string, unknown>>
  /** The device class makers vouch for in this network. */
  deviceClass: number
  oracles: { count: number; quorum: number }
  /** The simulated fleet `pinion up` runs: of the first kind, or per kind (fleetConfig.ts). */
  fleet: FleetConfig
  /** Where to run: omit `rpcUrl` for the embedded devnet. */
  chain: { rpcUrl?: string; confirmations: number }
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

export type NetworkInput = {
  [key in Exclude<keyof NetworkConfig, 'economy'>]?: NetworkConfig[key] extends Record<string, unknown> ? Partial<NetworkConfig[key]> : NetworkConfig[key]
} & {
  economy?: { revenue?: EconomyConfig['revenue']; credits?: Partial<EconomyConfig['credits']>; slashing?: Partial<EconomyConfig['slashing']> }
}

export const DEFAULT_NETWORK: NetworkConfig = {
  name: 'Pinion Devnet',
  token: { name: 'Pinion', symbol: 'PIN', cap: 1_000_000_000n },
  epochs: { durationSeconds: 30, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 5_000 },
  pools: { 'uptime.uptime': 9_500, treasury: 500 },
  residualPool: 'treasury',
  // Ten 3-second sub-intervals a 30-second epoch; half of them earn (Helium Mobile's 12 of 24 hours).
  kinds: { uptime: { subIntervalMs: 3_000 } },
  deviceClass: 1,
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 20, behaviours: { honest: 13, flaky: 3, offline: 1, forger: 1, replayer: 1, 'wrong-network': 1 }, seed: 42 },
  chain: { confirmations: 0 },
  economy: {
    revenue: { mode: 'revenue-share', shareBps: 10_000, maxEmissionBps: 5_000 },
    credits: { creditsPerToken: 100_000n, paymentCapPerEpoch: 100_000_000n },
    slashing: { stakeBps: 10_000 },
  },
}

/** Describes a network in pinion.config.ts: `export default defineNetwork({ … })`. */
export function defineNetwork(input: NetworkInput = {}): NetworkConfig {
  const merged = {
    ...DEFAULT_NETWORK,
    ...input,
    token: { ...DEFAULT_NETWORK.token, ...input.token },
    epochs: { ...DEFAULT_NETWORK.epochs, ...input.epochs },
    pools: input.pools ? { ...input.pools } : DEFAULT_NETWORK.pools,
    kinds: input.kinds ? { ...input.kinds } : DEFAULT_NETWORK.kinds,
    oracles: { ...DEFAULT_NETWORK.oracles, ...input.oracles },
    fleet: mergeFleet(DEFAULT_NETWORK, input),
    chain: { ...DEFAULT_NETWORK.chain, ...input.chain },
    economy: {
      revenue: input.economy?.revenue ?? DEFAULT_NETWORK.economy.revenue,
      credits: { ...DEFAULT_NETWORK.economy.credits, ...input.economy?.credits },
      slashing: { ...DEFAULT_NETWORK.economy.slashing, ...input.economy?.slashing },
    },
  } as NetworkConfig
  validateNetwork(merged)
  return merged
}

function invalid(path: string, given: unknown, expected: string): never {
  const shown = typeof given === 'bigint' ? `${given}n` : JSON.stringify(given)
  throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: ${path} is ${shown}, expected ${expected}.`)
}

const positiveInteger = (path: string, value: unknown, max = Number.MAX_SAFE_INTEGER) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) invalid(path, value, `an integer from 1 to ${max}`)
}

/** Checks a merged config, naming the first offending field, what it was and what was expected. */
export function validateNetwork(config: NetworkConfig): void {
  if (typeof config.name !== 'string' || config.name.length === 0) invalid('name', config.name, 'a non-empty string')
  if (typeof config.token.cap !== 'bigint' || config.token.cap <= 0n) invalid('token.cap', config.token.cap, 'a positive bigint of whole tokens, e.g. 1_000_000_000n')
  if (!/^[A-Z0-9]{1,11}$/.test(config.token.symbol)) invalid('token.symbol', config.token.symbol, '1–11 upper-case letters or digits')
  positiveInteger('epochs.durationSeconds', config.epochs.durationSeconds)
  if (typeof config.epochs.initialEmission !== 'bigint' || config.epochs.initialEmission <= 0n) {
    invalid('epochs.initialEmission', config.epochs.initialEmission, 'a positive bigint of whole tokens, e.g. 10_000n')
  }
  if (!Number.isInteger(config.epochs.halvingInterval) || config.epochs.halvingInterval < 0) {
    invalid('epochs.halvingInterval', config.epochs.halvingInterval, 'a whole number of epochs, 0 for no halving')
  }
  if (!Number.isInteger(config.epochs.lateReportMs) || config.epochs.lateReportMs < 0 || config.epochs.lateReportMs >= config.epochs.durationSeconds * 1000) {
    invalid('epochs.lateReportMs', config.epochs.lateReportMs, `whole milliseconds below the epoch length (${config.epochs.durationSeconds * 1000})`)
  }
  const poolNames = Object.keys(config.pools)
  const total = Object.values(config.pools).reduce((a, b) => a + b, 0)
  for (const [pool, bps] of Object.entries(config.pools)) {
    if (!Number.isInteger(bps) || bps < 0) invalid(`pools.${pool}`, bps, 'whole basis points (0–10,000)')
  }
  if (total !== 10_000) invalid('pools', config.pools, `basis points adding up to 10,000 (they add up to ${total})`)
  if (!poolNames.includes(config.residualPool)) invalid('residualPool', config.residualPool, `one of the pools: ${poolNames.join(', ')}`)
  if (config.treasury !== undefined && !isAddress(config.treasury)) invalid('treasury', config.treasury, 'an address')
  if (Object.keys(config.kinds).length === 0) invalid('kinds', config.kinds, 'at least one kind, e.g. { uptime: {} }')
  checkKindPools(Object.keys(config.kinds), config.pools)
  // Each kind checks its own parameters: PINION_ERR_KIND_PARAMS names the parameter, what it is and what was expected.
  for (const [name, params] of Object.entries(config.kinds)) allKinds.get(name)!.parseParams(params)
  positiveInteger('deviceClass', config.deviceClass, 2 ** 32 - 1)
  positiveInteger('oracles.count', config.oracles.count, 16)
  // A strict majority (the distributor enforces it): two disjoint quorums could otherwise commit two roots.
  const majority = Math.floor(config.oracles.count / 2) + 1
  if (!Number.isInteger(config.oracles.quorum) || config.oracles.quorum < majority || config.oracles.quorum > config.oracles.count) {
    invalid('oracles.quorum', config.oracles.quorum, `an integer from ${majority} to ${config.oracles.count} (a strict majority of the ${config.oracles.count} oracles)`)
  }
  checkFleet(config)
  checkEconomy(config.economy)
  if (config.chain.rpcUrl !== undefined && !/^https?:\/\//.test(config.chain.rpcUrl)) invalid('chain.rpcUrl', config.chain.rpcUrl, 'an http(s) URL')
}

const basisPoints = (path: string, value: unknown) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000) invalid(path, value, 'whole basis points (0–10,000)')
}
const nonNegativeBigint = (path: string, value: unknown, example: string) => {
  if (typeof value !== 'bigint' || value < 0n) invalid(path, value, `a non-negative bigint, e.g. ${example}`)
}

function checkEconomy(economy: EconomyConfig): void {
  const { revenue, credits, slashing } = economy
  if (revenue.mode === 'revenue-share') {
    basisPoints('economy.revenue.shareBps', revenue.shareBps)
    basisPoints('economy.revenue.maxEmissionBps', revenue.maxEmissionBps)
  } else if (revenue.mode === 'net-emissions') {
    nonNegativeBigint('economy.revenue.capPerEpoch', revenue.capPerEpoch, '1_000n whole tokens')
  } else {
    invalid('economy.revenue.mode', (revenue as { mode: unknown }).mode, '"revenue-share" or "net-emissions"')
  }
  if (typeof credits.creditsPerToken !== 'bigint' || credits.creditsPerToken <= 0n)
    invalid('economy.credits.creditsPerToken', credits.creditsPerToken, 'a positive bigint, e.g. 100_000n')
  nonNegativeBigint('economy.credits.paymentCapPerEpoch', credits.paymentCapPerEpoch, '100_000_000n credits')
  basisPoints('economy.slashing.stakeBps', slashing.stakeBps)
}
