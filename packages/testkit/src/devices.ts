import type { DeviceRecord } from '@pinion/kinds'
import { type DeviceKey, deviceIdOf, networkIdOf } from '@pinion/protocol'

// Device records as the chain follower would have stored them, for the database-backed tests.
export { seedDevice, seedDevices } from './oracle/seedDevices.ts'

/** The tests' network: anvil's chain id and the first contract address its first account deploys. */
export const TEST_NETWORK_ID = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')

/** The registry record of `key`'s device, active and asserted at one H3 cell since time 0; `overrides` replace any field. */
export function deviceRecord(key: Pick<DeviceKey, 'type' | 'publicKey'>, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: deviceIdOf(key.publicKey),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: key.type,
    publicKey: key.publicKey,
    location: 0x8c2a100d2c2b3ffn,
    locations: [{ cell: 0x8c2a100d2c2b3ffn, atMs: 0n, antennaGain: 12, elevation: 5 }],
    active: true,
    ...overrides,
  }
}
