import { ComputeClientError } from './clientErrors.ts'

/*
 * A customer's side of a compute provider node's HTTP API (packages/device/src/compute/providerServer.ts),
 * over Node's fetch: each call gives up after `timeoutMs` or when `signal` aborts. Nothing the node
 * answers is trusted: callers check shapes and hashes.
 */

/** How long a call waits for the node's whole answer by default: a job of a MiB over a slow link. */
const DEFAULT_TIMEOUT_MS = 30_000

export type ProviderRequestOptions = {
  signal?: AbortSignal | undefined
  timeoutMs?: number | undefined
}

/** The node's URL without a trailing slash, and the lease's path under it. */
export const leaseUrl = (providerUrl: string, leaseId: bigint) => `${providerUrl.replace(/\/+$/, '')}/v1/leases/${leaseId}`

function signalOf(options: ProviderRequestOptions): AbortSignal {
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const controller = new AbortController()
  // A timer of our own rather than AbortSignal.timeout, which Node may collect inside AbortSignal.any
  // before it fires (nodejs/node#57736); unref'd, so a finished call holds nothing.
  setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms).unref()
  return options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal])
}

const unavailable = (message: string, extra: { status?: number; cause?: unknown } = {}) => new ComputeClientError('PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE', message, extra)

/**
 * The node's answer to `init` at `url` with status `expected`, as bytes. Another status is its
 * refusal (4xx with its code: PINION_ERR_COMPUTE_PROVIDER_REFUSED) or failure (anything else:
 * PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE), as is no answer at all.
 */
export async function request(url: string, init: RequestInit, expected: readonly number[], options: ProviderRequestOptions): Promise<{ status: number; body: Uint8Array }> {
  let response: Response
  let body: Uint8Array
  try {
    response = await fetch(url, { ...init, signal: signalOf(options) })
    body = new Uint8Array(await response.arrayBuffer())
  } catch (cause) {
    const name = (cause as { name?: unknown } | null)?.name
    const why =
      name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
        : name === 'AbortError'
          ? 'aborted by the caller'
          : `no answer (${(cause as Error).message})`
    throw unavailable(`${init.method ?? 'GET'} ${url}: ${why}`, { cause })
  }
  if (expected.includes(response.status)) return { status: response.status, body }
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(body))
  } catch {
    parsed = undefined
  }
  const nodeCode = isRecord(parsed) && typeof parsed.code === 'string' && parsed.code.startsWith('PINION_ERR_') ? parsed.code : undefined
  const message = isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : new TextDecoder().decode(body.subarray(0, 200))
  const said = `${init.method ?? 'GET'} ${url} answered ${response.status}${nodeCode === undefined ? '' : ` ${nodeCode}`}: ${message}`
  if (response.status >= 400 && response.status < 500 && nodeCode !== undefined) {
    throw new ComputeClientError('PINION_ERR_COMPUTE_PROVIDER_REFUSED', said, { status: response.status, nodeCode })
  }
  throw new ComputeClientError('PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE', said, { status: response.status, nodeCode })
}

/** A JSON answer, or PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE. */
export function jsonOf(url: string, body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown
  } catch (cause) {
    throw unavailable(`${url} answered with a body that is not JSON`, { cause })
  }
}

/** An answer that is not the API's shape. */
export const notTheApi = (url: string, what: string, body: unknown) => unavailable(`${url} answered ${JSON.stringify(body)?.slice(0, 200)}, not ${what}`)

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
