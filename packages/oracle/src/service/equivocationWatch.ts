import { rewardDistributorAbi, stakingAbi, waitForReceipt } from '@pinion/contracts'
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
} from 'viem'
import type { Db } from '../store/db.ts'
import { type RootSignature, rewardRootOf } from './rootSignature.ts'

type Row = { root: Hex; total_cumulative: string; inputs_hash: Hex; params_hash: Hex; signature: Hex; proven: boolean }

/**
 * Keeps an authentic root signature a peer served (the caller checked it: isAuthentic), and returns
 * the proof that the peer equivocated when it had already signed another root for the same epoch
 * and oracle-set version — the first such pair not yet proven — or null.
 */
export async function noteRootSignature(db: Db, signed: RootSignature): Promise<[RootSignature, RootSignature] | null> {
  const oracle = signed.oracle.toLowerCase() as Address
  await db.query(
    `insert into peer_root_signatures (epoch, version, oracle, root, total_cumulative, inputs_hash, params_hash, signature)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
    [
      signed.epoch.toString(),
      signed.version,
      oracle,
      signed.root.toLowerCase(),
      signed.totalCumulative.toString(),
      signed.inputsHash.toLowerCase(),
      signed.paramsHash.toLowerCase(),
      signed.signature,
    ],
  )
  const { rows } = await db.query<Row>(
    `select root, total_cumulative, inputs_hash, params_hash, signature, proven from peer_root_signatures
     where epoch = $1 and version = $2 and oracle = $3 order by root, total_cumulative, inputs_hash, params_hash`,
    [signed.epoch.toString(), signed.version, oracle],
  )
  if (rows.length < 2 || rows.some((row) => row.proven)) return null
  const [a, b] = rows.map((row) => ({
    oracle,
    epoch: signed.epoch,
    version: signed.version,
    root: row.root,
    totalCumulative: BigInt(row.total_cumulative),
    inputsHash: row.inputs_hash,
    paramsHash: row.params_hash,
    signature: row.signature,
  }))
  return [a!, b!]
}

export type EquivocationContext = {
  db: Db
  client: PublicClient
  wallet: WalletClient<Transport, Chain, Account>
  distributor: Address
  /** Staking, on networks that run it: the equivocating oracle's stake is taken there. */
  staking?: Address
}

/** What sending a proof did: each contract either took it, or refused (already proven, not an oracle any more) and why. */
export type EquivocationProof = { oracle: Address; epoch: bigint; version: number; staking: string; distributor: string }

const compact = (signature: Hex) => serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)))

/**
 * Sends the proof that `a.oracle` signed two roots for one epoch and version: Staking takes its
 * whole oracle stake (it may never bond again), and the distributor removes it from the set and
 * vetoes the epoch's pending root. Anyone may send either, and each is independent: a contract that
 * refuses (the oracle was already proven, or left the set) leaves the other to act. Marks the pair
 * proven, so that it is sent once.
 */
export async function proveOracleEquivocation(context: EquivocationContext, [a, b]: [RootSignature, RootSignature]): Promise<EquivocationProof> {
  const args = [rewardRootOf(a), compact(a.signature), rewardRootOf(b), compact(b.signature)] as const
  const send = async (call: { address: Address; abi: typeof stakingAbi | typeof rewardDistributorAbi; functionName: 'slashOracleForEquivocation' | 'proveEquivocation' }) => {
    try {
      const { request } = await context.client.simulateContract({ ...call, args, account: context.wallet.account } as never)
      const hash = await context.wallet.writeContract(request as never)
      const receipt = await waitForReceipt(context.client, hash)
      return receipt.status === 'success' ? `proven in ${hash}` : `reverted in ${hash}`
    } catch (error) {
      return `refused: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`
    }
  }
  const staking = context.staking === undefined ? 'no Staking contract' : await send({ address: context.staking, abi: stakingAbi, functionName: 'slashOracleForEquivocation' })
  const distributor = await send({ address: context.distributor, abi: rewardDistributorAbi, functionName: 'proveEquivocation' })
  await context.db.query('update peer_root_signatures set proven = true where epoch = $1 and version = $2 and oracle = $3', [a.epoch.toString(), a.version, a.oracle.toLowerCase()])
  return { oracle: a.oracle, epoch: a.epoch, version: a.version, staking, distributor }
}
