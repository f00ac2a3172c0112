import { type CodesWithStatus, type ErrorCodeTable, PinionError, SERVER_ERROR_CODES } from '@pinion/protocol'

/**
 * Every error code the explorer (server and web app) defines. Codes are stable; ERRORS.md is
 * generated from this table (`npm run generate:errors`). Errors of the oracle API pass through the
 * proxy unchanged, with the oracle's own codes; the codes every Pinion server answers for the
 * request itself (404, 408, 413, 500…) are protocol's SERVER_ERROR_CODES.
 */
export const EXPLORER_ERROR_CODES = {
  PINION_ERR_BAD_PATH: {
    status: 400,
    retryable: false,
    description:
      'A path under `/api/` has a dot segment (`.` or `..`, raw or percent-encoded as `%2e`), a backslash or an encoded slash (`%2f`, `%5c`). It is refused rather than forwarded: the URL parser would resolve it to another oracle path.',
  },
  PINION_ERR_MALFORMED_JSON: {
    status: 400,
    retryable: false,
    description: 'The body is not JSON, or is empty, although its content type says JSON (on `/rpc`: JSON-RPC error −32700).',
  },
  PINION_ERR_JSON_TOO_DEEP: {
    status: 400,
    retryable: false,
    description: 'The JSON body nests arrays and objects deeper than 64 levels (on `/rpc`: JSON-RPC error −32700). No JSON-RPC call the explorer forwards nests more than a few.',
  },
  PINION_ERR_MALFORMED_RPC: {
    status: 400,
    retryable: false,
    description:
      'The body sent to `/rpc` is not a JSON-RPC 2.0 request or a batch of 1 to 100 (each with a string `method` and an `id` that is a string, a number, null or absent); JSON-RPC error −32600.',
  },
  PINION_ERR_RPC_METHOD_NOT_ALLOWED: {
    status: 403,
    retryable: false,
    description: 'The JSON-RPC method is not one the explorer needs, so the proxy does not forward it (answered as JSON-RPC error −32601, in the batch’s answer for that call).',
  },
  PINION_ERR_UPSTREAM_UNAVAILABLE: {
    status: 502,
    retryable: true,
    description: 'The oracle API or the chain RPC behind the explorer did not answer (on `/rpc`: JSON-RPC error −32603); try again later.',
  },
  PINION_ERR_NOT_DEVNET: {
    status: 500,
    retryable: false,
    description: "At startup: devnet accounts were given, but the chain's id is not the embedded devnet's, so no key is ever served.",
  },
  PINION_ERR_BAD_BASEMAP: {
    status: 500,
    retryable: false,
    description:
      'At startup: the basemap tile source is not an http(s) URL template with `{z}`, `{x}` and `{y}`, has no attribution (every tile source asks for one, e.g. "© OpenStreetMap contributors"), or its maximum zoom is not an integer from 0 to 22.',
  },
  PINION_ERR_BUNDLE: { status: 500, retryable: false, description: "At startup: the web app failed to bundle; the message carries esbuild's report." },
  PINION_ERR_UNREACHABLE: {
    retryable: true,
    description: 'Web app: the explorer server did not answer a request (is `npx pinion up` still running?); the page asks again when reloaded.',
  },
  PINION_ERR_UNEXPECTED_RESPONSE: {
    retryable: false,
    description:
      "Web app: the explorer server answered an error without a Pinion code (a proxy in between, a wrong URL), or the oracle's /v1/status names no chain and contracts (an oracle API started without a network).",
  },
} as const satisfies ErrorCodeTable

/** Every code the explorer server answers with, with its status: the codes every Pinion server shares, and its own. */
export const EXPLORER_ANSWERS = {
  ...SERVER_ERROR_CODES,
  ...(Object.fromEntries(Object.entries(EXPLORER_ERROR_CODES).filter(([, entry]) => 'status' in entry)) as Pick<
    typeof EXPLORER_ERROR_CODES,
    CodesWithStatus<typeof EXPLORER_ERROR_CODES>
  >),
}

export type ExplorerErrorCode = keyof typeof EXPLORER_ANSWERS

/** An error the explorer server throws on purpose: a stable code, its HTTP status, a message. */
export class ExplorerError extends PinionError {
  override readonly name: string = 'ExplorerError'
  declare readonly code: ExplorerErrorCode
  readonly status: number

  constructor(code: ExplorerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.status = EXPLORER_ANSWERS[code].status
  }
}
