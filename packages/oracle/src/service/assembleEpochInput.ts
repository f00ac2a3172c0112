import type { Challenge, DeviceRecord, EpochWindow, Kind, KindEvent } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import type { NetworkStake } from '../chain/networkStake.ts'
import { kindChallenges, kindInputs, needsChainFacts } from '../epoch/kindInputs.ts'
import type { EconomyRules } from '../epoch/economyRules.ts'
import type { EpochInput, PoolSpec, ResidualPool } from '../epoch/types.ts'

/**
 * Where an epoch's inputs besides its reports are read: an oracle reads the chain through its
 * follower and store, `pinion epoch replay` reads the chain alone. Both must find the same facts.
 */
export type EpochFacts = {
  /** The epoch's window and entropy, its entropy block and its end block (epochOnChain). */
  epochOnChain(epoch: bigint): Promise<{ window: EpochWindow; entropyBlock: bigint; endBlock: bigint }>
  /** The registry as of the end of `block`. */
  devicesAt(block: bigint): Promise<ReadonlyMap<Hex, DeviceRecord>>
  /** Every event of `kind`'s contracts up to and including `block`, in chain order. */
  kindEventsUpTo(kind: string, block: bigint): Promise<readonly KindEvent[]>
  /** The epoch's emission, as the Emissions contract released it. */
  emissionOf(epoch: bigint): Promise<bigint>
  /**
   * On networks that run the Credits contract: its price (credits per whole token) as of the end of
   * `block`, and the credits delegated to each service key's escrow up to it. Missing: no credits.
   */
  creditsAt?(block: bigint): Promise<{ creditsPerToken: bigint; delegated: ReadonlyMap<Hex, bigint> }>
  /**
   * On networks that run the Staking contract: its devices' stake, operators' pools and minimum stakes
   * as of the end of `block`, commissions as in force at `atMs` (the epoch's end). Missing: no network stake.
   */
  stakeAt?(block: bigint, atMs: bigint): Promise<NetworkStake>
}

/** What a network's config fixes for every epoch. */
export type NetworkRules = {
  networkId: Hex
  kinds: ReadonlyMap<string, Kind>
  kindParams: ReadonlyMap<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** How customers' spending pays operators, and what a slash takes; missing: neither (EpochInput.revenueShare, slashing). */
  economy?: EconomyRules
}

/**
 * What the previous epoch left: each recipient's cumulative amount, each kind's carried state, and
 * on networks with credits what the network had charged each service key in all (EpochCredits.charged).
 */
export type PreviousEpoch = { cumulative: ReadonlyMap<Address, bigint>; carried: ReadonlyMap<string, unknown>; creditsCharged?: ReadonlyMap<Hex, bigint> }

/**
 * The one place an epoch's input is assembled, for the epoch runner, recovery, `pinion epoch
 * replay` and the benchmarks: the window and its entropy, the registry as of the end block, the
 * emission, what the previous epoch left, and each kind's inputs beyond reports (challenges issued
 * from the entropy block, stake and revenue from its contracts' events: kindInputs.ts).
 */
export async function assembleEpochInput(
  facts: EpochFacts,
  rules: NetworkRules,
  epoch: bigint,
  reports: readonly Uint8Array[],
  previous: PreviousEpoch,
): Promise<{ input: EpochInput; endBlock: bigint }> {
  const { window, entropyBlock, endBlock } = await facts.epochOnChain(epoch)
  const devices = await facts.devicesAt(endBlock)
  const inputs = new Map<string, ReturnType<typeof kindInputs>>()
  for (const [name, kind] of rules.kinds) {
    if (!needsChainFacts(kind)) continue
    const params = kind.parseParams(rules.kindParams.get(name))
    inputs.set(
      name,
      kindInputs(kind, params, window, {
        devicesAtEntropy: kind.challenges === undefined ? devices : await facts.devicesAt(entropyBlock),
        eventsAtEntropy: await facts.kindEventsUpTo(name, entropyBlock),
        eventsAtEnd: await facts.kindEventsUpTo(name, endBlock),
      }),
    )
  }
  const credits = facts.creditsAt === undefined ? undefined : await facts.creditsAt(endBlock)
  const stake = facts.stakeAt === undefined ? undefined : await facts.stakeAt(endBlock, window.endMs)
  return {
    endBlock,
    input: {
      window,
      networkId: rules.networkId,
      reports: reports.map((signed) => ({ signed })),
      devices,
      kinds: rules.kinds,
      kindParams: rules.kindParams,
      emission: await facts.emissionOf(epoch),
      pools: rules.pools,
      residual: rules.residual,
      previousCumulative: previous.cumulative,
      carried: previous.carried,
      ...(inputs.size === 0 ? {} : { kindInputs: inputs }),
      ...(credits === undefined ? {} : { credits: { ...credits, charged: previous.creditsCharged ?? new Map() } }),
      ...(credits === undefined || rules.economy?.revenueShare === undefined ? {} : { revenueShare: rules.economy.revenueShare }),
      ...(stake === undefined ? {} : { stake: stake.devices, operators: stake.operators, minimumStakes: stake.minimums }),
      ...(rules.economy?.slashing === undefined ? {} : { slashing: rules.economy.slashing }),
    },
  }
}

/**
 * The challenges every kind of the network puts to devices in an epoch whose entropy block is
 * `entropyBlock`, as assembleEpochInput derives them (the same function, so the challenges an
 * oracle serves during the epoch are the ones its verdicts are computed with afterwards).
 */
export async function epochChallenges(
  facts: Pick<EpochFacts, 'devicesAt' | 'kindEventsUpTo'>,
  rules: Pick<NetworkRules, 'kinds' | 'kindParams'>,
  window: EpochWindow,
  entropyBlock: bigint,
): Promise<Challenge[]> {
  const challenges: Challenge[] = []
  for (const name of [...rules.kinds.keys()].sort()) {
    const kind = rules.kinds.get(name)!
    if (kind.challenges === undefined) continue
    const params = kind.parseParams(rules.kindParams.get(name))
    challenges.push(...kindChallenges(kind, params, window, await facts.devicesAt(entropyBlock), await facts.kindEventsUpTo(name, entropyBlock)))
  }
  return challenges
}
