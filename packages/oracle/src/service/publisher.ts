import { emissionsAbi, packOracleSignatures, rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import {
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
  getContract,
} from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'
import type { Db } from '../store/db.ts'
import { type EquivocationProof, noteRootSignature, proveOracleEquivocation } from './equivocationWatch.ts'
import { type RootSignature, isAuthentic, rewardRootOf, rootKey } from './rootSignature.ts'

export type PublishContext = {
  db: Db
  client: PublicClient
  wallet: WalletClient<Transport, Chain, Account>
  chainId: number
  distributor: Address
  emissions: Address
  /** Base URLs of the other oracles of the network. */
  peers: readonly string[]
  fetch?: typeof fetch
  /** Staking, on networks that run it: where an oracle proven to equivocate loses its stake. */
  staking?: Address
  /** Told each time a peer is caught signing two roots for one epoch and version, and the proof sent. */
  onEquivocation?: (proof: EquivocationProof) => void
}

export type PublishOutcome =
  | { status: 'committed'; transaction: Hash }
  | { status: 'already-committed' }
  | { status: 'waiting'; reason: string; signatures: number; quorum: number }

/** This oracle's stored signature for `epoch` under oracle-set `version`, with the values it signed. */
export async function ownSignature(db: Db, epoch: bigint, version: number, oracle: Address): Promise<RootSignature | undefined> {
  const { rows } = await db.query<{ root: `0x${string}`; signature: `0x${string}`; total_cumulative: string; inputs_hash: `0x${string}`; params_hash: `0x${string}` }>(
    'select root, signature, total_cumulative, inputs_hash, params_hash from root_signatures where epoch = $1 and version = $2 and oracle = $3',
    [epoch.toString(), version, oracle.toLowerCase()],
  )
  const row = rows[0]
  if (row === undefined || row.total_cumulative === null) return undefined
  return {
    oracle,
    epoch,
    version,
    root: row.root,
    totalCumulative: BigInt(row.total_cumulative),
    inputsHash: row.inputs_hash,
    paramsHash: row.params_hash,
    signature: row.signature,
  }
}

/** A root signature as JSON (bigints as decimal strings), the way oracles serve it. */
export const signatureToJson = (s: RootSignature) => ({ ...s, epoch: s.epoch.toString(), totalCumulative: s.totalCumulative.toString() })

function signatureFromJson(value: unknown): RootSignature | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const hex = (x: unknown) => typeof x === 'string' && /^0x[0-9a-fA-F]*$/.test(x)
  if (![v.oracle, v.root, v.inputsHash, v.paramsHash, v.signature].every(hex)) return undefined
  if (typeof v.epoch !== 'string' || typeof v.totalCumulative !== 'string') return undefined
  if (typeof v.version !== 'number' || !Number.isSafeInteger(v.version)) return undefined
  try {
    return {
      oracle: v.oracle as Address,
      epoch: BigInt(v.epoch),
      version: v.version,
      root: v.root as `0x${string}`,
      totalCumulative: BigInt(v.totalCumulative),
      inputsHash: v.inputsHash as `0x${string}`,
      paramsHash: v.paramsHash as `0x${string}`,
      signature: v.signature as `0x${string}`,
    }
  } catch {
    return undefined
  }
}

/** Peers' signatures for `epoch`; an unreachable or lying peer simply contributes nothing. */
async function peerSignatures(context: PublishContext, epoch: bigint, version: number): Promise<RootSignature[]> {
  const doFetch = context.fetch ?? fetch
  const answers = await Promise.all(
    context.peers.map(async (peer) => {
      try {
        const response = await doFetch(`${peer}/v1/epochs/${epoch}/signature?version=${version}`, { signal: AbortSignal.timeout(5_000) })
        return response.ok ? signatureFromJson(await response.json()) : undefined
      } catch {
        return undefined
      }
    }),
  )
  return answers.filter((s): s is RootSignature => s !== undefined)
}

/**
 * Tries to commit `epoch`'s root (the distributor's next epoch): gathers the signatures of oracles
 * that signed exactly the values this oracle signed, under the current oracle-set version, and once
 * a quorum of the set agrees, funds the distributor from the emission schedule if needed and posts
 * the root. Safe to call repeatedly and from every oracle: a root already on chain is left alone.
 * Its failures are all transient (an RPC error, PINION_ERR_COMMIT_REVERTED): the epoch runner backs
 * off and calls it again; a peer that does not answer, or lies, only contributes no signature.
 */
