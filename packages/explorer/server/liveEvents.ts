import type { ServerResponse } from 'node:http'
import type { Activity, StatusResponse } from '@pinion/oracle/api'
import type { FastifyInstance } from 'fastify'
import type { LiveSnapshot } from '../shared/liveSnapshot.ts'

export type LiveEventsOptions = { oracleUrl: string; rpcUrl: string; intervalMs: number }

const POLL_TIMEOUT_MS = 5_000

/**
 * `GET /events`: server-sent events carrying a LiveSnapshot whenever it changes. One poller serves
 * every open page, and it runs only while at least one page listens.
 */
export function registerLiveEvents(app: FastifyInstance, options: LiveEventsOptions): void {
  const listeners = new Set<ServerResponse>()
  let last: string | undefined
  let timer: NodeJS.Timeout | undefined
  let polling = false

  const broadcast = (snapshot: string) => {
    for (const listener of listeners) listener.write(`data: ${snapshot}\n\n`)
  }
  const poll = async () => {
    if (polling) return
    polling = true
    try {
      const snapshot = JSON.stringify(await takeSnapshot(options))
      if (snapshot !== last) broadcast((last = snapshot))
    } finally {
      polling = false
    }
  }
  const stopPolling = () => {
    clearInterval(timer)
    timer = undefined
  }

  app.get('/events', (request, reply) => {
    reply.hijack()
    const stream = reply.raw
    stream.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    // Browsers reconnect by themselves after a drop; two seconds keeps a restarted server live.
    stream.write('retry: 2000\n\n')
    if (last !== undefined) stream.write(`data: ${last}\n\n`)
    listeners.add(stream)
    timer ??= setInterval(() => void poll(), options.intervalMs)
    void poll()
    request.raw.once('close', () => {
      listeners.delete(stream)
      if (listeners.size === 0) stopPolling()
    })
  })

  // Open event streams never end by themselves: end them, or closing the server waits forever.
  app.addHook('preClose', async () => {
    stopPolling()
    for (const listener of listeners) listener.end()
    listeners.clear()
  })
}

async function takeSnapshot({ oracleUrl, rpcUrl }: LiveEventsOptions): Promise<LiveSnapshot> {
  const signal = AbortSignal.timeout(POLL_TIMEOUT_MS)
  const json = <answer>(url: string, init?: RequestInit) =>
    fetch(url, { ...init, signal }).then((r) => (r.ok ? (r.json() as Promise<Partial<answer>>) : Promise.reject(new Error(`${url}: ${r.status}`))))
  const [status, activity, block] = await Promise.allSettled([
    json<StatusResponse>(`${oracleUrl}/v1/status`),
    json<Activity>(`${oracleUrl}/v1/activity`),
    json<{ result: string }>(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber' }),
    }),
  ])
  const s = status.status === 'fulfilled' ? status.value : {}
  const a = activity.status === 'fulfilled' ? activity.value : {}
  const blockHex = block.status === 'fulfilled' ? block.value.result : undefined
  return {
    connected: status.status === 'fulfilled' && block.status === 'fulfilled' && blockHex !== undefined,
    block: blockHex === undefined ? null : BigInt(blockHex).toString(),
    latestEpoch: s.latestEpoch ?? null,
    latestCommittedEpoch: s.latestCommittedEpoch ?? null,
    devices: Number(s.devices ?? 0),
    activeDevices: Number(s.activeDevices ?? 0),
    reports: Number(s.reports ?? 0),
    onlineDevices: Number(a.onlineDevices ?? 0),
    lastReportMs: a.lastReportMs ?? null,
  }
}
