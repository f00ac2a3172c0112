/**
 * The shape every package's error-code table shares, and the codes protocol itself throws.
 *
 * Each package that throws errors keeps one table of its codes (`as const satisfies ErrorCodeTable`);
 * a code is defined in exactly one table, ERRORS.md of each package is generated from it (`npm run
 * generate:errors`), and a test fails on a code used anywhere that no table defines.
 *
 * `retryable` answers one question for whoever catches the error: may the same call succeed later
 * without anyone changing its inputs or the configuration? Yes for an unavailable store, an RPC that
 * is down, a rate limit, a timeout; no for a malformed input, a broken contract between components,
 * a wrong config. Loops that retry (the oracle's follower, epoch runner and publisher) back off on
 * the first kind and stop, loudly, on the second.
 */
export type ErrorCodeEntry = {
  /** The HTTP status the code answers with, where it can reach an HTTP answer. */
  readonly status?: number
  readonly retryable: boolean
  /** What it means and, where it is not obvious, what the caller should do. */
  readonly description: string
}

export type ErrorCodeTable = Readonly<Record<string, ErrorCodeEntry>>

/** The codes of `table` that carry an HTTP status: the ones a server may answer with. */
export type CodesWithStatus<T extends ErrorCodeTable> = { [K in keyof T]: T[K] extends { status: number } ? K : never }[keyof T] & string

/**
 * Codes every Pinion HTTP server (the oracle, the explorer) answers with for the request itself,
 * before any route's own rules: defined once here, since both throw them and the explorer may not
 * depend on the oracle.
 */
export const SERVER_ERROR_CODES = {
  PINION_ERR_BAD_REQUEST: {
    status: 400,
    retryable: false,
    description:
      '*Request*: the HTTP request itself is invalid: its framing or headers, a `Content-Length` the body does not match, a path that is not valid percent-encoding (`%zz`).',
  },
  PINION_ERR_NOT_FOUND: { status: 404, retryable: false, description: '*Request*: no route, page or asset answers that method and path.' },
  PINION_ERR_REQUEST_TIMEOUT: {
    status: 408,
    retryable: true,
    description: '*Request*: the client did not send the whole request in time (Node’s header and request timeouts); the connection is closed. Send it again.',
  },
  PINION_ERR_BODY_TOO_LARGE: {
    status: 413,
    retryable: false,
    description:
      '*Request*: the body is larger than the route accepts (oracle: 4 KiB for one report, 1 MiB for a batch, by default; explorer: 1 MiB for `/rpc`). Send less per request.',
  },
  PINION_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    retryable: false,
    description:
      '*Request*: the content type is not one the route accepts (ingest: `application/x-protobuf` or `application/protobuf`; the explorer’s `/rpc`: `application/json`).',
  },
  PINION_ERR_HEADERS_TOO_LARGE: { status: 431, retryable: false, description: '*Request*: the request headers exceed the server’s limit (Node’s default, 16 KiB).' },
  PINION_ERR_INTERNAL: {
    status: 500,
    retryable: true,
    description:
      '*Request*: an unexpected error; nothing was acknowledged, and the server logs it with its stack and cause. Marked retryable because nothing says the same request will fail again; a client should back off, and report it if it persists.',
  },
} as const satisfies ErrorCodeTable

/** Codes of decoding a signed report: thrown by protocol, answered by the oracle's ingest. */
export const REPORT_ERROR_CODES = {
  PINION_ERR_MALFORMED_REPORT: {
    status: 400,
    retryable: false,
    description:
      'The bytes are not a SignedReport, or its body is not a ReportBody with 32-byte ids and kind and payload type names of 1 to 64 printable ASCII characters (no spaces). The report will never be accepted: drop it.',
  },
  PINION_ERR_NON_CANONICAL_REPORT: {
    status: 400,
    retryable: false,
    description:
      'The SignedReport, or the ReportBody it carries, is not in canonical encoding: an unknown field, a field out of order or twice, another wire type, a padded length, trailing bytes. Every oracle must name a report the same way, so only the one canonical encoding is accepted (`report.proto`).',
  },
} as const satisfies ErrorCodeTable

/** Every code @pinion/protocol defines. All are deterministic except the ones servers answer for a request. */
export const PROTOCOL_ERROR_CODES = {
  ...SERVER_ERROR_CODES,
  ...REPORT_ERROR_CODES,
  PINION_ERR_PDP_INPUT: {
    retryable: false,
    description:
      'PDP (proof of data possession) was asked something outside its domain: a payload under 65 bytes or a tree over 50 levels, a leaf or global index outside the piece or data set, no leaves to challenge. The message names the value.',
  },
  PINION_ERR_KEY_TYPE: { retryable: false, description: 'A key type is neither `ed25519` nor `p256`.' },
  PINION_ERR_MATH: {
    retryable: false,
    description: 'Fixed-point maths was given a value outside its domain (a denominator that is not positive, a negative value or weight): a bug in the caller, never rounding.',
  },
  PINION_ERR_REWARD_RECIPIENT: { retryable: false, description: 'A reward recipient is not a 20-byte hex address.' },
  PINION_ERR_REWARD_AMOUNT: { retryable: false, description: 'A cumulative reward amount is negative or does not fit in a uint256.' },
  PINION_ERR_DUPLICATE_RECIPIENT: { retryable: false, description: 'A recipient appears twice among a reward tree’s entries; each must appear once, with its cumulative amount.' },
  PINION_ERR_EMPTY_TREE: { retryable: false, description: 'A reward tree was asked for with no entries.' },
  PINION_ERR_TREE_TOO_LARGE: { retryable: false, description: 'A reward tree was asked for with more than 2^31 − 1 entries.' },
  PINION_ERR_UNKNOWN_ENTRY: { retryable: false, description: 'A proof was asked for an entry index outside the reward tree.' },
  PINION_ERR_HASH_WORKER: {
    retryable: true,
    description: 'A Merkle hashing worker thread failed or exited early (out of memory, killed); the tree was not built. Building it again starts new workers.',
  },
} as const satisfies ErrorCodeTable

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_CODES

/** The entry of `code` in the first of `tables` that defines it, or undefined. */
export function lookupErrorCode(code: string, tables: readonly ErrorCodeTable[]): ErrorCodeEntry | undefined {
  for (const table of tables) if (Object.hasOwn(table, code)) return table[code]
  return undefined
}

/** The stable code an error carries (a PinionError, or anything with a string `code` starting PINION_ERR_), else undefined. */
export function pinionCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === 'string' && code.startsWith('PINION_ERR_') ? code : undefined
}

/**
 * Whether the same call may succeed later without anyone changing inputs or config. An error with no
 * Pinion code (a viem RPC or transport error, a Node system error) or with a code none of `tables`
 * knows is retryable: only a code marked `retryable: false` stops a retrying loop, so a loop never
 * gives up on a failure nobody has judged deterministic.
 */
export function isRetryable(error: unknown, tables: readonly ErrorCodeTable[]): boolean {
  const code = pinionCodeOf(error)
  return code === undefined ? true : (lookupErrorCode(code, tables)?.retryable ?? true)
}
