import { type DeviceKey, deviceIdOf } from '@pinion/protocol'
import type { Db } from '../../../oracle/src/store/db.ts'

/**
 * Registers a device as the chain follower would have recorded it, with placeholder owner and
 * registration fields: for tests, benchmarks and the pinned ingest server, which need ingest to know a device.
 */
export async function seedDevice(db: Db, key: Pick<DeviceKey, 'type' | 'publicKey'>, state: { suspended?: boolean; retired?: boolean } = {}): Promise<void> {
  await seedDevices(db, [key], state)
}

/** seedDevice for many keys in one statement; devices already present are left as they are. */
export async function seedDevices(db: Db, keys: readonly Pick<DeviceKey, 'type' | 'publicKey'>[], state: { suspended?: boolean; retired?: boolean } = {}): Promise<void> {
  await db.query(
    `insert into devices (device_id, owner, device_class, key_type, public_key, maker, serial, suspended, retired,
                          registered_block, registered_time_ms, updated_block)
     select id, $4, 1, kt, pk, $4, id, $5, $6, 1, 0, 1
     from unnest($1::text[], $2::text[], $3::text[]) as d(id, kt, pk)
     on conflict (device_id) do nothing`,
    [
      keys.map((key) => deviceIdOf(key.publicKey)),
      keys.map((key) => key.type),
      keys.map((key) => key.publicKey.toLowerCase()),
      '0x0000000000000000000000000000000000000000',
      state.suspended ?? false,
      state.retired ?? false,
    ],
  )
}
