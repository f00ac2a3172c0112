/** An error answered by the oracle API or the explorer server: its stable code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** GETs `/api<path>` (the oracle's read API, proxied by the explorer server) as JSON. */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return getJson<T>(`/api${path}`, signal)
}

/** GETs a JSON document from the explorer server; failures become ApiErrors with a code. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, signal === undefined ? {} : { signal }).catch((cause: unknown) => {
    if (signal?.aborted) throw cause
    throw new ApiError('PINION_ERR_UNREACHABLE', 'The explorer server did not answer. Is `npx pinion up` still running?', 0)
  })
  const body = (await response.json().catch(() => null)) as (T & { code?: string; message?: string }) | null
  if (!response.ok || body === null) {
    throw new ApiError(body?.code ?? 'PINION_ERR_UNEXPECTED_RESPONSE', body?.message ?? `${url} answered ${response.status}`, response.status)
  }
  return body
}
