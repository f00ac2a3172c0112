import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { errorResponse } from './errorPlugin.ts'

/** How long a scrape waits for the oracle and the chain: a scrape must answer even when they do not. */
const PROBE_TIMEOUT_MS = 2_000

/** The label of a request no route matched (unknown paths, 404 pages): one value, whatever was asked. */
const UNMATCHED = 'unmatched'

export type ExplorerMetricsOptions = { oracleUrl: string; rpcUrl: string }

/**
 * The explorer server's Prometheus metrics, in a registry of its own (several explorers in one
 * process, as in tests, each serve their own), served at GET /metrics in the text exposition format:
 * its own traffic (requests by route and status, errors by code) and, probed at each scrape, what it
 * sees of the network behind it (whether the oracle API and the chain answer, the oracle's latest
 * computed and committed epochs, the chain's head). The explorer ingests nothing and signs nothing:
 * ingest, epoch and signer metrics are the oracle's own /metrics.
 */
export function registerExplorerMetrics(app: FastifyInstance, options: ExplorerMetricsOptions): void {
  const registry = new Registry()
  const requests = new Counter({
    name: 'pinion_explorer_requests_total',
    help: `Requests answered, by route pattern (${UNMATCHED} when none matched) and status code.`,
    labelNames: ['route', 'status'],
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'pinion_explorer_request_seconds',
    help: 'Time to answer a request, by route pattern (the /api/v1/* and /rpc proxies include the upstream).',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'pinion_explorer_errors_total',
    help: "Requests that failed with one of the explorer's error codes (ERRORS.md), e.g. PINION_ERR_UPSTREAM_UNAVAILABLE when the oracle or the chain did not answer.",
    labelNames: ['code'],
    registers: [registry],
  })
  const upstreamUp = new Gauge({
    name: 'pinion_explorer_upstream_up',
    help: 'Whether the oracle API (upstream="oracle", GET /v1/status) and the chain RPC (upstream="chain", eth_blockNumber) answered at this scrape: 1 or 0.',
    labelNames: ['upstream'],
    registers: [registry],
  })
  const oracleEpoch = new Gauge({
    name: 'pinion_explorer_oracle_epoch',
    help: 'The latest epoch the oracle behind the explorer has computed (state="computed") and seen committed on chain (state="committed"); absent until there is one, and while the oracle does not answer.',
    labelNames: ['state'],
    registers: [registry],
  })
  const chainHead = new Gauge({
    name: 'pinion_explorer_chain_head_block',
    help: 'The chain head the explorer reads from its RPC.',
    registers: [registry],
  })

  // The route pattern, never the raw path: label values stay few whatever clients ask for.
  const routeOf = (pattern: string | undefined) => pattern ?? UNMATCHED
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request.routeOptions.url)
    requests.inc({ route, status: String(reply.statusCode) })
    duration.observe({ route }, reply.elapsedTime / 1000)
  })
  // Every error a handler throws passes here before its error handler answers it (the /rpc proxy's included).
  app.addHook('onError', async (_request, _reply, error) => {
    errors.inc({ code: errorResponse(error).body.code })
  })

  app.get('/metrics', async (_request, reply) => {
    const [oracle, head] = await Promise.all([probeOracle(options.oracleUrl), probeChain(options.rpcUrl)])
    upstreamUp.set({ upstream: 'oracle' }, oracle === null ? 0 : 1)
    upstreamUp.set({ upstream: 'chain' }, head === null ? 0 : 1)
    setOrRemove(oracleEpoch, 'computed', oracle?.latestEpoch)
    setOrRemove(oracleEpoch, 'committed', oracle?.latestCommittedEpoch)
    if (head !== null) chainHead.set(Number(head))
    return reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics())
  })
}

/** An epoch not known is left out of the exposition, rather than reading 0, which is an epoch. */
function setOrRemove(gauge: Gauge<'state'>, state: string, value: string | null | undefined): void {
  if (value === null || value === undefined || !/^\d+$/.test(value)) gauge.remove({ state })
  else gauge.set({ state }, Number(value))
}

async function probeOracle(oracleUrl: string): Promise<{ latestEpoch?: string | null; latestCommittedEpoch?: string | null } | null> {
  try {
    const response = await fetch(`${oracleUrl}/v1/status`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    return response.ok ? ((await response.json()) as { latestEpoch?: string | null; latestCommittedEpoch?: string | null }) : null
  } catch {
    return null
  }
}

async function probeChain(rpcUrl: string): Promise<bigint | null> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber' }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    })
    const body = (await response.json()) as { result?: unknown }
    return typeof body.result === 'string' ? BigInt(body.result) : null
  } catch {
    return null
  }
}
