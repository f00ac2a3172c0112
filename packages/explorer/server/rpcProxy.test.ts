import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Upstream, startFakeRpc } from '@pinion/testkit/explorer/fakeUpstreams'
import { registerRpcProxy } from './rpcProxy.ts'

describe('the chain RPC proxy', () => {
  let rpc: Upstream
  let app: FastifyInstance
  beforeAll(async () => {
    rpc = await startFakeRpc(31_337)
    const proxy = Fastify()
    proxy.setErrorHandler((error: Error & { code?: string; status?: number }, _, reply) => reply.status(error.status ?? 500).send({ code: error.code, message: error.message }))
    registerRpcProxy(proxy, rpc.url)
    app = proxy
  })
  afterAll(() => rpc.close())
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/rpc', payload: payload as object })

  it('forwards the methods the explorer needs', async () => {
    const response = await post({ jsonrpc: '2.0', id: 7, method: 'eth_blockNumber' })
    expect(response.json()).toEqual({ jsonrpc: '2.0', id: 7, result: '0x2a' })
  })

  it("refuses anvil's and the node's own methods without forwarding them", async () => {
    const response = await post({ jsonrpc: '2.0', id: 1, method: 'anvil_setBalance', params: ['0x0000000000000000000000000000000000000001', '0x1'] })
    expect(response.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32601, message: 'PINION_ERR_RPC_METHOD_NOT_ALLOWED: the explorer does not forward anvil_setBalance', data: { code: 'PINION_ERR_RPC_METHOD_NOT_ALLOWED' } },
    })
    expect(rpc.requests).not.toContain('anvil_setBalance')
  })

  it('answers a batch call by call, in order, refusing only what is not allowed', async () => {
    const response = await post([
      { jsonrpc: '2.0', id: 'a', method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 'b', method: 'evm_mine' },
      { jsonrpc: '2.0', id: 'c', method: 'eth_blockNumber' },
    ])
    const answers = response.json() as { id: string; result?: string; error?: { code: number } }[]
    expect(answers.map((a) => [a.id, a.result ?? a.error?.code])).toEqual([
      ['a', '0x7a69'],
      ['b', -32601],
      ['c', '0x2a'],
    ])
  })

  it('rejects a body that is not JSON-RPC with a stable code, as a JSON-RPC error', async () => {
    const calls = Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_chainId' }))
    for (const payload of [{ method: 'eth_chainId' }, [], { jsonrpc: '2.0', method: 5 }, { jsonrpc: '2.0', id: { a: 1 }, method: 'eth_chainId' }, [1], calls]) {
      const response = await post(payload)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toEqual(rpcError(-32600, 'PINION_ERR_MALFORMED_RPC'))
    }
  })

  it('answers each call of a batch on its own, in order, with its own id, even when ids repeat', async () => {
    // Repeated ids used to share one answer: both calls got the last call's result.
    const response = await post([
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: 1, method: 'evm_mine' },
      { jsonrpc: '2.0', id: 'x', method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: null, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 'x', method: 'eth_chainId' },
    ])
    const answers = response.json() as { id: unknown; result?: string; error?: { code: number } }[]
    expect(answers.map((a) => [a.id, a.result ?? a.error?.code])).toEqual([
      [1, '0x7a69'],
      [1, '0x2a'],
      [1, -32601],
      ['x', '0x2a'],
      [null, '0x7a69'],
      ['x', '0x7a69'],
    ])
  })

  it('forwards notifications (calls without an id) but answers none of them', async () => {
    const mixed = await post([
      { jsonrpc: '2.0', method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 9, method: 'eth_blockNumber' },
      { jsonrpc: '2.0', method: 'evm_mine' },
    ])
    expect(mixed.json()).toEqual([{ jsonrpc: '2.0', id: 9, result: '0x2a' }])
    const only = await post({ jsonrpc: '2.0', method: 'eth_chainId' })
    expect([only.statusCode, only.body]).toEqual([204, ''])
  })

  it('refuses JSON nested deeper than 64 levels with a JSON-RPC error, never a 500', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
    const bodies = [
      deep(5_000),
      `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${deep(5_000)}}`,
      `{"jsonrpc":"2.0","id":${deep(5_000)},"method":"eth_call"}`,
      `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
      `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${deep(64)}}`,
    ]
    for (const payload of bodies) {
      const response = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json' }, payload })
      expect([response.statusCode, response.json()]).toEqual([400, rpcError(-32700, 'PINION_ERR_JSON_TOO_DEEP')])
    }
    // Brackets inside strings are not nesting, and 63 levels of params (64 with the call) pass.
    const fine = await post({ jsonrpc: '2.0', id: 2, method: 'eth_chainId', params: ['['.repeat(10_000)] })
    expect(fine.json()).toEqual({ jsonrpc: '2.0', id: 2, result: '0x7a69' })
    const deepest = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json' },
      payload: `{"jsonrpc":"2.0","id":3,"method":"eth_chainId","params":${deep(63)}}`,
    })
    expect(deepest.json()).toEqual({ jsonrpc: '2.0', id: 3, result: '0x7a69' })
  })

  it('answers every other bad request as a JSON-RPC error with a stable code', async () => {
    const cases: [string, string, string, number, number, string][] = [
      ['not JSON', 'application/json', '{"jsonrpc":', 400, -32700, 'PINION_ERR_MALFORMED_JSON'],
      ['an empty body', 'application/json', '', 400, -32700, 'PINION_ERR_MALFORMED_JSON'],
      ['prototype poisoning', 'application/json', '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","__proto__":{"x":1}}', 400, -32700, 'PINION_ERR_MALFORMED_JSON'],
      ['text', 'text/plain', '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', 415, -32600, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
      [
        'over 1 MiB',
        'application/json',
        JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: ['x'.repeat(1024 * 1024)] }),
        413,
        -32600,
        'PINION_ERR_BODY_TOO_LARGE',
      ],
    ]
    for (const [name, contentType, payload, status, rpcCode, code] of cases) {
      const response = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': contentType }, payload })
      expect({ name, status: response.statusCode, body: response.json() }).toEqual({ name, status, body: rpcError(rpcCode, code) })
    }
  })

  it('answers 502 as a JSON-RPC error when the chain does not answer', async () => {
    const proxy = Fastify()
    registerRpcProxy(proxy, 'http://127.0.0.1:9')
    const response = await proxy.inject({ method: 'POST', url: '/rpc', payload: { jsonrpc: '2.0', id: 1, method: 'eth_chainId' } })
    expect([response.statusCode, response.json()]).toEqual([502, rpcError(-32603, 'PINION_ERR_UPSTREAM_UNAVAILABLE')])
  })
})

/** The JSON-RPC error response /rpc answers its own errors with. */
function rpcError(rpcCode: number, code: string) {
  return { jsonrpc: '2.0', id: null, error: { code: rpcCode, message: expect.stringMatching(new RegExp(`^${code}: `)), data: { code } } }
}
