import { rewardDistributorAbi } from '@pinion/contracts'
import type { Address, Hex, PublicClient } from 'viem'
import type { Db } from '../store/db.ts'

const PROGRESS_KEY = 'follower.distributor.processedBlock'
/** The newest epoch whose root the distributor made claimable (RootsPromoted), as pinion_meta keeps it. */
const CLAIMABLE_KEY = 'distributor.latestClaimableEpoch'
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
 * Records what the distributor did with roots, from the last processed block to the head, one block
 * range per transaction with the progress marker: every root it committed (RootCommitted) into
 * chain_roots; every veto (RootVetoed: the epoch and every later pending root are discarded) as
 * `vetoed` on those rows; the newest claimable epoch (RootsPromoted); and where each oracle said it
 * serves its peers (OracleUrlAnnounced). An oracle compares its own
 * epochs with these, recovers from them when it differs, and serves proofs against claimable roots.
 */
export async function followRoots(db: Db, client: PublicClient, distributor: Address, fromBlock: bigint): Promise<void> {
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [PROGRESS_KEY])
  let processed = rows[0] ? BigInt(rows[0].value) : fromBlock - 1n
  const head = await client.getBlockNumber({ cacheTime: 0 })
  while (processed < head) {
    const from = processed + 1n
    const to = from + MAX_BLOCK_RANGE - 1n < head ? from + MAX_BLOCK_RANGE - 1n : head
    const events = await client.getContractEvents({ address: distributor, abi: rewardDistributorAbi, fromBlock: from, toBlock: to })
    await db.transaction(async (tx) => {
      for (const event of events) {
        if (event.eventName === 'RootVetoed') {
          const { epoch } = event.args as { epoch: bigint }
          await tx.query('update chain_roots set vetoed = true where epoch >= $1 and (block_number < $2 or (block_number = $2 and log_index < $3))', [
            epoch.toString(),
            event.blockNumber.toString(),
            event.logIndex,
          ])
          continue
        }
        if (event.eventName === 'RootsPromoted') {
          const { latestClaimableEpoch } = event.args as { latestClaimableEpoch: bigint }
          await tx.query('insert into pinion_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [
            CLAIMABLE_KEY,
            latestClaimableEpoch.toString(),
          ])
          continue
        }
        if (event.eventName === 'OracleUrlAnnounced') {
          const { oracle, url } = event.args as { oracle: Hex; url: string }
          await tx.query(
            `insert into oracle_urls (oracle, url, block_number) values ($1, $2, $3)
             on conflict (oracle) do update set url = excluded.url, block_number = excluded.block_number`,
            [oracle.toLowerCase(), url, event.blockNumber.toString()],
          )
          continue
        }
        if (event.eventName !== 'RootCommitted') continue
        const args = event.args as { epoch: bigint; root: Hex; totalCumulative: bigint; inputsHash: Hex; paramsHash: Hex; version: number }
        await tx.query(
          `insert into chain_roots (block_number, log_index, epoch, version, root, total_cumulative, inputs_hash, params_hash, transaction_hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
          [
            event.blockNumber.toString(),
            event.logIndex,
            args.epoch.toString(),
            args.version,
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

/** The newest epoch whose root the distributor made claimable, or undefined before any. */
export async function latestClaimableEpoch(db: Db): Promise<bigint | undefined> {
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [CLAIMABLE_KEY])
  return rows[0] === undefined ? undefined : BigInt(rows[0].value)
}

/** Each oracle's announced URL, by lower-case address. */
export async function announcedUrls(db: Db): Promise<Map<Hex, string>> {
  const { rows } = await db.query<{ oracle: Hex; url: string }>('select oracle, url from oracle_urls')
  return new Map(rows.map((row) => [row.oracle, row.url]))
}
