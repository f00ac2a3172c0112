import type { Kind } from '@pinion/kinds'
import { keccak256Hex } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'
import type { EconomyRules } from './economyRules.ts'
import type { PoolSpec } from './types.ts'

/** Versions the documents hashed below: a change of their shape changes every hash, on purpose. */
export const GOVERNED_PARAMS_VERSION = 'pinion/governed-params/v1'

/** The NetworkParams name of a kind's parameters. */
export const kindParamsName = (kind: string): string => `kind/${kind}`
/** The NetworkParams name of the pool weights and the residual pool. */
export const POOLS_PARAMS_NAME = 'pools'
/** The NetworkParams name of the economy's rules (revenue share, slashing). */
export const ECONOMY_PARAMS_NAME = 'economy'

export type GovernedParams = { name: string; hash: Hex }

/**
 * How the pools document names a residual recipient that is the network's own timelock: by its role,
 * not its address. A network's config can then say "the treasury is the timelock" before deploy()
 * has made one, although NetworkParams starts with these hashes and the contracts' addresses derive
 * from them; every later reader passes the deployment's timelock, and writes the same word.
 */
export const TIMELOCK_TREASURY = 'timelock'

/** The residual pool as a governed document names it: its recipient an address, or TIMELOCK_TREASURY. */
export type GovernedResidual = { name: string; recipient: Address | typeof TIMELOCK_TREASURY }

/**
 * The parameters governance sets in NetworkParams, each as a name and the keccak256 of its canonical
 * JSON (canonicalJson.ts): one entry per kind the network runs — its parameters as the kind parses
 * them, so defaults count —, one for the pools (weights in order, and the residual pool), and one
 * for the economy's rules when the network has any (revenue share, slashing). A residual recipient
 * equal to `timelock` (the deployment's) is written TIMELOCK_TREASURY. An
 * oracle computes an epoch only when these match the hashes in force for it on chain; `pinion
 * params propose` turns a changed config into the proposal that schedules them.
 */
export function governedParams(
  kinds: ReadonlyMap<string, Kind>,
  kindParams: ReadonlyMap<string, unknown>,
  pools: readonly PoolSpec[],
  residual: GovernedResidual,
  economy?: EconomyRules,
  timelock?: Address,
): GovernedParams[] {
  const hash = (document: unknown): Hex => keccak256Hex(new TextEncoder().encode(canonicalJson(document)))
  const out: GovernedParams[] = []
  for (const name of [...kinds.keys()].sort()) {
    const kind = kinds.get(name)!
    out.push({ name: kindParamsName(name), hash: hash({ version: GOVERNED_PARAMS_VERSION, kind: name, params: kind.parseParams(kindParams.get(name)) }) })
  }
  out.push({
    name: POOLS_PARAMS_NAME,
    hash: hash({
      version: GOVERNED_PARAMS_VERSION,
      pools: pools.map(({ name, basisPoints }) => ({ name, basisPoints })),
      residual: { name: residual.name, recipient: governedRecipient(residual.recipient, timelock) },
    }),
  })
  // The economy's rules, once a network has any: governance changes them like every other parameter.
  if (economy?.revenueShare !== undefined || economy?.slashing !== undefined) {
    out.push({
      name: ECONOMY_PARAMS_NAME,
      hash: hash({
        version: GOVERNED_PARAMS_VERSION,
        revenueShare: economy.revenueShare === undefined ? null : { shareBps: economy.revenueShare.shareBps, maxEmissionBps: economy.revenueShare.maxEmissionBps },
        slashing: economy.slashing === undefined ? null : { stakeBps: economy.slashing.stakeBps },
      }),
    })
  }
  return out
}

function governedRecipient(recipient: GovernedResidual['recipient'], timelock: Address | undefined): string {
  if (recipient === TIMELOCK_TREASURY) return TIMELOCK_TREASURY
  return timelock !== undefined && recipient.toLowerCase() === timelock.toLowerCase() ? TIMELOCK_TREASURY : recipient.toLowerCase()
}
