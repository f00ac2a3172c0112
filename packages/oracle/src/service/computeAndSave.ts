import { type Deployment, emissionsAbi, networkParamsAbi } from '@pinion/contracts'
import type { Kind } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { type Address, BaseError, ContractFunctionRevertedError, type Hex, type PublicClient, zeroHash } from 'viem'
import { epochOnChain } from '../chain/epochOnChain.ts'
import { followedStore } from '../chain/followedStore.ts'
import { NETWORK_SCOPE, creditPriceAt, delegatedCredits, runsCredits, runsStaking, storedInitialCreditPrice, storedInitialMinimumStakes } from '../chain/networkEvents.ts'
import { networkStake } from '../chain/networkStake.ts'
import { type EpochSchedule, epochWindow } from '../chain/schedule.ts'
import type { ComputedEpoch, EpochComputer } from '../epoch/computeOffThread.ts'
import type { EconomyRules } from '../epoch/economyRules.ts'
import type { PoolSpec, ResidualPool } from '../epoch/types.ts'
import type { GovernedParams } from '../epoch/governedParams.ts'
import type { Db } from '../store/db.ts'
import { type EpochFacts, assembleEpochInput } from './assembleEpochInput.ts'
import { type Provenance, saveEpoch } from './saveEpoch.ts'

export type ComputeDeps = {
  db: Db
  client: PublicClient
  deployment: Deployment
  schedule: EpochSchedule
  networkId: Hex
  kinds: ReadonlyMap<string, Kind>
  kindParams: ReadonlyMap<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  economy?: EconomyRules
  computer: EpochComputer
  now: () => number
  /**
   * Makes sure the Emissions contract released `epoch` (release() mints every ended epoch's
   * emission): its emission is read from what was released, and only then is it fixed.
   */
  ensureReleased: (epoch: bigint) => Promise<void>
  /** This oracle's parameters as NetworkParams names them (governedParams): checked against those in force. */
  governed: readonly GovernedParams[]
}

/**
 * The chain as this oracle reads it (EpochFacts): through its follower and store. The epoch must have
 * ended on chain, its parameters must be the ones governance put in force, and the follower must
 * have passed its end block before anything is read; its emission is released first if need be.
 */
function storeFacts(deps: ComputeDeps): EpochFacts {
  const { client, deployment } = deps
  const store = followedStore(deps.db, client, deployment, deps.kinds)
  return {
    async epochOnChain(epoch) {
      const times = epochWindow(deps.schedule, epoch, zeroHash)
      const head = await client.getBlock()
      if (head.timestamp * 1000n < times.endMs) {
        throw new PinionError('PINION_ERR_CHAIN_BEHIND', `the chain's head (${head.timestamp} s) has not passed epoch ${epoch}'s end (${times.endMs / 1000n} s)`)
      }
      await assertParamsInForce(deps, epoch)
      const onChain = await epochOnChain(client, deps.schedule, epoch)
      // The registry and the kinds' contracts, followed at least to the epoch's end block.
      await store.followTo(onChain.endBlock)
      return onChain
    },
    devicesAt: store.devicesAt,
    kindEventsUpTo: store.kindEventsUpTo,
    ...(runsCredits(deployment)
      ? {
          async creditsAt(block: bigint) {
            const events = await store.kindEventsUpTo(NETWORK_SCOPE, block)
            const initial = () => storedInitialCreditPrice(deps.db, client, deployment)
            return { creditsPerToken: await creditPriceAt(client, deployment, events, block, initial), delegated: delegatedCredits(events) }
          },
        }
      : {}),
    ...(runsStaking(deployment)
      ? {
          async stakeAt(block: bigint, atMs: bigint) {
            const minimums = await storedInitialMinimumStakes(deps.db, client, deployment, [...deps.kinds.keys()])
            return networkStake(await store.kindEventsUpTo(NETWORK_SCOPE, block), atMs, minimums)
          },
        }
      : {}),
    // Sized from what was minted for the epoch, never from the schedule: past the token's cap the
    // schedule promises more than exists, and a root sized beyond its funding could never commit.
    async emissionOf(epoch) {
      await deps.ensureReleased(epoch)
      return client.readContract({ address: deployment.emissions, abi: emissionsAbi, functionName: 'emissionReleasedFor', args: [epoch] })
    },
  }
}

/**
 * Computes `epoch` from `reports` (the agreed input set, whose ids are `ids`) on the computing
 * thread, checks that no recipient's cumulative amount went down (and, when recovering, that the
 * root is the committed one), and only then stores the result.
 */
