import { type KindInputs, hasNoInputs, splitQualifiedName } from '@pinion/kinds'
import { keccak256Hex } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import type { CreditsInput } from './chargeReceipts.ts'
import { canonicalJson } from './canonicalJson.ts'
import type { OperatorPool } from './payDelegators.ts'
import type { EpochInput } from './types.ts'

/** Names each version of the document below: a change of its shape changes every hash, on purpose. */
const PARAMS_DOCUMENT_NAMES = { 2: 'pinion/epoch-params/v2', 3: 'pinion/epoch-params/v3' } as const

/** What computeEpoch decided before hashing: each kind's parsed params, carried state, rules version and inputs, by kind name. */
export type ParamsHashParts = {
  params: ReadonlyMap<string, unknown>
  carried?: ReadonlyMap<string, unknown>
  rules?: ReadonlyMap<string, number>
  inputs?: ReadonlyMap<string, KindInputs>
}

/**
 * keccak256 of the canonical JSON (canonicalJson.ts) of every parameter that decided the epoch
 * besides its reports and the registry. Version 3 (the default):
 *
 *   { version, networkId, epoch: { epoch, startMs, endMs, entropy }, emission,
 *     pools: [{ name, basisPoints }…] (in order; a kind's pools qualified, "wireless.coverage"),
 *     residual: { name, recipient },
 *     kinds: { <name>: <parsed params> } (every kind the network runs),
 *     rules: { <name>: <rules version> } (every kind the network runs),
 *     carried: { <name>: <what the kind carried in from the previous epoch> } (kinds that carry),
 *     inputs: { <name>: { challenges: [id…], revenue: { <device>: amount }, stake: { <device>: amount },
 *                         operatorStake: { <operator>: amount } } } (kinds with any),
 *     credits: { creditsPerToken, delegated: { <service key>: credits }, charged: { <service key>: credits } }
 *              (networks that run the Credits contract),
 *     revenueShare: { shareBps, maxEmissionBps } (networks that pay a revenue share),
 *     stake: { <device>: amount } (networks with a Staking contract: what it held at the epoch's end),
 *     operators: { <operator>: { bonded, totalShares, commissionBps, shares: { <holder>: shares } } }
 *                (networks with a Staking contract whose operators hold pools),
 *     minimumStakes: { <kind>: amount } (networks whose governance set minimums),
 *     slashing: { stakeBps } (networks that slash) }
 *
 * Version 2, for epochs computed before rules versions and kind inputs existed, is the same without
 * `rules` and `inputs`, and names a kind's pools by their local names ("coverage"). Hex is lower case
 * and bigints are decimal strings. Signed on chain beside the root, it lets anyone check that a
 * replay used the same rules, inputs and carried state.
 */
export function paramsHash(input: EpochInput, parts: ParamsHashParts): Hex {
  const version = input.paramsDocument ?? 3
  const byName = <value>(map: ReadonlyMap<string, value> | undefined, keep: (value: value) => boolean, shape: (value: value) => unknown = (v) => v) => {
    const out: Record<string, unknown> = {}
    for (const name of [...(map?.keys() ?? [])].sort()) if (keep(map!.get(name)!)) out[name] = shape(map!.get(name)!)
    return out
  }
  const kindNames = new Set(input.kinds.keys())
  const poolName = (name: string) => {
    const qualified = splitQualifiedName(name)
    return version === 2 && qualified !== null && kindNames.has(qualified.kind) ? qualified.local : name
  }
  const document: Record<string, unknown> = {
    version: PARAMS_DOCUMENT_NAMES[version],
    networkId: input.networkId.toLowerCase(),
    epoch: {
      epoch: input.window.epoch,
      startMs: input.window.startMs,
      endMs: input.window.endMs,
      entropy: input.window.entropy.toLowerCase(),
    },
    emission: input.emission,
    pools: input.pools.map(({ name, basisPoints }) => ({ name: poolName(name), basisPoints })),
    residual: { name: input.residual.name, recipient: input.residual.recipient.toLowerCase() },
    kinds: byName(parts.params, () => true),
    carried: byName(parts.carried, (value) => value !== null),
  }
  if (version === 3) {
    document.rules = byName(parts.rules, () => true)
    document.inputs = byName(parts.inputs, (inputs) => !hasNoInputs(inputs), inputsDocument)
    if (input.credits !== undefined) document.credits = creditsDocument(input.credits)
    if (input.revenueShare !== undefined) document.revenueShare = { shareBps: input.revenueShare.shareBps, maxEmissionBps: input.revenueShare.maxEmissionBps }
    if (input.stake !== undefined) document.stake = Object.fromEntries([...input.stake].filter(([, amount]) => amount !== 0n).map(([id, amount]) => [id.toLowerCase(), amount]))
    if (input.operators !== undefined && input.operators.size > 0) document.operators = operatorsDocument(input.operators)
    if (input.minimumStakes !== undefined && input.minimumStakes.size > 0) document.minimumStakes = Object.fromEntries(input.minimumStakes)
    if (input.slashing !== undefined) document.slashing = { stakeBps: input.slashing.stakeBps }
  }
  return keccak256Hex(new TextEncoder().encode(canonicalJson(document)))
}

function inputsDocument(inputs: KindInputs): unknown {
  const amounts = (map: ReadonlyMap<string, bigint>) => Object.fromEntries([...map].map(([key, amount]) => [key.toLowerCase(), amount]))
  return {
    challenges: inputs.challenges.map((c) => c.challengeId),
    revenue: amounts(inputs.revenue),
    stake: amounts(inputs.stake),
    operatorStake: amounts(inputs.operatorStake),
  }
}

function creditsDocument(credits: CreditsInput): unknown {
  const amounts = (map: ReadonlyMap<string, bigint>) => Object.fromEntries([...map].filter(([, amount]) => amount !== 0n).map(([key, amount]) => [key.toLowerCase(), amount]))
  return { creditsPerToken: credits.creditsPerToken, delegated: amounts(credits.delegated), charged: amounts(credits.charged) }
}

function operatorsDocument(operators: ReadonlyMap<Address, OperatorPool>): unknown {
  const out: Record<string, unknown> = {}
  for (const operator of [...operators.keys()].sort()) {
    const { bonded, totalShares, commissionBps, shares } = operators.get(operator)!
    out[operator.toLowerCase()] = { bonded, totalShares, commissionBps, shares: Object.fromEntries([...shares].map(([holder, held]) => [holder.toLowerCase(), held])) }
  }
  return out
}
