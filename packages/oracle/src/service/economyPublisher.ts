import { type Deployment, creditsAbi, receiptSettlementTypedData, rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import { type Account, BaseError, type Chain, ContractFunctionRevertedError, type Hash, type LocalAccount, type PublicClient, type Transport, type WalletClient } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'
import type { Db } from '../store/db.ts'
import { attestOnce, gatherQuorum } from './attestation.ts'
import { storedSettlement } from './settlementBatch.ts'

export type EconomyPublishContext = {
  db: Db
  client: PublicClient
  wallet: WalletClient<Transport, Chain, Account>
  signer: LocalAccount
  chainId: number
  deployment: Deployment
  /** Base URLs of the other oracles. */
  peers: readonly string[]
  fetch?: typeof fetch
}

export type SettlementOutcome =
  | { status: 'settled'; epoch: bigint; receipts: number; transaction: Hash }
  | { status: 'nothing-to-settle' }
  | { status: 'waiting'; epoch: bigint; signatures: number; quorum: number }

/** The attestation subject of an epoch's receipt settlement. */
const SETTLEMENT_SUBJECT = 'settlement'

/**
 * Settles the oldest epoch whose usage receipts are charged but not settled on chain (Credits
 * settles epochs in order): once its root is committed — service is paid for only when the rewards
 * it earned are — this oracle signs the epoch's settlement batch (once per oracle-set version),
 * gathers a quorum of its peers' signatures of the same digest and posts it. Safe from every oracle
 * at once: a batch another oracle posted first leaves this one with nothing to settle.
 */
export async function publishSettlement(context: EconomyPublishContext, set: OracleSet): Promise<SettlementOutcome> {
  const { client, deployment } = context
  if (deployment.credits === undefined) return { status: 'nothing-to-settle' }
  const credits = { address: deployment.credits, abi: creditsAbi } as const
  const next = await client.readContract({ ...credits, functionName: 'nextSettlementEpoch' })
  const committedBelow = await client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
  const { rows } = await context.db.query<{ epoch: string }>('select min(epoch) as epoch from credit_receipts where epoch >= $1 and epoch < $2', [
    next.toString(),
    committedBelow.toString(),
  ])
  if (rows[0]?.epoch === null || rows[0]?.epoch === undefined) return { status: 'nothing-to-settle' }
  const epoch = BigInt(rows[0].epoch)
  const { receipts, receiptsHash } = await storedSettlement(context.db, epoch)
  const typedData = receiptSettlementTypedData(context.chainId, deployment.credits, { epoch, version: set.version, receiptsHash })
  const mine = await attestOnce(context.db, context.signer, { epoch, version: set.version, subject: SETTLEMENT_SUBJECT, typedData })
  // An oracle signs one settlement per epoch and set version; a different batch now means its own
  // store changed under it (recovery), and it leaves this epoch's settlement to the others.
  if (mine === 'signed-differently') return { status: 'waiting', epoch, signatures: 0, quorum: set.quorum }
  const quorum = await gatherQuorum(context.db, mine, set, context.peers, context.fetch)
  if (quorum.signatures === null) return { status: 'waiting', epoch, signatures: quorum.count, quorum: set.quorum }
  const call = { ...credits, account: context.wallet.account, functionName: 'settleReceipts', args: [epoch, set.version, receipts, quorum.signatures] } as const
  try {
    await client.simulateContract(call)
  } catch (error) {
    if (settledAlready(error)) return { status: 'nothing-to-settle' }
    throw error
  }
  const transaction = await context.wallet.writeContract(call)
  const receipt = await waitForReceipt(client, transaction)
  if (receipt.status !== 'success') return { status: 'nothing-to-settle' }
  return { status: 'settled', epoch, receipts: receipts.length, transaction }
}

/** Whether Credits refused the batch because another oracle's settlement of it landed first. */
function settledAlready(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    error.walk((e) => e instanceof ContractFunctionRevertedError && (e.data?.errorName === 'EpochAlreadySettled' || e.data?.errorName === 'ReceiptAlreadySettled')) !== null
  )
}
