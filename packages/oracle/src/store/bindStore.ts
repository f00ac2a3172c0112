import { PinionError } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import type { Db } from './db.ts'

/** The deployment a store belongs to: a chain, by its id and its first block, and the network's distributor. */
export type StoreBinding = { chainId: number; distributor: Address; genesisBlockHash: Hex }

const BINDING_KEY = 'deployment'
/** The migration from which report ids hash signed bodies (030_consensus.sql). */
const CANONICAL_IDS_MIGRATION = '030_consensus.sql'

/**
 * Refuses, before migrating, a store written by a Pinion whose report ids hashed transport bytes:
 * its published inputs would not reproduce its own epochs' inputsHash, and mixing the two kinds of
 * ids would fork the oracle from its peers. An empty one of that age is simply migrated.
 */
export async function refuseOutdatedStore(db: Db): Promise<void> {
  const { rows: tables } = await db.query<{ present: boolean }>("select to_regclass('schema_migrations') is not null as present")
  if (!tables[0]?.present) return
  const { rows: applied } = await db.query<{ name: string }>('select name from schema_migrations')
  const names = new Set(applied.map((row) => row.name))
  if (names.size === 0 || names.has(CANONICAL_IDS_MIGRATION)) return
  const { rows } = await db.query<{ n: string }>('select (select count(*) from reports) + (select count(*) from epochs) as n')
  if (Number(rows[0]?.n ?? 0) === 0) return
  throw new PinionError(
    'PINION_ERR_STORE_FORMAT',
    "this oracle's store was written by an earlier Pinion, whose report ids hashed the bytes a report travelled in; its epochs cannot be replayed under canonical ids. Start this oracle on an empty store (delete its data directory, or give it a new database): it recovers every committed epoch from its peers",
  )
}

/**
 * Binds a store to one deployment on first use, and refuses it for any other. Chain id and
 * distributor are not enough: deployments are deterministic, so every fresh devnet has the same
 * addresses, and a store left over from one would lend its epochs to the next. The chain's first
 * block tells them apart.
 */
export async function bindStore(db: Db, binding: StoreBinding): Promise<void> {
  const value = `${binding.chainId}:${binding.distributor.toLowerCase()}:${binding.genesisBlockHash.toLowerCase()}`
  await db.query('insert into pinion_meta (key, value) values ($1, $2) on conflict (key) do nothing', [BINDING_KEY, value])
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [BINDING_KEY])
  const bound = rows[0]?.value
  if (bound === value) return
  const [chainId, distributor, genesis] = (bound ?? '').split(':')
  throw new PinionError(
    'PINION_ERR_STORE_OF_OTHER_DEPLOYMENT',
    `this oracle's store belongs to the deployment on chain ${chainId} (distributor ${distributor}, first block ${genesis}), not to chain ${binding.chainId} (distributor ${binding.distributor.toLowerCase()}, first block ${binding.genesisBlockHash}); give this network its own store (or delete the old one)`,
  )
}
