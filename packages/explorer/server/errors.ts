import { PinionError } from '@pinion/protocol'

/**
 * Every error code the explorer server answers or fails with, its HTTP status and meaning. Codes
 * are stable; ERRORS.md lists the same table (errors.test.ts keeps the two in step). Errors of the
 * oracle API pass through the proxy unchanged, with the oracle's own codes.
 */
export const EXPLORER_ERROR_CODES = {
  PINION_ERR_NOT_FOUND: { status: 404, description: 'No page, asset or route at that method and path.' },
  PINION_ERR_BAD_REQUEST: { status: 400, description: 'The HTTP request itself is invalid (framing, headers, a Content-Length the body does not match, a path that is not valid percent-encoding).' },
  PINION_ERR_BAD_PATH: { status: 400, description: 'A path under /api/ has a dot segment (. or .., raw or percent-encoded), a backslash or an encoded slash, so it is not forwarded.' },
  PINION_ERR_MALFORMED_JSON: { status: 400, description: 'The body is not JSON (or is empty) although its content type says JSON.' },
  PINION_ERR_JSON_TOO_DEEP: { status: 400, description: 'The JSON body nests arrays and objects deeper than 64 levels.' },
  PINION_ERR_MALFORMED_RPC: { status: 400, description: 'The body sent to /rpc is not a JSON-RPC 2.0 request or batch.' },
  PINION_ERR_RPC_METHOD_NOT_ALLOWED: { status: 403, description: 'The JSON-RPC method is not one the explorer needs, so the proxy does not forward it.' },
  PINION_ERR_REQUEST_TIMEOUT: { status: 408, description: 'The client did not send the whole request in time.' },
  PINION_ERR_BODY_TOO_LARGE: { status: 413, description: 'The body is larger than the route accepts (1 MiB for /rpc).' },
  PINION_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The content type is not one the route accepts (/rpc: application/json).' },
  PINION_ERR_HEADERS_TOO_LARGE: { status: 431, description: 'The request headers exceed the server’s limit (16 KiB).' },
  PINION_ERR_UPSTREAM_UNAVAILABLE: { status: 502, description: 'The oracle API or the chain RPC behind the explorer did not answer.' },
  PINION_ERR_INTERNAL: { status: 500, description: 'An unexpected error in the explorer server; the server logs the cause.' },
  PINION_ERR_NOT_DEVNET: { status: 500, description: 'At startup: devnet accounts were given, but the chain is not the embedded devnet, so its keys are not served.' },
  PINION_ERR_BUNDLE: { status: 500, description: 'At startup: the web app failed to bundle (a source error); the message has esbuild’s report.' },
} as const satisfies Record<string, { status: number; description: string }>

export type ExplorerErrorCode = keyof typeof EXPLORER_ERROR_CODES

/** An error the explorer server throws on purpose: a stable code, its HTTP status, a message. */
export class ExplorerError extends PinionError {
  override readonly name: string = 'ExplorerError'
  declare readonly code: ExplorerErrorCode
  readonly status: number

  constructor(code: ExplorerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.status = EXPLORER_ERROR_CODES[code].status
  }
}
