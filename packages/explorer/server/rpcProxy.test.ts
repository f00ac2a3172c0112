import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Upstream, startFakeRpc } from './fakeUpstreams.ts'
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
    expect(answers.map((a) => [a.id, a.result ?? a.error?.code])).toEqual([['a', '0x7a69'], ['b', -32601], ['c', '0x2a']])
  })

  it('rejects a body that is not JSON-RPC with a stable code', async () => {
    for (const payload of [{ method: 'eth_chainId' }, [], { jsonrpc: '2.0', method: 5 }]) {
      const response = await post(payload)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'PINION_ERR_MALFORMED_RPC' })
    }
  })
})
