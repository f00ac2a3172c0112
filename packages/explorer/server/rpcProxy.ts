import type { FastifyInstance } from 'fastify'
import { ExplorerError } from './errors.ts'

/**
 * The JSON-RPC methods the explorer's pages and its wallets use: reads, logs, receipts, and sending
 * a transaction already signed in the browser. Nothing else is forwarded: on a real chain the RPC
 * URL may carry the operator's API key, and on the devnet anvil's own methods (anvil_setBalance,
 * evm_mine…) would let any page rewrite the chain.
 */
export const ALLOWED_RPC_METHODS: ReadonlySet<string> = new Set([
  'eth_chainId', 'net_version', 'eth_blockNumber', 'eth_getBlockByNumber', 'eth_getBlockByHash',
  'eth_call', 'eth_estimateGas', 'eth_gasPrice', 'eth_maxPriorityFeePerGas', 'eth_feeHistory', 'eth_blobBaseFee',
  'eth_getBalance', 'eth_getCode', 'eth_getStorageAt', 'eth_getTransactionCount', 'eth_getLogs',
  'eth_getTransactionByHash', 'eth_getTransactionReceipt', 'eth_sendRawTransaction',
])

/** How many calls one batch may carry. */
const MAX_BATCH = 100
const UPSTREAM_TIMEOUT_MS = 30_000

type RpcRequest = { jsonrpc: '2.0'; id?: string | number | null; method: string; params?: unknown }
type RpcResponse = { jsonrpc: '2.0'; id: string | number | null; result?: unknown; error?: { code: number; message: string; data?: unknown } }

/** `POST /rpc` → the chain's RPC URL, for the methods above; refused calls get JSON-RPC error −32601. */
export function registerRpcProxy(app: FastifyInstance, rpcUrl: string): void {
  app.post('/rpc', async (request) => {
    const batch = Array.isArray(request.body)
    const calls = parseCalls(request.body)
    const allowed = calls.filter((call) => ALLOWED_RPC_METHODS.has(call.method))
    const answers = allowed.length === 0 ? [] : await forward(rpcUrl, allowed)
    const byId = new Map(answers.map((answer) => [answer.id, answer]))
    const responses = calls.map((call): RpcResponse => {
      if (!ALLOWED_RPC_METHODS.has(call.method)) return refusal(call)
      return byId.get(call.id ?? null) ?? { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32603, message: 'no answer from the chain for this call' } }
    })
    return batch ? responses : responses[0]
  })
}

function parseCalls(body: unknown): RpcRequest[] {
  const items = Array.isArray(body) ? body : [body]
  const wellFormed = items.length > 0 && items.length <= MAX_BATCH && items.every(isRpcRequest)
  if (!wellFormed) throw new ExplorerError('PINION_ERR_MALFORMED_RPC', `expected a JSON-RPC 2.0 request or a batch of 1 to ${MAX_BATCH}`)
  // Ids are how answers find their calls: give id-less calls (notifications) one of their own.
  return (items as RpcRequest[]).map((call, i) => ({ ...call, id: call.id ?? `pinion-${i}` }))
}

function isRpcRequest(value: unknown): value is RpcRequest {
  const call = value as Partial<RpcRequest> | null
  return typeof call === 'object' && call !== null && call.jsonrpc === '2.0' && typeof call.method === 'string'
}

function refusal(call: RpcRequest): RpcResponse {
  const code = 'PINION_ERR_RPC_METHOD_NOT_ALLOWED'
  return { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32601, message: `${code}: the explorer does not forward ${call.method}`, data: { code } } }
}

async function forward(rpcUrl: string, calls: RpcRequest[]): Promise<RpcResponse[]> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls),
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  }).catch((cause: unknown) => {
    throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the chain RPC at ${new URL(rpcUrl).origin} did not answer`, { cause })
  })
  const answers = (await response.json().catch(() => null)) as RpcResponse[] | RpcResponse | null
  if (answers === null) throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the chain RPC answered ${response.status} without JSON`)
  return Array.isArray(answers) ? answers : [answers]
}
