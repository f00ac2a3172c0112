import type { KeyType } from '@pinion/protocol'
import type { Hex } from 'viem'
import { coalesce } from './coalesce.ts'
import type { Db } from './db.ts'

/** What ingest needs to know about a device: how to check its signatures, and whether it may report. */
export type DeviceKeyRecord = { keyType: KeyType; publicKey: Hex; active: boolean }

/** Finds a device by id (lower-case 0x hex); undefined when no such device is registered. */
export type DeviceLookup = (deviceId: Hex) => Promise<DeviceKeyRecord | undefined>

/** Ids per query: a bound on the statement's array parameter, far above a batch's device count. */
const MAX_IDS_PER_QUERY = 5_000

export type DeviceLookupOptions = {
  /** Unix milliseconds; with `cacheMs`, answers are remembered for that long. */
  clock?: (() => number) | undefined
  /**
   * How long an answer (found or not) is reused: the longest a suspension or a new registration
   * the chain follower records takes to apply to ingest. 0 (the default): read every time.
   */
  cacheMs?: number | undefined
  /** Answers remembered at most; the oldest go first. */
  maxCached?: number | undefined
}

/**
 * A DeviceLookup over the devices table. Lookups made in the same tick are coalesced into one query
 * (`device_id = any($1)`): ingest asks for each report's device one by one, and a batch of 500
 * reports costs one round trip instead of 500. With `cacheMs`, answers are also reused for that
 * long, so a steady fleet costs no query at all.
 */
export function createDeviceLookup(db: Db, options: DeviceLookupOptions = {}): DeviceLookup {
  const { clock, cacheMs = 0, maxCached = 200_000 } = options
  const cache = new Map<Hex, { record: DeviceKeyRecord | undefined; expiresMs: number }>()
  const caching = clock !== undefined && cacheMs > 0

  const remember = (id: Hex, record: DeviceKeyRecord | undefined) => {
    cache.delete(id) // re-inserted last: Map order is then age order
    if (cache.size >= maxCached) {
      const oldest = cache.keys().next()
      if (oldest.done !== true) cache.delete(oldest.value)
    }
    cache.set(id, { record, expiresMs: clock!() + cacheMs })
  }

  const load = coalesce(async (ids: Hex[]) => {
    const found = new Map<Hex, DeviceKeyRecord>()
    for (let from = 0; from < ids.length; from += MAX_IDS_PER_QUERY) {
      const { rows } = await db.query<{ device_id: Hex; key_type: KeyType; public_key: Hex; suspended: boolean; retired: boolean }>(
        'select device_id, key_type, public_key, suspended, retired from devices where device_id = any($1::text[])',
        [ids.slice(from, from + MAX_IDS_PER_QUERY)],
      )
      for (const row of rows) found.set(row.device_id, { keyType: row.key_type, publicKey: row.public_key, active: !row.suspended && !row.retired })
    }
    if (caching) for (const id of ids) remember(id, found.get(id))
    return found
  })

  return (deviceId) => {
    const cached = caching ? cache.get(deviceId) : undefined
    if (cached !== undefined && cached.expiresMs > clock!()) return Promise.resolve(cached.record)
    return load(deviceId)
  }
}
