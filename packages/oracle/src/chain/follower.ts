import type { Address, Hex, Log, PublicClient } from 'viem'
import { isRetryableInOracle } from '../errors.ts'
import { startRetryLoop } from '../service/retryLoop.ts'
import type { Db } from '../store/db.ts'
import { type KindContract, decodeKindLogs, insertKindEvents, kindProgressKey } from './kindEvents.ts'
import { type PositionedEvent, type RegistryDevice, decodeRegistryLogs, foldRegistryEvents } from './registryEvents.ts'

export type FollowerOptions = {
  db: Db
  client: PublicClient
  registry: Address
  /** The registry's deployment block: nothing before it is read. */
  fromBlock: bigint
  /** Blocks a log must be buried under before it is applied (0 on a devnet, more on real chains). */
  confirmations: number
  /** The most blocks one eth_getLogs call covers; public RPCs often cap it. */
  maxBlockRange?: bigint
  /**
   * The kinds' own contracts whose events are indexed beside the registry's (kindContractsToFollow:
   * the kinds the oracle runs, at the addresses of Deployment.kinds). None by default.
   */
  kindContracts?: readonly KindContract[]
  /** Told after each pass how far the chain is (its head) and how far the follower applied it. */
  onProgress?: ((progress: { head: bigint; processed: bigint }) => void) | undefined
}

const PROGRESS_KEY = 'follower.registry.processedBlock'
const DEFAULT_MAX_BLOCK_RANGE = 2_000n

async function markerOf(db: Db, key: string, fromBlock: bigint): Promise<bigint> {
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [key])
  return rows[0] ? BigInt(rows[0].value) : fromBlock - 1n
}

