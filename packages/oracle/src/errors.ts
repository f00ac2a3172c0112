import { type CodesWithStatus, type ErrorCodeTable, PROTOCOL_ERROR_CODES, PinionError, REPORT_ERROR_CODES, SERVER_ERROR_CODES, isRetryable } from '@pinion/protocol'
import { CONTRACTS_ERROR_CODES } from '@pinion/contracts'
import { KINDS_ERROR_CODES } from '@pinion/kinds'

/**
 * Every error code the oracle defines: what it answers over HTTP (with a status) and what its
 * pipeline fails with (no status). Codes are stable: clients branch on them, so a code is never
 * renamed or reused. ERRORS.md is generated from this table (`npm run generate:errors`).
 *
 * Status choices: a signature that does not verify is a failed authentication (401); a device that
 * is not registered, or is suspended or retired, is authenticated-or-not but never allowed to
 * report (403, not 404: the endpoint exists, and a 404 would read as a wrong URL to a retrying
 * device). A well-formed, authentic report that breaks a rule of time or network is 422; a sequence
 * already used is a conflict with stored state (409).
 *
 * Retryable choices that matter: the epoch runner stops an epoch's pipeline on a code marked
 * `retryable: false`, so those are only codes whose cause no amount of waiting removes (a kind that
 * breaks its contract, parameters or a registry that differ from the quorum's). PINION_ERR_UNAVAILABLE
 * and PINION_ERR_CHAIN_BEHIND pass by themselves and stay retryable.
 */