export async function publishRoot(context: PublishContext, epoch: bigint, set: OracleSet): Promise<PublishOutcome> {
  const { client, wallet, distributor } = context
  const self = wallet.account.address
  const contract = getContract({ address: distributor, abi: rewardDistributorAbi, client })
  const alreadyCommitted = async () => epoch < (await contract.read.nextEpoch())

  if (await alreadyCommitted()) return { status: 'already-committed' }
  const mine = await ownSignature(context.db, epoch, set.version, self)
  const quorum = set.quorum
  if (mine === undefined) return { status: 'waiting', reason: 'this oracle has not signed the epoch yet', signatures: 0, quorum }

  const agreeing = new Map<string, RootSignature>([[mine.oracle.toLowerCase(), mine]])
  for (const candidate of await peerSignatures(context, epoch, set.version)) {
    const oracle = candidate.oracle.toLowerCase()
    if (!set.oracles.includes(oracle as Address)) continue
    if (!(await isAuthentic(context.chainId, distributor, candidate))) continue
    // Every authentic signature is kept, agreeing or not: a peer that signs another root for the
    // same epoch and version later is caught, loses its seat and its stake.
    const equivocation = await noteRootSignature(context.db, candidate)
    if (equivocation !== null) context.onEquivocation?.(await proveOracleEquivocation(context, equivocation))
    if (agreeing.has(oracle) || rootKey(candidate) !== rootKey(mine)) continue
    agreeing.set(oracle, candidate)
    await context.db.query(
      `insert into root_signatures (epoch, version, oracle, root, signature, total_cumulative, inputs_hash, params_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [epoch.toString(), candidate.version, oracle, candidate.root, candidate.signature, candidate.totalCumulative.toString(), candidate.inputsHash, candidate.paramsHash],
    )
  }
  if (agreeing.size < quorum) {
    return { status: 'waiting', reason: 'not enough oracles signed the same root yet', signatures: agreeing.size, quorum }
  }

  if ((await contract.read.funded()) < mine.totalCumulative) {
    const hash = await wallet.writeContract({ address: context.emissions, abi: emissionsAbi, functionName: 'release' })
    await waitForReceipt(client, hash)
    const funded = await contract.read.funded()
    if (funded < mine.totalCumulative) {
      return { status: 'waiting', reason: `funded ${funded} is below the root's total ${mine.totalCumulative}`, signatures: agreeing.size, quorum }
    }
  }

  const chosen = [...agreeing.values()].sort((a, b) => (BigInt(a.oracle) < BigInt(b.oracle) ? -1 : 1)).slice(0, quorum)
  const signatures = packOracleSignatures(chosen.map((s) => ({ signer: s.oracle, signature: s.signature })))
  const root = rewardRootOf(mine)
  let transaction: Hash
  try {
    const call = { account: wallet.account, address: distributor, abi: rewardDistributorAbi, functionName: 'commitRoot', args: [root, signatures] } as const
    await client.simulateContract(call)
    // A commit also promotes every pending root whose dispute window has passed by the block it lands
    // in, which may be later than the block it was estimated against: room for that work, or it
    // would run out of gas exactly when a root matured in between.
    const gas = ((await client.estimateContractGas(call)) * 5n) / 4n + COMMIT_PROMOTION_GAS_ROOM
    transaction = await wallet.writeContract({ ...call, gas })
  } catch (error) {
    // Another oracle's commit landed (or is pending) between our check and our transaction.
    if (lostTheRace(error) || (await alreadyCommitted())) return { status: 'already-committed' }
    throw error
  }
  const receipt = await waitForReceipt(client, transaction)
  if (receipt.status !== 'success') {
    if (await alreadyCommitted()) return { status: 'already-committed' }
    // Retryable: the chain's state moves (funding, another oracle's commit, a promotion), and the next tick checks it afresh.
    throw new PinionError('PINION_ERR_COMMIT_REVERTED', `commitRoot for epoch ${epoch} reverted in ${transaction} (gas used ${receipt.gasUsed})`)
  }
  // The epoch is marked committed when the root follower sees the event and the runner checks it
  // against this oracle's own (recover.ts): one path for every oracle's commits, its own included.
  return { status: 'committed', transaction }
}

/** Gas a commit may need beyond its estimate when roots mature between estimate and inclusion (promotion costs ~9k; this is room for several). */
const COMMIT_PROMOTION_GAS_ROOM = 40_000n

/** Whether the distributor refused the root because its epoch is no longer next: another oracle committed first. */
function lostTheRace(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError && e.data?.errorName === 'EpochNotNext') !== null
}
