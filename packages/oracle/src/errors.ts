import { PinionError } from '@pinion/protocol'

/**
 * Every error code the oracle answers with, its HTTP status and what it means. Codes are stable:
 * clients branch on them, so a code is never renamed or reused. ERRORS.md lists the same codes
 * (errors.test.ts keeps the two in step).
 *
 * Status choices: a signature that does not verify is a failed authentication (401); a device that
 * is not registered, or is suspended or retired, is authenticated-or-not but never allowed to
 * report (403, not 404: the endpoint exists, and a 404 would read as a wrong URL to a retrying
 * device). A well-formed, authentic report that breaks a rule of time or network is 422; a sequence
 * already used is a conflict with stored state (409).
 */
export const ERROR_CODES = {
  PINION_ERR_MALFORMED_REPORT: { status: 400, description: 'The bytes are not a SignedReport, or its body is not a ReportBody with 32-byte ids and kind and payload type names of 1 to 64 printable ASCII characters.' },
  PINION_ERR_NON_CANONICAL_REPORT: { status: 400, description: 'The SignedReport, or the ReportBody it carries, is not in canonical encoding (an unknown field, a field out of order or twice, another wire type, a padded length, trailing bytes); the one encoding every oracle agrees on is required.' },
  PINION_ERR_MALFORMED_BATCH: { status: 400, description: 'The request body is not a ReportBatch.' },
  PINION_ERR_BAD_REQUEST: { status: 400, description: 'The HTTP request itself is invalid (headers, framing, a Content-Length the body does not match, a path that is not valid percent-encoding).' },
  PINION_ERR_MALFORMED_BODY: { status: 400, description: 'The body does not parse as its content type says (JSON that does not parse, an empty JSON body) or does not match the route’s schema.' },
  PINION_ERR_BAD_SIGNATURE: { status: 401, description: "The signature is not the device key's signature over the body bytes as received." },
  PINION_ERR_UNKNOWN_DEVICE: { status: 403, description: 'No device with this id is registered.' },
  PINION_ERR_INACTIVE_DEVICE: { status: 403, description: 'The device is suspended or retired.' },
  PINION_ERR_REPLAYED_SEQUENCE: { status: 409, description: 'The sequence is at or below the last accepted sequence of the device, and the report is not an exact resubmission of the stored one.' },
  PINION_ERR_EQUIVOCATION: { status: 409, description: 'The device already signed a different report with this sequence. Both are kept as evidence: every report of the device in the epochs they fall in is void (DEVICE_EQUIVOCATED).' },
  PINION_ERR_NOT_FOUND: { status: 404, description: 'No route answers that method and path.' },
  PINION_ERR_REQUEST_TIMEOUT: { status: 408, description: 'The client did not send the whole request in time.' },
  PINION_ERR_BODY_TOO_LARGE: { status: 413, description: 'The request body exceeds the configured limit.' },
  PINION_ERR_BATCH_TOO_LARGE: { status: 413, description: 'The batch holds more reports than the configured limit.' },
  PINION_ERR_URI_TOO_LONG: { status: 414, description: 'A path segment is longer than the longest any route accepts (100 characters).' },
  PINION_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The content type is not one the route accepts (ingest: application/x-protobuf or application/protobuf).' },
  PINION_ERR_WRONG_NETWORK: { status: 422, description: "The report is signed for another network (its network_id is not this oracle's)." },
  PINION_ERR_STALE_TIMESTAMP: { status: 422, description: 'The report timestamp is older than the acceptance window.' },
  PINION_ERR_FUTURE_TIMESTAMP: { status: 422, description: 'The report timestamp is further ahead of the oracle clock than the acceptance window allows.' },
  PINION_ERR_RATE_LIMITED: { status: 429, description: 'The client address or the device sent more than its rate allows; retry after the Retry-After header.' },
  PINION_ERR_HEADERS_TOO_LARGE: { status: 431, description: 'The request headers exceed the server’s limit (16 KiB).' },
  PINION_ERR_BAD_EPOCH: { status: 400, description: 'The epoch (in the path or ?epoch=) is not a whole number from 0 to 2^63 − 1, without leading zeros.' },
  PINION_ERR_BAD_DEVICE_ID: { status: 400, description: 'The device id in the path is not 32 bytes of hex.' },
  PINION_ERR_BAD_ADDRESS: { status: 400, description: 'The address in the path is not an address.' },
  PINION_ERR_BAD_QUERY: { status: 400, description: 'A query value is not valid: limit or offset not a whole number in the route’s range, or a value given twice.' },
  PINION_ERR_BAD_RESOLUTION: { status: 400, description: 'The H3 resolution in the query is not a whole number from 0 to 15.' },
  PINION_ERR_EPOCH_NOT_FOUND: { status: 404, description: 'This oracle has not computed (or signed) that epoch.' },
  PINION_ERR_DEVICE_NOT_FOUND: { status: 404, description: 'No device with that id is registered.' },
  PINION_ERR_EPOCH_NOT_SEALED: { status: 409, description: 'The epoch still accepts reports, so its inputs are not final.' },
  PINION_ERR_INTERNAL: { status: 500, description: 'An unexpected error; nothing was acknowledged. The server logs the cause.' },
  PINION_ERR_MIGRATION_CHANGED: { status: 500, description: 'A migration file that was already applied has changed since; migrations are append-only.' },
  PINION_ERR_UNAVAILABLE: { status: 503, description: 'The store or the signature verifiers are unavailable; nothing was acknowledged, retry later.' },
} as const satisfies Record<string, { status: number; description: string }>

export type OracleErrorCode = keyof typeof ERROR_CODES

/** An error the oracle throws on purpose: a stable code, the HTTP status it maps to, a message. */
export class OracleError extends PinionError {
  override readonly name: string = 'OracleError'
  declare readonly code: OracleErrorCode
  readonly status: number

  constructor(code: OracleErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.status = ERROR_CODES[code].status
  }
}

/** Whether `code` is one of the oracle's codes. */
export function isOracleErrorCode(code: string): code is OracleErrorCode {
  return Object.hasOwn(ERROR_CODES, code)
}

/** The body of every error response. */
export type ErrorBody = { code: OracleErrorCode; message: string }