export const ORACLE_ERROR_CODES = {
  PINION_ERR_MALFORMED_BATCH: { status: 400, retryable: false, description: '*Request*: the body is not a ReportBatch.' },
  PINION_ERR_MALFORMED_BODY: {
    status: 400,
    retryable: false,
    description: '*Request*: the body does not parse as its content type says (JSON that does not parse, an empty JSON body), or does not match the route’s schema.',
  },
  PINION_ERR_BAD_SIGNATURE: { status: 401, retryable: false, description: "The signature is not the device key's signature over the body bytes as received." },
  PINION_ERR_UNKNOWN_DEVICE: {
    status: 403,
    retryable: false,
    description: 'No device with this id is registered (as far as this oracle has followed the chain: a device registered moments ago is known within a few blocks).',
  },
  PINION_ERR_INACTIVE_DEVICE: { status: 403, retryable: false, description: 'The device is suspended or retired.' },
  PINION_ERR_REPLAYED_SEQUENCE: {
    status: 409,
    retryable: false,
    description:
      "The sequence is at or below the device's last accepted one, and the report is not an exact resubmission of the stored report (an exact resubmission answers `duplicate`, 200).",
  },
  PINION_ERR_EQUIVOCATION: {
    status: 409,
    retryable: false,
    description:
      'The device already signed a different report with this sequence. Both are kept as evidence and every report of the device in the epochs they fall in is void (`DEVICE_EQUIVOCATED`); an honest device never does this.',
  },
  PINION_ERR_BATCH_TOO_LARGE: { status: 413, retryable: false, description: '*Request*: the batch holds more reports than the configured limit (1,000 by default).' },
  PINION_ERR_URI_TOO_LONG: {
    status: 414,
    retryable: false,
    description: '*Request*: a path segment is longer than 100 characters, longer than any route accepts (a device id has 66).',
  },
  PINION_ERR_WRONG_NETWORK: { status: 422, retryable: false, description: "The report is signed for another network: its `network_id` is not this oracle's." },
  PINION_ERR_STALE_TIMESTAMP: { status: 422, retryable: false, description: "The report's timestamp is older than the acceptance window (15 minutes by default)." },
  PINION_ERR_FUTURE_TIMESTAMP: {
    status: 422,
    retryable: false,
    description: "The report's timestamp is further ahead of the oracle's clock than the window allows (1 minute by default). Fix the device's clock.",
  },
  PINION_ERR_RATE_LIMITED: {
    status: 429,
    retryable: true,
    description: 'The client address (*request*, with `Retry-After`) or the device (per report) sent more than its rate allows; send the same bytes again after `Retry-After`.',
  },
  PINION_ERR_MQTT_BAD_TOKEN: {
    status: 401,
    retryable: false,
    description:
      "*MQTT* (embedded broker): the connection is refused (CONNACK 4): the username is not a registered, active device id, or the password is not that device key's token (`<expiresAtMs>.<signature>`, README's MQTT section) for this network.",
  },
  PINION_ERR_MQTT_TOKEN_EXPIRED: {
    status: 401,
    retryable: true,
    description:
      "*MQTT* (embedded broker): the connection is refused (CONNACK 4): the token has expired, or expires further ahead than the broker allows (10 minutes); sign a new one by the device's clock.",
  },
  PINION_ERR_MQTT_CERT_UNTRUSTED: {
    status: 401,
    retryable: false,
    description:
      "*MQTT* (embedded broker over TLS): the connection is refused (CONNACK 5): the client certificate does not chain to the network's device CA, or is outside its dates (OpenSSL's reason, e.g. `CERT_HAS_EXPIRED`, is in the message).",
  },
  PINION_ERR_MQTT_BAD_CERT: {
    status: 403,
    retryable: false,
    description:
      '*MQTT* (embedded broker over TLS): the connection is refused (CONNACK 5): the device CA issued the client certificate, but it stands for no active device: its key is not a device key, its CN is not the id of its key, the username names another device, or the registry holds another key for that id (or the device is unregistered, suspended or retired).',
  },
  PINION_ERR_MQTT_TOPIC: {
    status: 403,
    retryable: false,
    description:
      '*MQTT* (embedded broker): a device published outside its own `reports` and `challenges/get` topics (the broker closes the connection), or subscribed outside its own `acks` and `challenges` (the subscription is refused, SUBACK 0x80).',
  },
  PINION_ERR_MQTT_DEVICE_MISMATCH: {
    status: 403,
    retryable: false,
    description: "*MQTT*: a report on one device's topic names another device: each device publishes only its own reports.",
  },
  PINION_ERR_BAD_EPOCH: {
    status: 400,
    retryable: false,
    description:
      'Read API: the epoch (in the path, or `?epoch=`) is not a whole number from 0 to 2^63 − 1 (9223372036854775807), written without leading zeros. Epochs are uint64 on chain, but the store keeps them in signed 64-bit columns.',
  },
  PINION_ERR_BAD_DEVICE_ID: { status: 400, retryable: false, description: 'Read API: the device id in the path is not 32 bytes of hex.' },
  PINION_ERR_BAD_ADDRESS: { status: 400, retryable: false, description: 'Read API: the address in the path is not an address.' },
  PINION_ERR_BAD_QUERY: {
    status: 400,
    retryable: false,
    description: "Read API: a query value is not valid: `limit` or `offset` that is not a whole number in the route's range (below), or a value given twice.",
  },
  PINION_ERR_BAD_RESOLUTION: {
    status: 400,
    retryable: false,
    description: 'Read API: the H3 resolution in the query (`/v1/coverage?resolution=`) is not a whole number from 0 to 15.',
  },
  PINION_ERR_EPOCH_NOT_FOUND: {
    status: 404,
    retryable: true,
    description: 'Read API: this oracle has not computed (or signed) that epoch yet; an epoch that has ended appears once its pipeline has run.',
  },
  PINION_ERR_DEVICE_NOT_FOUND: { status: 404, retryable: false, description: 'Read API: no device with that id is registered.' },
  PINION_ERR_BAD_DEAL_ID: {
    status: 400,
    retryable: false,
    description:
      "Read API: the deal id in the path (`/v1/kinds/storage/deals/:dealId`) is not a whole number from 0 to 2^256 − 1 written without leading zeros (StorageMarket's uint256 deal ids).",
  },
  PINION_ERR_DEAL_NOT_FOUND: {
    status: 404,
    retryable: false,
    description:
      "Read API: no storage deal with that id is among StorageMarket's events as far as this oracle has followed the chain (a deal proposed moments ago appears within a few blocks).",
  },
  PINION_ERR_EPOCH_NOT_STARTED: {
    status: 409,
    retryable: true,
    description: 'Read API: the epoch has not begun on chain, so its challenges are not fixed yet; ask again (with `waitMs` to wait for it).',
  },
  PINION_ERR_EPOCH_NOT_SEALED: {
    status: 409,
    retryable: true,
    description: 'Read API: the epoch still accepts reports, so its inputs (`/v1/epochs/:n/inputs`) and manifests are not final; ask again after it seals.',
  },
  PINION_ERR_MIGRATION_CHANGED: {
    status: 500,
    retryable: false,
    description: 'At startup: a migration file that was already applied has changed since. Migrations are append-only: restore the file and add a new migration.',
  },
  PINION_ERR_UNAVAILABLE: {
    status: 503,
    retryable: true,
    description:
      '*Request*: the store, the signature verifiers or the epoch computing thread are unavailable (closing, restarting, a thread that died); nothing was acknowledged, retry later.',
  },
  PINION_ERR_STREAM_UNAVAILABLE: {
    status: 503,
    retryable: true,
    description:
      '*Request*, JetStream oracle (docs/production.md): the ingest node could not get JetStream to confirm the reports (NATS unreachable, no stream leader, a publish timed out); nothing was acknowledged. The body says `retryAfterMs`; send the same bytes again then (a report JetStream did store meanwhile answers `duplicate`).',
  },
  PINION_ERR_CHAIN_BEHIND: {
    retryable: true,
    description: "The chain's head has not passed the epoch's end yet, so its input is not final; the runner tries again on its next tick.",
  },
  PINION_ERR_EPOCH_INPUT: {
    retryable: false,
    description:
      "An epoch's input breaks a rule of the pipeline (a share in a pool that takes none, a negative weight or amount, a recipient twice, a kind that carries state but cannot parse it): the epoch stops until the cause is fixed.",
  },
  PINION_ERR_KIND_REASON: {
    retryable: false,
    description: "A kind's verifier gave a reason code that is neither a common reason nor in its own list: a bug in the kind; the epoch stops.",
  },
  PINION_ERR_KIND_RECEIPTS: {
    retryable: false,
    description:
      "A kind's usage receipts broke their contract (a receipt for a report it was not given or for another device, no credits, a receipt id twice): a bug in the kind; the epoch stops.",
  },
  PINION_ERR_KIND_SETTLEMENT: {
    retryable: false,
    description: "A kind's settlement gave records that are not plain JSON (strings and booleans): a bug in the kind; the epoch stops.",
  },
  PINION_ERR_KIND_SHARES: {
    retryable: false,
    description:
      "A kind's scorer or pool split broke its contract (a share of an unknown device or pool, a negative weight, a split that does not add up): a bug in the kind; the epoch stops.",
  },
  PINION_ERR_KIND_NOT_DEPLOYED: {
    retryable: false,
    description:
      'At startup: a kind this oracle runs has contracts of its own (Kind.chain.contracts) that the deployment holds no address for: the network was deployed without the kind; run deploy() again with the kind in `kinds` and record the new deployment.',
  },
  PINION_ERR_KIND_EVENTS: {
    retryable: false,
    description:
      'The events a kind declares for its contracts (Kind.chain.contracts) are not what the contracts emit: a signature that does not parse, an argument without a name, an event the compiled contract does not have, or a log that does not decode as declared. A bug in the kind; the follower stops.',
  },
  PINION_ERR_VERIFY_SIGNATURES: {
    retryable: false,
    description: 'The signature verifier returned a different number of results than signatures it was given: a bug; the epoch stops.',
  },
  PINION_ERR_CANONICAL_JSON: {
    retryable: false,
    description:
      "A value that must be hashed as canonical JSON (a kind's parameters or carried state) holds something canonical JSON cannot express (a float, undefined, a function).",
  },
  PINION_ERR_ROOT_MISMATCH: {
    retryable: false,
    description:
      "The committed inputs of an epoch give another root here than the one the chain holds: this oracle's rules, parameters or registry differ from the quorum's. It signs nothing more until an operator fixes that.",
  },
  PINION_ERR_PARAMS_MISMATCH: {
    retryable: false,
    description:
      'The parameters this oracle runs are not the ones governance put in force for the epoch: restart it with the network’s parameters (`pinion params show`), or have governance adopt these (`pinion params propose`).',
  },
  PINION_ERR_CUMULATIVE_DECREASED: {
    retryable: false,
    description: "An epoch would lower a recipient's cumulative amount below the previous epoch's: the stored state is wrong, and nothing is signed.",
  },
  PINION_ERR_COMMIT_REVERTED: {
    retryable: true,
    description:
      "This oracle's commitRoot transaction reverted although its simulation passed: the chain's state moved in between (funding, another oracle's commit, a root maturing). The runner tries again on a later tick.",
  },
  PINION_ERR_STORE_FORMAT: {
    retryable: false,
    description:
      'At startup: the store was written by an earlier Pinion whose report ids cannot be replayed; start on an empty store (it recovers committed epochs from its peers).',
  },
  PINION_ERR_STORE_OF_OTHER_DEPLOYMENT: {
    retryable: false,
    description: "At startup: the store belongs to another deployment (chain id, distributor or the chain's first block differ); give this network its own store.",
  },
  PINION_ERR_ORACLE_START: { retryable: false, description: 'The oracle thread failed to start; the message says why (a config error, a port in use).' },
} as const satisfies ErrorCodeTable

