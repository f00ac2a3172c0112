import { PinionError } from '@pinion/protocol'

/**
 * Thrown by the device SDK on purpose; the same codes label failures it reports without throwing
 * (a flush that gave up on an oracle). Codes are stable (never reused):
 * - PINION_ERR_KEY_FILE_MISSING: no key file at the path.
 * - PINION_ERR_KEY_FILE_CORRUPT: the file is not a key file (bad JSON, fields, or lengths).
 * - PINION_ERR_KEY_FILE_MISMATCH: the public key or device id does not belong to the private key.
 * - PINION_ERR_KEY_FILE_EXISTS: refusing to overwrite an existing key (a device's identity).
 * - PINION_ERR_OUTBOX_CORRUPT: a record before the last one fails its checksum: real corruption,
 *   not a torn write, so the outbox refuses to guess rather than drop reports silently.
 * - PINION_ERR_OUTBOX_SEQUENCE: an entry's sequence is not above every earlier one.
 * - PINION_ERR_OUTBOX_CLOSED: the outbox was used after close().
 * - PINION_ERR_SEQUENCE_FILE_CORRUPT: the persisted sequence is unreadable.
 * - PINION_ERR_AGENT_CONFIG: invalid agent or fleet options.
 * - PINION_ERR_AGENT_STOPPED: a flush was stopped with entries left (reported, not thrown).
 * - PINION_ERR_ORACLE_RESPONSE: an oracle answered 200 with a body that is not the ingest contract.
 * - PINION_ERR_ORACLE_UNREACHABLE: the request never got an HTTP answer (network error, timeout).
 * - PINION_ERR_ORACLE_HTTP: an HTTP error without an oracle error code (a proxy, a wrong URL).
 * - PINION_ERR_FLEET_SIMULATION: a kind simulated a report for a device outside the fleet.
 * - PINION_ERR_REGISTER_FLEET: a registration transaction reverted or registered something else.
 * - PINION_ERR_ASSERT_LOCATION: a location assertion failed to send, reverted or asserted nothing.
 */
export class DeviceError extends PinionError {
  override readonly name = 'DeviceError'
}
