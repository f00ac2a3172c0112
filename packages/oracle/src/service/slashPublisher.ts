import { SLASH_STATUSES, SubjectType, reasonCode, rewardDistributorAbi, slashOrderTypedData, stakingAbi, waitForReceipt } from '@pinion/contracts'
import { BaseError, ContractFunctionRevertedError, type Hash, type Hex } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'
import { attestOnce, gatherQuorum } from './attestation.ts'
import type { EconomyPublishContext } from './economyPublisher.ts'

export type SlashOutcome =
  | { status: 'proposed'; epoch: bigint; deviceId: Hex; transaction: Hash }
  | { status: 'executed'; epoch: bigint; deviceId: Hex; transaction: Hash }
  | { status: 'waiting'; epoch: bigint; deviceId: Hex; signatures: number; quorum: number }
  /** The contract refused it for a reason other than another oracle's getting there first. */
  | { status: 'refused'; epoch: bigint; deviceId: Hex; error: string }

/** The attestation subject of the slash order an epoch drafted against a device. */
const slashSubject = (deviceId: Hex): string => `slash:${deviceId.toLowerCase()}`

/**
 * Carries each slash order the oracle's epochs drafted (epoch/slashOrders.ts) through the Staking
 * contract, once the epoch's root is committed: signs it (once per oracle-set version), gathers a
 * quorum of peers' signatures of the same order and proposes it; after the order's dispute window,
 * unless it was vetoed or its appeal upheld by no one, executes it. An order already proposed for
 * the device and epoch, under any set version, is never proposed again. Safe from every oracle.
 */
export async function publishSlashOrders(context: EconomyPublishContext, set: OracleSet, finished: Set<string> = new Set()): Promise<SlashOutcome[]> {
  const { client, deployment, db } = context
  if (deployment.staking === undefined) return []
  const staking = { address: deployment.staking, abi: stakingAbi } as const
  const committedBelow = await client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
  const { rows } = await db.query<{ epoch: string; device_id: Hex; reason: string; evidence_hash: Hex; amount: string }>(
    'select epoch, device_id, reason, evidence_hash, amount from slash_orders where epoch < $1 order by epoch, device_id',
    [committedBelow.toString()],
  )
  const outcomes: SlashOutcome[] = []
  const { timestamp: now } = await client.getBlock()
  for (const row of rows) {
    const epoch = BigInt(row.epoch)
    const deviceId = row.device_id
    // Orders executed, vetoed, rejected or refused are done with: the caller keeps them, so a long
    // history is not read back from the chain at every tick.
    const key = `${epoch}:${deviceId}`
    if (finished.has(key)) continue
    const proposed = await client.getContractEvents({ ...staking, eventName: 'SlashProposed', args: { epoch, subject: deviceId }, fromBlock: deployment.blockNumber })
    if (proposed.length > 0) {
      const id = proposed[0]!.args.id!
      const slash = await client.readContract({ ...staking, functionName: 'slashOf', args: [id] })
      const status = SLASH_STATUSES[slash.status]
      if (status !== 'pending' && status !== 'upheld' && status !== 'appealed') finished.add(key)
      if ((status !== 'pending' && status !== 'upheld') || BigInt(slash.executableAt) > now) continue
      const sent = await sendIfAccepted(context, { ...staking, functionName: 'executeSlash', args: [id] })
      if (typeof sent === 'string') outcomes.push({ status: 'executed', epoch, deviceId, transaction: sent })
      else if (sent.refused !== null) outcomes.push({ status: 'refused', epoch, deviceId, error: sent.refused })
      if (typeof sent === 'string' || sent.refused !== null) finished.add(key)
      continue
    }
    const order = {
      epoch,
      version: set.version,
      subjectType: SubjectType.Device,
      subject: deviceId,
      amount: BigInt(row.amount),
      reason: reasonCode(row.reason),
      evidenceHash: row.evidence_hash,
    }
    const typedData = slashOrderTypedData(context.chainId, deployment.staking, order)
    const mine = await attestOnce(db, context.signer, { epoch, version: set.version, subject: slashSubject(deviceId), typedData })
    if (mine === 'signed-differently') continue
    const quorum = await gatherQuorum(db, mine, set, context.peers, context.fetch)
    if (quorum.signatures === null) {
      outcomes.push({ status: 'waiting', epoch, deviceId, signatures: quorum.count, quorum: set.quorum })
      continue
    }
    const sent = await sendIfAccepted(context, { ...staking, functionName: 'proposeSlash', args: [order, quorum.signatures] })
    if (typeof sent === 'string') outcomes.push({ status: 'proposed', epoch, deviceId, transaction: sent })
    else if (sent.refused !== null) outcomes.push({ status: 'refused', epoch, deviceId, error: sent.refused })
  }
  return outcomes
}

/**
 * Simulates, then sends `call`: its transaction, or what stopped it — `refused: null` when another
 * oracle got there first, the contract's error otherwise (a state no later tick changes, logged and
 * left). Transport and RPC errors are thrown, to be retried.
 */
async function sendIfAccepted(context: EconomyPublishContext, call: Parameters<EconomyPublishContext['wallet']['writeContract']>[0]): Promise<Hash | { refused: string | null }> {
  try {
    await context.client.simulateContract({ ...call, account: context.wallet.account } as never)
  } catch (error) {
    const reverted = error instanceof BaseError ? (error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null
    if (reverted === null) throw error
    const name = reverted.data?.errorName ?? reverted.shortMessage
    return { refused: RACED.has(name) ? null : name }
  }
  const transaction = await context.wallet.writeContract(call)
  const receipt = await waitForReceipt(context.client, transaction)
  return receipt.status === 'success' ? transaction : { refused: null }
}

/** Refusals that mean another oracle proposed or executed the order first. */
const RACED = new Set(['SlashAlreadyProposed', 'SlashNotPending'])
