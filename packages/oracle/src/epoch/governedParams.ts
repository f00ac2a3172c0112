import type { Kind } from '@pinion/kinds'
import { keccak256Hex } from '@pinion/protocol'
import type { Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'
import type { EconomyRules } from './economyRules.ts'
import type { PoolSpec, ResidualPool } from './types.ts'

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
 * The parameters governance sets in NetworkParams, each as a name and the keccak256 of its canonical
 * JSON (canonicalJson.ts): one entry per kind the network runs — its parameters as the kind parses
 * them, so defaults count —, one for the pools (weights in order, and the residual pool), and one
 * for the economy's rules when the network has any (revenue share, slashing). An
 * oracle computes an epoch only when these match the hashes in force for it on chain; `pinion
 * params propose` turns a changed config into the proposal that schedules them.
 */
export function governedParams(
  kinds: ReadonlyMap<string, Kind>,
  kindParams: ReadonlyMap<string, unknown>,
  pools: readonly PoolSpec[],
  residual: ResidualPool,
  economy?: EconomyRules,
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
      residual: { name: residual.name, recipient: residual.recipient.toLowerCase() },
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
