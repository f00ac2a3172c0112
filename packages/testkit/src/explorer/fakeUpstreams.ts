import Fastify, { type FastifyInstance } from 'fastify'

/*
 * Stand-ins for an oracle API and a chain RPC, for the explorer server's tests: just enough
 * answers to see requests forwarded, errors passed through and live snapshots built.
 */

export type Upstream = { url: string; requests: string[]; close(): Promise<void> }

export async function startFakeOracle(): Promise<Upstream> {
  const requests: string[] = []
  const app = Fastify()
  app.addHook('onRequest', async (request) => {
    requests.push(request.url)
  })
  app.get('/v1/status', async () => ({ devices: 3, activeDevices: 2, reports: 40, latestEpoch: '5', latestCommittedEpoch: '4' }))
  app.get('/v1/activity', async () => ({ windowMs: '30000', onlineDevices: 2, recentReports: 7, lastReportMs: '1700000000000' }))
  app.get('/v1/epochs', async (request) => ({ epochs: [], query: request.query }))
  app.get('/v1/devices/:id', async (_, reply) => reply.status(400).send({ code: 'PINION_ERR_BAD_DEVICE_ID', message: 'device id "x" is not 32 bytes of hex' }))
  return started(app, requests)
}

/**
 * A JSON-RPC endpoint that knows eth_chainId and eth_blockNumber (single calls and batches). It
 * answers a batch in reverse order, as JSON-RPC allows: answers find their calls by id only.
 */
export async function startFakeRpc(chainId: number): Promise<Upstream> {
  const requests: string[] = []
  const app = Fastify()
  app.post('/', async (request) => {
    const calls = (Array.isArray(request.body) ? request.body : [request.body]) as { id: unknown; method: string }[]
    const answers = calls.map((call) => {
      requests.push(call.method)
      if (call.method === 'eth_chainId') return { jsonrpc: '2.0', id: call.id, result: `0x${chainId.toString(16)}` }
      if (call.method === 'eth_blockNumber') return { jsonrpc: '2.0', id: call.id, result: '0x2a' }
      return { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: `unknown method ${call.method}` } }
    })
    return Array.isArray(request.body) ? answers.reverse() : answers[0]
  })
  return started(app, requests)
}

async function started(app: FastifyInstance, requests: string[]): Promise<Upstream> {
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, requests, close: () => app.close() }
}
