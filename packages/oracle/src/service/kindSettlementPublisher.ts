import type { Kind, SettlementRecord } from '@pinion/kinds'
import { rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import { BaseError, ContractFunctionRevertedError, type Hash, parseAbi } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'
import { attestOnce, gatherQuorum } from './attestation.ts'
import type { EconomyPublishContext } from './economyPublisher.ts'

export type KindSettlementOutcome =
  | { kind: string; status: 'settled'; epoch: bigint; records: number; transaction: Hash }
  | { kind: string; status: 'waiting'; epoch: bigint; signatures: number; quorum: number }

/**
 * Settles, for each kind with a settlement (Kind.settlement) whose contract is deployed, the oldest
 * epoch whose records are stored but not settled: once its root is committed — work is paid for only
 * when the rewards it earned are — this oracle signs the epoch's records (once per oracle-set
 * version, under the subject `settlement:<kind>`), gathers a quorum of its peers' signatures of the
 * same digest, and submits them. Safe from every oracle at once: a batch another oracle submitted
 * first leaves this one with nothing to settle. Kinds with nothing to settle give no outcome.
 */
export async function publishKindSettlements(context: EconomyPublishContext, set: OracleSet, kinds: ReadonlyMap<string, Kind>): Promise<KindSettlementOutcome[]> {
  const outcomes: KindSettlementOutcome[] = []
  for (const [name, kind] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const settlement = kind.settlement
    const address = settlement === undefined ? undefined : context.deployment.kinds?.[name]?.[settlement.contract]
    if (settlement === undefined || address === undefined) continue
    const contract = { address, abi: parseAbi(settlement.abi) } as const
    const next = (await context.client.readContract({ ...contract, functionName: settlement.nextEpoch })) as bigint
    const committedBelow = await context.client.readContract({ address: context.deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
    const { rows } = await context.db.query<{ epoch: string | null }>('select min(epoch) as epoch from kind_settlements where kind = $1 and epoch >= $2 and epoch < $3', [
      name,
      next.toString(),
      committedBelow.toString(),
    ])
    if (rows[0]?.epoch === null || rows[0]?.epoch === undefined) continue
    const epoch = BigInt(rows[0].epoch)
    const stored = await context.db.query<{ record: string }>('select record from kind_settlements where epoch = $1 and kind = $2 order by position', [epoch.toString(), name])
    const records = stored.rows.map((row) => JSON.parse(row.record) as SettlementRecord)
    const typedData = settlement.typedData(context.chainId, address, epoch, set.version, records)
    const mine = await attestOnce(context.db, context.signer, { epoch, version: set.version, subject: `settlement:${name}`, typedData })
    // One signature per epoch, set version and subject: different records now mean this oracle's store
    // changed under it (recovery), and it leaves the epoch to the others.
    if (mine === 'signed-differently') {
      outcomes.push({ kind: name, status: 'waiting', epoch, signatures: 0, quorum: set.quorum })
      continue
    }
    const quorum = await gatherQuorum(context.db, mine, set, context.peers, context.fetch)
    if (quorum.signatures === null) {
      outcomes.push({ kind: name, status: 'waiting', epoch, signatures: quorum.count, quorum: set.quorum })
      continue
    }
    const call = {
      ...contract,
      account: context.wallet.account,
      functionName: settlement.submit,
      args: [epoch, set.version, settlement.toArguments(records), quorum.signatures],
    } as const
    try {
      await context.client.simulateContract(call)
    } catch (error) {
      if (recordedAlready(error)) continue
      throw error
    }
    const transaction = await context.wallet.writeContract(call)
    const receipt = await waitForReceipt(context.client, transaction)
    if (receipt.status === 'success') outcomes.push({ kind: name, status: 'settled', epoch, records: records.length, transaction })
  }
  return outcomes
}

/** Whether the contract refused the batch because another oracle's batch for the epoch (or a later one) landed first. */
function recordedAlready(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError && e.data?.errorName === 'EpochAlreadyRecorded') !== null
}