export async function computeAndSave(
  deps: ComputeDeps,
  epoch: bigint,
  reports: readonly Uint8Array[],
  ids: readonly Hex[],
  provenance: Provenance,
  expectRoot?: Hex,
): Promise<ComputedEpoch> {
  const previous = {
    cumulative: await previousCumulative(deps.db, epoch),
    carried: await previousCarried(deps.db, epoch),
    creditsCharged: await previousCreditsCharged(deps.db, epoch),
  }
  const { input, endBlock } = await assembleEpochInput(storeFacts(deps), deps, epoch, reports, previous)
  const result = await deps.computer.compute(input)
  assertNoDecrease(input.previousCumulative, result)
  if (expectRoot !== undefined && result.root !== expectRoot) {
    throw new PinionError(
      'PINION_ERR_ROOT_MISMATCH',
      `epoch ${epoch}'s committed inputs give root ${result.root} here, but the chain holds ${expectRoot}: this oracle's rules, parameters or registry differ from the quorum's; it will not sign again until that is fixed`,
    )
  }
  await saveEpoch(deps.db, input.window, endBlock, input.emission, ids, result, BigInt(Math.floor(deps.now())), provenance)
  return result
}

/**
 * Refuses to compute `epoch` unless this oracle's parameters are the ones governance put in force
 * for it (NetworkParams): every name it runs hashes to the hash in force, and no name in force is one
 * it does not run. Governance changes parameters for future epochs only, so this answer never changes
 * for an epoch, and an oracle that disagrees stops (deterministically) instead of signing roots under
 * rules nobody voted for.
 */
async function assertParamsInForce(deps: ComputeDeps, epoch: bigint): Promise<void> {
  const contract = { address: deps.deployment.params, abi: networkParamsAbi } as const
  const inForce = async (name: string): Promise<Hex | undefined> => {
    try {
      const [hash] = await deps.client.readContract({ ...contract, functionName: 'paramsAt', args: [name, epoch] })
      return hash
    } catch (error) {
      if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError && e.data?.errorName === 'NoParams')) return undefined
      throw error
    }
  }
  const ours = new Map(deps.governed.map((p) => [p.name, p.hash]))
  const names = new Set([...ours.keys(), ...(await deps.client.readContract({ ...contract, functionName: 'names' }))])
  for (const name of names) {
    const [mine, chain] = [ours.get(name), await inForce(name)]
    if (mine === chain) continue
    throw new PinionError(
      'PINION_ERR_PARAMS_MISMATCH',
      `epoch ${epoch}: governance put ${chain === undefined ? 'no' : chain} "${name}" parameters in force, but this oracle runs ${mine === undefined ? 'none' : mine}; restart it with the network's parameters (pinion params show), or have governance adopt these (pinion params propose)`,
    )
  }
}

/**
 * An oracle never signs a root that lowers anyone below the previous epoch's amount: claims already
 * paid against it could then exceed what the pool holds for the others. accumulate() only adds, so
 * this fails only when the previous state itself was wrong — and then nothing may be signed.
 */
function assertNoDecrease(previous: ReadonlyMap<Address, bigint>, result: ComputedEpoch): void {
  const now = new Map(result.cumulative.map((e) => [e.recipient.toLowerCase(), e.cumulativeAmount]))
  for (const [recipient, amount] of previous) {
    const after = now.get(recipient.toLowerCase()) ?? 0n
    if (after < amount) {
      throw new PinionError('PINION_ERR_CUMULATIVE_DECREASED', `epoch ${result.epoch} would lower ${recipient} from ${amount} to ${after}`)
    }
  }
}

async function previousCumulative(db: Db, epoch: bigint): Promise<Map<Address, bigint>> {
  if (epoch === 0n) return new Map()
  const { rows } = await db.query<{ recipient: string; amount: string }>('select recipient, amount from cumulative where epoch = $1', [(epoch - 1n).toString()])
  return new Map(rows.map((row) => [row.recipient as Address, BigInt(row.amount)]))
}

/** What each kind carried out of the previous epoch, as stored with it (empty for epoch 0). */
async function previousCarried(db: Db, epoch: bigint): Promise<Map<string, unknown>> {
  if (epoch === 0n) return new Map()
  const { rows } = await db.query<{ carried: unknown }>('select carried from epochs where epoch = $1', [(epoch - 1n).toString()])
  const carried = rows[0]?.carried
  const parsed = typeof carried === 'string' ? (JSON.parse(carried) as unknown) : carried
  return new Map(Object.entries((parsed ?? {}) as Record<string, unknown>))
}

/** What the network had charged each service key in all after the previous epoch (its stored credit ledger; empty for epoch 0 or without credits). */
async function previousCreditsCharged(db: Db, epoch: bigint): Promise<Map<Hex, bigint>> {
  if (epoch === 0n) return new Map()
  const { rows } = await db.query<{ credits: unknown }>('select credits from epochs where epoch = $1', [(epoch - 1n).toString()])
  const stored = rows[0]?.credits
  const ledger = (typeof stored === 'string' ? JSON.parse(stored) : stored) as { charged?: Record<string, string> } | null | undefined
  return new Map(Object.entries(ledger?.charged ?? {}).map(([key, amount]) => [key as Hex, BigInt(amount)]))
}