/** The codes the oracle's store, pipeline and kinds can fail with, for isRetryable: its own and those of what it runs. */
export const ORACLE_ERROR_TABLES: readonly ErrorCodeTable[] = [ORACLE_ERROR_CODES, PROTOCOL_ERROR_CODES, CONTRACTS_ERROR_CODES, KINDS_ERROR_CODES]

/**
 * Whether the oracle's retrying loops (follower, epoch runner, publisher) may try `error` again: a
 * code the tables mark `retryable: false` stops them; anything else, including errors without a
 * Pinion code (viem RPC and transport errors), backs off and tries again.
 */
export function isRetryableInOracle(error: unknown): boolean {
  return isRetryable(error, ORACLE_ERROR_TABLES)
}

/**
 * Every code the oracle answers over HTTP, with its status: the codes every Pinion server shares,
 * report decoding's (protocol), and its own that carry a status.
 */
export const ERROR_CODES = {
  ...SERVER_ERROR_CODES,
  ...REPORT_ERROR_CODES,
  ...(Object.fromEntries(Object.entries(ORACLE_ERROR_CODES).filter(([, entry]) => 'status' in entry)) as Pick<
    typeof ORACLE_ERROR_CODES,
    CodesWithStatus<typeof ORACLE_ERROR_CODES>
  >),
}

export type OracleErrorCode = keyof typeof ERROR_CODES

/** An error the oracle throws on purpose: a stable code, the HTTP status it maps to, a message. */
export class OracleError extends PinionError {
  override readonly name: string = 'OracleError'
  declare readonly code: OracleErrorCode
  readonly status: number

  /** How long the client should wait before sending the same again (answered as `retryAfterMs`), when the oracle knows. */
  readonly retryAfterMs: number | undefined

  constructor(code: OracleErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(code, message, options)
    this.status = ERROR_CODES[code].status
    this.retryAfterMs = options?.retryAfterMs
  }
}

/** Whether `code` is one the oracle answers with. */
export function isOracleErrorCode(code: string): code is OracleErrorCode {
  return Object.hasOwn(ERROR_CODES, code)
}

/** The body of every error response. */
export type ErrorBody = { code: OracleErrorCode; message: string; retryAfterMs?: number }
