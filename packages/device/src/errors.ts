import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code the device SDK defines: thrown on purpose, or labelling a failure it reports
 * without throwing (a flush that gave up on an oracle). Codes are stable (never reused); ERRORS.md
 * is generated from this table (`npm run generate:errors`). Codes the oracle answers with (and the
 * agent branches on) are the oracle's.
 */
export const DEVICE_ERROR_CODES = {
  PINION_ERR_KEY_FILE_MISSING: { retryable: false, description: 'No key file at the path; create one with `createDeviceKeyFile`.' },
  PINION_ERR_KEY_FILE_CORRUPT: { retryable: false, description: 'The file is not a key file (bad JSON, fields or lengths).' },
  PINION_ERR_KEY_FILE_MISMATCH: { retryable: false, description: 'The public key or device id in the key file does not belong to its private key.' },
  PINION_ERR_KEY_FILE_EXISTS: { retryable: false, description: 'Refusing to overwrite an existing key file: the key is a device’s identity.' },
  PINION_ERR_OUTBOX_CORRUPT: {
    retryable: false,
    description: 'A record before the last one fails its checksum: real corruption, not a torn write, so the outbox refuses to guess rather than drop reports silently.',
  },
  PINION_ERR_OUTBOX_SEQUENCE: { retryable: false, description: 'An outbox entry’s sequence is not above every earlier one.' },
  PINION_ERR_OUTBOX_CLOSED: { retryable: false, description: 'The outbox was used after `close()`.' },
  PINION_ERR_SEQUENCE_FILE_CORRUPT: { retryable: false, description: 'The persisted sequence file does not hold `{"lastSequence":"<decimal>"}`.' },
  PINION_ERR_AGENT_CONFIG: { retryable: false, description: 'Invalid agent or fleet options; the message names the option and what was expected.' },
  PINION_ERR_CHALLENGES: {
    retryable: true,
    description:
      "An oracle's answer for an epoch's challenges was an error, unreadable, or held a challenge that is not this device's or does not hash to its id; ask again, or another oracle.",
  },
  PINION_ERR_AGENT_STOPPED: {
    retryable: true,
    description: 'A flush was stopped with entries left for an oracle (reported, not thrown); they stay in the outbox for the next flush.',
  },
  PINION_ERR_ORACLE_RESPONSE: {
    retryable: true,
    description: 'An oracle answered 200 with a body that is not the ingest contract; nothing is assumed stored, and the same bytes are sent again.',
  },
  PINION_ERR_ORACLE_UNREACHABLE: { retryable: true, description: 'A request to an oracle never got an HTTP answer (a network error, a timeout); try again later.' },
  PINION_ERR_ORACLE_HTTP: {
    retryable: true,
    description: 'An oracle answered an HTTP error without an oracle error code (a proxy, a wrong URL), or a 429 or 5xx; the same bytes are sent again later.',
  },
  PINION_ERR_MQTT_REFUSED: {
    retryable: true,
    description:
      'An MQTT broker refused the connection (CONNACK: bad username or password, not authorized) or the subscription to the device’s ack topic: an unregistered or suspended device, a token the oracle does not accept (its clock, the network), or broker credentials; retried with backoff.',
  },
  PINION_ERR_PIECE_HASH: {
    status: 409,
    retryable: false,
    description: 'A storage node was offered a piece whose id is not the SHA-256 of its bytes (or is not 0x and 64 lower-case hex digits): nothing was stored.',
  },
  PINION_ERR_PIECE_QUOTA: { status: 507, retryable: false, description: "A piece does not fit in the storage node's quota: nothing was stored; it belongs on another node." },
  PINION_ERR_PIECE_CORRUPT: {
    status: 500,
    retryable: false,
    description: 'A piece read back from the disk no longer hashes to its id: the disk changed it. It is not served; the network repairs it from other pieces.',
  },
  PINION_ERR_BAD_PIECE_ID: {
    status: 400,
    retryable: false,
    description: "*Storage node*: a piece's id in the path is not its SHA-256 as 64 lower-case hex digits (no 0x, no upper case).",
  },
  PINION_ERR_PIECE_NOT_FOUND: { status: 404, retryable: false, description: '*Storage node*: the node holds no piece with this id (never stored, or deleted).' },
  PINION_ERR_PIECE_RANGE: {
    status: 416,
    retryable: false,
    description:
      '*Storage node*: the `Range` header is not one range of bytes within the piece (`bytes=a-b`, `bytes=a-` or `bytes=-n`, with a ≤ b and a below its size); the answer carries `Content-Range: bytes */<size>`.',
  },
  PINION_ERR_PIECE_DELETE_REFUSED: {
    status: 403,
    retryable: false,
    description: "*Storage node*: the node's `authorize` hook refused to delete the piece (e.g. the deal that pays for it has not ended); it is kept.",
  },
  PINION_ERR_COMPUTE_LEASE_UNKNOWN: {
    status: 404,
    retryable: true,
    description:
      '*Compute provider node*: the chain knows no running lease with this id (not formed or started yet, or closed): nothing was stored. Retry once the lease has started.',
  },
  PINION_ERR_COMPUTE_NOT_OUR_LEASE: {
    status: 403,
    retryable: false,
    description: "*Compute provider node*: the lease was won by another device: deliver the job to that lease's provider.",
  },
  PINION_ERR_COMPUTE_UNAUTHORIZED: {
    status: 401,
    retryable: false,
    description:
      "*Compute provider node*: the job's `Authorization: Pinion-Job <signature>` header is missing, malformed, or not the lease's customer's EIP-712 signature of (leaseId, specHash) (jobAuthorization.ts): only the customer delivers a lease's job.",
  },
  PINION_ERR_COMPUTE_JOB_INVALID: {
    status: 400,
    retryable: false,
    description:
      '*Compute provider node*: the job is not one: a field that is not base64, or a manifest that is not a job manifest in its one canonical encoding. The message names the field.',
  },
  PINION_ERR_COMPUTE_JOB_MISMATCH: {
    status: 409,
    retryable: false,
    description:
      "*Compute provider node*: the job is not the lease's: the manifest does not hash to the order's specHash, the module to the manifest's `module`, or an input to its task's hash, or there are not as many inputs as tasks. Nothing was stored.",
  },
  PINION_ERR_COMPUTE_JOB_LIMITS: {
    status: 413,
    retryable: false,
    description:
      "*Compute provider node*: the job passes the compute kind's limits (a module over 1 MiB, a task input over 2,048 bytes: a reveal carries it) or the runtime's (fuel per task from 2^63), so no task of it could be verified. Nothing was stored.",
  },
  PINION_ERR_COMPUTE_NO_JOB: {
    status: 404,
    retryable: true,
    description: '*Compute provider node*: the node holds no job for this lease: its customer has not delivered it (yet).',
  },
  PINION_ERR_COMPUTE_TASK_UNKNOWN: { status: 404, retryable: false, description: "*Compute provider node*: the lease's job has no task with this number (tasks count from 0)." },
  PINION_ERR_COMPUTE_TASK_NOT_DONE: {
    status: 409,
    retryable: true,
    description:
      '*Compute provider node*: the task has no result yet (pending or running), or its run failed on the node (out of wall-clock time, a host failure) and has none to give: its output, log or usage cannot be had yet.',
  },
  PINION_ERR_COMPUTE_USAGE_SIGNATURE: {
    status: 403,
    retryable: false,
    description:
      "*Compute provider node*: the counter-signature is not the lease's customer's EIP-712 signature (packages/kinds/compute/usage.ts) of the task's usage as the node ran it (leaseId, specHash, task, resultHash, fuelUsed): it was not kept.",
  },
  PINION_ERR_COMPUTE_STORE_CORRUPT: {
    retryable: false,
    description:
      "A compute provider's job store on disk holds a file that is not what it wrote (unreadable JSON, bytes that no longer hash to the job's manifest): the node refuses to run or report from it. The message names the file.",
  },
  PINION_ERR_FLEET_SIMULATION: { retryable: false, description: 'A kind simulated a report for a device outside the fleet: a bug in the kind’s simulator.' },
  PINION_ERR_REGISTER_FLEET: {
    retryable: false,
    description:
      'A registration transaction reverted or registered something else (e.g. the maker is not approved for the class); the message names the device. Rerunning finishes what was not sent.',
  },
  PINION_ERR_ASSERT_LOCATION: {
    retryable: false,
    description: 'A location assertion failed to send, reverted or asserted nothing (e.g. the sender does not own the device); the message names the device.',
  },
} as const satisfies ErrorCodeTable

export type DeviceErrorCode = keyof typeof DEVICE_ERROR_CODES

/** Thrown by the device SDK on purpose, with one of DEVICE_ERROR_CODES. */
export class DeviceError extends PinionError {
  override readonly name = 'DeviceError'
  declare readonly code: DeviceErrorCode

  constructor(code: DeviceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