async function setMarker(db: Db, key: string, block: bigint): Promise<void> {
  await db.query('insert into pinion_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [key, block.toString()])
}

/**
 * The last block up to which the registry's events, and those of every contract in `kindContracts`,
 * are applied, or `fromBlock - 1`. At or past an epoch's end block, the registry and the kinds'
 * events as of that block are complete. Give it the kind contracts the follower follows: one it has
 * not caught up yet (a kind followed for the first time) holds this back until it has.
 */
export async function processedBlock(db: Db, fromBlock: bigint, kindContracts: readonly KindContract[] = []): Promise<bigint> {
  let processed = await markerOf(db, PROGRESS_KEY, fromBlock)
  for (const contract of kindContracts) {
    const marker = await markerOf(db, kindProgressKey(contract), fromBlock)
    if (marker < processed) processed = marker
  }
  return processed
}

/**
 * Applies every registry event, and indexes every event of the kind contracts, from the last
 * processed block up to the confirmed head, one block range per transaction: the events, the
 * devices they touch and the progress markers commit together, so a crash never leaves a range half
 * applied. A kind contract behind the registry (followed for the first time, or a store from before
 * kind events were indexed) first catches up to it on its own. Returns the new processed block.
 */
export async function followOnce(options: FollowerOptions): Promise<bigint> {
  const { db, client, registry, confirmations } = options
  const kindContracts = options.kindContracts ?? []
  const maxRange = options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE
  const rangeAfter = (done: bigint, until: bigint) => {
    const fromBlock = done + 1n
    return { fromBlock, toBlock: fromBlock + maxRange - 1n < until ? fromBlock + maxRange - 1n : until }
  }
  let processed = await markerOf(db, PROGRESS_KEY, options.fromBlock)
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const target = head - BigInt(confirmations)

  for (const contract of kindContracts) {
    let done = await markerOf(db, kindProgressKey(contract), options.fromBlock)
    while (done < processed) {
      const range = rangeAfter(done, processed)
      const logs = await client.getLogs({ address: contract.address, ...range })
      const events = decodeKindLogs(contract, logs, await blockTimesOf(client, logs))
      await db.transaction(async (tx) => {
        await insertKindEvents(tx, events)
        await setMarker(tx, kindProgressKey(contract), range.toBlock)
      })
      done = range.toBlock
    }
  }

  const addresses = [registry, ...kindContracts.map((c) => c.address)]
  while (processed < target) {
    const range = rangeAfter(processed, target)
    const logs = await client.getLogs({ address: addresses.length === 1 ? registry : addresses, ...range })
    const blockTimes = await blockTimesOf(client, logs)
    const from = (address: Address) => logs.filter((log) => log.address.toLowerCase() === address.toLowerCase())
    const events = decodeRegistryLogs(from(registry), blockTimes)
    const kindEvents = kindContracts.flatMap((contract) => decodeKindLogs(contract, from(contract.address), blockTimes))
    await db.transaction(async (tx) => {
      await insertEvents(tx, events)
      await refreshDevices(tx, [...new Set(events.map((e) => e.deviceId))])
      await insertKindEvents(tx, kindEvents)
      await setMarker(tx, PROGRESS_KEY, range.toBlock)
      for (const contract of kindContracts) await setMarker(tx, kindProgressKey(contract), range.toBlock)
    })
    processed = range.toBlock
  }
  options.onProgress?.({ head, processed })
  return processed
}

/** Each log's block's timestamp, in ms, by block number. */
async function blockTimesOf(client: PublicClient, logs: readonly Log[]): Promise<Map<bigint, bigint>> {
  const blockTimes = new Map<bigint, bigint>()
  for (const blockNumber of new Set(logs.map((l) => l.blockNumber!))) {
    const block = await client.getBlock({ blockNumber })
    blockTimes.set(blockNumber, block.timestamp * 1000n)
  }
  return blockTimes
}

async function insertEvents(db: Db, events: readonly PositionedEvent[]): Promise<void> {
  for (const { blockNumber, logIndex, blockTimeMs, event, deviceId, ...rest } of events) {
    await db.query(
      `insert into registry_events (block_number, log_index, block_time_ms, event, device_id, args)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [blockNumber.toString(), logIndex, blockTimeMs.toString(), event, deviceId, JSON.stringify(rest)],
    )
  }
}

type EventRow = { block_number: string; log_index: number; block_time_ms: string; event: string; device_id: string; args: unknown }

function rowToEvent(row: EventRow): PositionedEvent {
  const args = (typeof row.args === 'string' ? JSON.parse(row.args) : row.args) as Record<string, unknown>
  return {
    ...args,
    event: row.event,
    deviceId: row.device_id as Hex,
    blockNumber: BigInt(row.block_number),
    logIndex: row.log_index,
    blockTimeMs: BigInt(row.block_time_ms),
  } as PositionedEvent
}

const EVENT_COLUMNS = 'block_number, log_index, block_time_ms, event, device_id, args'

/** Rebuilds the current rows of `deviceIds` from their whole event history. */
async function refreshDevices(db: Db, deviceIds: readonly Hex[]): Promise<void> {
  if (deviceIds.length === 0) return
  const { rows } = await db.query<EventRow>(`select ${EVENT_COLUMNS} from registry_events where device_id = any($1) order by block_number, log_index`, [deviceIds])
  for (const device of foldRegistryEvents(rows.map(rowToEvent)).values()) await upsertDevice(db, device)
}

/** Writes the device's current row; every column, since a released key may register again anew. */
async function upsertDevice(db: Db, d: RegistryDevice): Promise<void> {
  await db.query(
    `insert into devices (device_id, owner, recipient, device_class, key_type, public_key, maker, serial, location,
                          suspended, retired, registered_block, registered_time_ms, updated_block)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (device_id) do update set owner = excluded.owner, recipient = excluded.recipient,
       device_class = excluded.device_class, key_type = excluded.key_type, public_key = excluded.public_key,
       maker = excluded.maker, serial = excluded.serial, location = excluded.location,
       suspended = excluded.suspended, retired = excluded.retired, registered_block = excluded.registered_block,
       registered_time_ms = excluded.registered_time_ms, updated_block = excluded.updated_block`,
    [
      d.deviceId,
      d.owner.toLowerCase(),
      d.explicitRecipient?.toLowerCase() ?? null,
      d.deviceClass,
      d.keyType,
      d.publicKey.toLowerCase(),
      d.maker.toLowerCase(),
      d.serial,
      d.location?.toString() ?? null,
      d.suspended,
      d.retired,
      d.registeredBlock.toString(),
      d.registeredTimeMs.toString(),
      d.updatedBlock.toString(),
    ],
  )
}

/**
 * The registry as of the end of `block`: every device registered by then, with the owner,
 * recipient, location and status it had at that block. Oracles score an epoch against the
 * registry as of the epoch's end block, so they agree however far each has followed the chain.
 */
export async function devicesAsOf(db: Db, block: bigint): Promise<Map<Hex, RegistryDevice>> {
  const { rows } = await db.query<EventRow>(`select ${EVENT_COLUMNS} from registry_events where block_number <= $1 order by block_number, log_index`, [block.toString()])
  return foldRegistryEvents(rows.map(rowToEvent))
}

/**
 * Follows the registry (and the kind contracts) in the background until stopped. A transient failure (the RPC or the store
 * unavailable) backs off and is reported once per distinct message; a deterministic one (a code the
 * error tables mark `retryable: false`, e.g. an event this oracle cannot decode) stops following,
 * reported once through `onHalt` (else `onError`): the same logs would fail the same way forever.
 */
export function startFollower(options: FollowerOptions & { intervalMs: number; onError: (error: unknown) => void; onHalt?: (error: unknown) => void }) {
  const loop = startRetryLoop({
    run: async () => {
      await followOnce(options)
    },
    intervalMs: options.intervalMs,
    isRetryable: isRetryableInOracle,
    onError: options.onError,
    onHalt: options.onHalt ?? options.onError,
  })
  return { stop: loop.stop }
}
