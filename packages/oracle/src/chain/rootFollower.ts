import { rewardDistributorAbi } from '@pinion/contracts'
import type { Address, Hex, PublicClient } from 'viem'
import type { Db } from '../store/db.ts'

const PROGRESS_KEY = 'follower.distributor.processedBlock'
const MAX_BLOCK_RANGE = 2_000n

/** A root as the distributor committed it. */
export type ChainRoot = {
  epoch: bigint
  version: number
  root: Hex
  totalCumulative: bigint
  inputsHash: Hex
  paramsHash: Hex
  transactionHash: Hex
  blockNumber: bigint
}

/**
 * Records every root the distributor committed (its RootCommitted events) into chain_roots, from
 * the last processed block to the head, one block range per transaction with the progress marker.
 * An oracle compares its own epochs with these, and recovers from them when it differs.
 */
export async function followRoots(db: Db, client: PublicClient, distributor: Address, fromBlock: bigint): Promise<void> {
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [PROGRESS_KEY])
  let processed = rows[0] ? BigInt(rows[0].value) : fromBlock - 1n
  const head = await client.getBlockNumber()
  while (processed < head) {
    const from = processed + 1n
    const to = from + MAX_BLOCK_RANGE - 1n < head ? from + MAX_BLOCK_RANGE - 1n : head
    const events = await client.getContractEvents({ address: distributor, abi: rewardDistributorAbi, eventName: 'RootCommitted', fromBlock: from, toBlock: to })
    await db.transaction(async (tx) => {
      for (const event of events) {
        const args = event.args as { epoch: bigint; root: Hex; totalCumulative: bigint; inputsHash: Hex; paramsHash: Hex; version?: number }
        await tx.query(
          `insert into chain_roots (block_number, log_index, epoch, version, root, total_cumulative, inputs_hash, params_hash, transaction_hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
          [
            event.blockNumber.toString(),
            event.logIndex,
            args.epoch.toString(),
            args.version ?? 0,
            args.root.toLowerCase(),
            args.totalCumulative.toString(),
            args.inputsHash.toLowerCase(),
            args.paramsHash.toLowerCase(),
            event.transactionHash,
          ],
        )
      }
      await tx.query('insert into pinion_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [PROGRESS_KEY, to.toString()])
    })
    processed = to
  }
}

/** The root the distributor holds for `epoch` (the latest not vetoed), if any. */
export async function chainRootOf(db: Db, epoch: bigint): Promise<ChainRoot | undefined> {
  const { rows } = await db.query<{
    epoch: string
    version: number
    root: Hex
    total_cumulative: string
    inputs_hash: Hex
    params_hash: Hex
    transaction_hash: Hex
    block_number: string
  }>('select * from chain_roots where epoch = $1 and not vetoed order by block_number desc, log_index desc limit 1', [epoch.toString()])
  const row = rows[0]
  if (row === undefined) return undefined
  return {
    epoch: BigInt(row.epoch),
    version: row.version,
    root: row.root,
    totalCumulative: BigInt(row.total_cumulative),
    inputsHash: row.inputs_hash,
    paramsHash: row.params_hash,
    transactionHash: row.transaction_hash,
    blockNumber: BigInt(row.block_number),
  }
}
