import type { FastifyInstance } from 'fastify'
import { boundedJsonParser } from './boundedJson.ts'
import { errorResponse } from './errorPlugin.ts'
import { ExplorerError, type ExplorerErrorCode } from './errors.ts'

/**
 * The JSON-RPC methods the explorer's pages and its wallets use: reads, logs, receipts, and sending
 * a transaction already signed in the browser. Nothing else is forwarded: on a real chain the RPC
 * URL may carry the operator's API key, and on the devnet anvil's own methods (anvil_setBalance,
 * evm_mine…) would let any page rewrite the chain.
 */
export const ALLOWED_RPC_METHODS: ReadonlySet<string> = new Set([
  'eth_chainId',
  'net_version',
  'eth_blockNumber',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_call',
  'eth_estimateGas',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_blobBaseFee',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_getLogs',
  'eth_getTransactionByHash',
  'eth_getTransactionReceipt',
  'eth_sendRawTransaction',
])

/** How many calls one batch may carry. */
const MAX_BATCH = 100
/**
 * The largest body /rpc takes: a full batch of the largest calls the explorer makes (eth_call with
 * a claim's calldata and Merkle proof, eth_sendRawTransaction of a signed claim) is a few tens of KiB.
 */
const RPC_BODY_LIMIT = 1024 * 1024
const UPSTREAM_TIMEOUT_MS = 30_000

type RpcId = string | number | null
type RpcRequest = { jsonrpc: '2.0'; id?: RpcId; method: string; params?: unknown }
type RpcResponse = { jsonrpc: '2.0'; id: RpcId; result?: unknown; error?: { code: number; message: string; data?: unknown } }

/** The JSON-RPC 2.0 error code each of our codes answers /rpc with (https://www.jsonrpc.org/specification#error_object). */
const JSON_RPC_CODES: Partial<Record<ExplorerErrorCode, number>> = {
  PINION_ERR_MALFORMED_JSON: -32700, // parse error
  PINION_ERR_JSON_TOO_DEEP: -32700,
  PINION_ERR_RPC_METHOD_NOT_ALLOWED: -32601, // method not found
  PINION_ERR_UPSTREAM_UNAVAILABLE: -32603, // internal error
  PINION_ERR_INTERNAL: -32603,
}
/** Any other code: the request is not a valid one. */
const INVALID_REQUEST = -32600

/**
 * `POST /rpc` → the chain's RPC URL, for the methods above; refused calls get JSON-RPC error −32601.
 * Each call of a batch gets its own answer, in order, with its own id, whatever ids the batch
 * repeats: calls go upstream under ids of the proxy's own and their answers come back by them.
 * Notifications (calls without an id) are forwarded but, as JSON-RPC says, not answered. Every
 * error of /rpc itself is a JSON-RPC error response too (ERRORS.md).
 */
export function registerRpcProxy(app: FastifyInstance, rpcUrl: string): void {
  void app.register(async (rpc) => {
    // JSON only, bounded in size and depth before anything walks it.
    rpc.removeAllContentTypeParsers()
    rpc.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: RPC_BODY_LIMIT }, boundedJsonParser(rpc))
    rpc.setErrorHandler((error, request, reply) => {
      const { status, body } = errorResponse(error)
      if (status >= 500) request.log.error({ err: error }, 'rpc request failed')
      return reply.status(status).send(rpcError(null, body.code, body.message))
    })

    rpc.post('/rpc', { bodyLimit: RPC_BODY_LIMIT }, async (request, reply) => {
      const batch = Array.isArray(request.body)
      const calls = parseCalls(request.body)
      const allowed = calls.flatMap((call, index) =>
        ALLOWED_RPC_METHODS.has(call.method) ? [{ jsonrpc: '2.0' as const, id: index, method: call.method, ...('params' in call ? { params: call.params } : {}) }] : [],
      )
      const answers = allowed.length === 0 ? new Map<number, RpcResponse>() : await forward(rpcUrl, allowed)
      const responses = calls.flatMap((call, index): RpcResponse[] => {
        if (!('id' in call)) return [] // a notification: never answered
        const id = call.id ?? null
        if (!ALLOWED_RPC_METHODS.has(call.method)) return [rpcError(id, 'PINION_ERR_RPC_METHOD_NOT_ALLOWED', `the explorer does not forward ${call.method}`)]
        const answer = answers.get(index)
        return [answer === undefined ? { jsonrpc: '2.0', id, error: { code: -32603, message: 'no answer from the chain for this call' } } : { ...answer, id }]
      })
      // Nothing to answer (only notifications): an empty body, as JSON-RPC asks.
      if (responses.length === 0) return reply.status(204).send()
      return batch ? responses : responses[0]
    })
  })
}

/** A JSON-RPC error response carrying one of our codes in `data.code` and the message. */
function rpcError(id: RpcId, code: ExplorerErrorCode, message: string): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code: JSON_RPC_CODES[code] ?? INVALID_REQUEST, message: `${code}: ${message}`, data: { code } } }
}

function parseCalls(body: unknown): RpcRequest[] {
  const items = Array.isArray(body) ? body : [body]
  const wellFormed = items.length > 0 && items.length <= MAX_BATCH && items.every(isRpcRequest)
  if (!wellFormed) {
    throw new ExplorerError(
      'PINION_ERR_MALFORMED_RPC',
      `expected a JSON-RPC 2.0 request or a batch of 1 to ${MAX_BATCH}, each with a string method and a string, number or null id`,
    )
  }
  return items as RpcRequest[]
}

function isRpcRequest(value: unknown): value is RpcRequest {
  const call = value as Partial<RpcRequest> | null
  if (typeof call !== 'object' || call === null || Array.isArray(call)) return false
  const id = call.id
  const validId = id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))
  return call.jsonrpc === '2.0' && typeof call.method === 'string' && validId
}

/** Sends `calls` (ids: their index in the request) upstream as one batch; their answers by index. */
async function forward(rpcUrl: string, calls: (RpcRequest & { id: number })[]): Promise<Map<number, RpcResponse>> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls),
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  }).catch((cause: unknown) => {
    throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the chain RPC at ${new URL(rpcUrl).origin} did not answer`, { cause })
  })
  const body = (await response.json().catch(() => null)) as unknown
  if (body === null || typeof body !== 'object') throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the chain RPC answered ${response.status} without JSON`)
  const answers = new Map<number, RpcResponse>()
  const expected = new Set(calls.map((call) => call.id))
  if (!Array.isArray(body)) {
    // One answer to a whole batch: the node refused it (e.g. an error with id null); every call gets that answer.
    for (const id of expected) answers.set(id, body as RpcResponse)
    return answers
  }
  for (const answer of body as RpcResponse[]) {
    const id = answer?.id
    if (typeof id === 'number' && expected.has(id) && !answers.has(id)) answers.set(id, answer)
  }
  return answers
}
