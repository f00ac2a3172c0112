import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../shared/liveSnapshot.ts'
import { type Upstream, startFakeOracle, startFakeRpc } from './fakeUpstreams.ts'
import { type RunningExplorer, startExplorer } from './startExplorer.ts'

/** Reads the first `data:` event of a server-sent event stream. */
async function firstEvent(url: string): Promise<LiveSnapshot> {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  const reader = response.body!.getReader()
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new Error('the event stream ended')
    text += new TextDecoder().decode(value)
    const match = /^data: (.*)$/m.exec(text)
    if (match) {
      controller.abort()
      return JSON.parse(match[1]!) as LiveSnapshot
    }
  }
}

describe('the explorer server', () => {
  let oracle: Upstream
  let rpc: Upstream
  let explorer: RunningExplorer
  beforeAll(async () => {
    oracle = await startFakeOracle()
    rpc = await startFakeRpc(31_337)
    explorer = await startExplorer({ oracleUrl: oracle.url, rpcUrl: rpc.url, name: 'Test <net>', port: 0, liveIntervalMs: 50 })
  })
  afterAll(async () => {
    await oracle.close()
    await rpc.close()
  })

  it('answers every page of the app with the same HTML, naming the bundle by its hash', async () => {
    for (const path of ['/', '/map', '/devices/0xabc', '/epochs/3', '/recipients/0xdef', '/rewards']) {
      const response = await fetch(`${explorer.url}${path}`)
      expect(response.headers.get('content-type')).toContain('text/html')
      const html = await response.text()
      expect(html).toContain('Test &#60;net&#62; · Pinion Explorer')
      expect(html).toMatch(/<script type="module" src="\/assets\/app\.js\?v=[0-9a-f]{12}">/)
    }
  })

  it('serves the bundled app, its stylesheet and the world outline', async () => {
    const js = await fetch(`${explorer.url}/assets/app.js`)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    const entry = await js.text()
    expect(entry.length).toBeGreaterThan(10_000)
    expect(await (await fetch(`${explorer.url}/assets/app.css`)).text()).toContain('.map-cell')
    const world = (await (await fetch(`${explorer.url}/assets/world.json`)).json()) as { size: number; land: string; borders: string }
    expect(world.size).toBe(1024)
    expect(world.land).toMatch(/^M[\d.]+ [\d.]+L/)
    expect(world.borders.length).toBeGreaterThan(1000)
  })

  it('serves the map and its h3-js as chunks of their own, loaded from the entry by relative name', async () => {
    const H3_MARKER = 'Cell argument was not valid' // one of h3-js's error messages
    const entry = await (await fetch(`${explorer.url}/assets/app.js`)).text()
    expect(entry).not.toContain(H3_MARKER)
    // Every chunk the entry reaches, statically or on demand, is served beside it.
    const seen = new Map<string, string>()
    const queue = [entry]
    while (queue.length > 0) {
      for (const [, name] of queue.pop()!.matchAll(/"\.\/(chunk-[A-Z0-9]+\.js)"/g)) {
        if (seen.has(name!)) continue
        const response = await fetch(`${explorer.url}/assets/${name}`)
        expect(response.status, name).toBe(200)
        expect(response.headers.get('cache-control')).toContain('immutable')
        const code = await response.text()
        seen.set(name!, code)
        queue.push(code)
      }
    }
    expect([...seen.values()].some((code) => code.includes(H3_MARKER))).toBe(true)
  })

  it('serves no devnet keys unless told to', async () => {
    expect(await (await fetch(`${explorer.url}/config.json`)).json()).toEqual({ name: 'Test <net>', devnet: null })
  })

  it('answers unknown paths with 404 and a stable code', async () => {
    const response = await fetch(`${explorer.url}/nope`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'PINION_ERR_NOT_FOUND' })
  })

  it('proxies the oracle API and the chain on its own origin', async () => {
    expect(await (await fetch(`${explorer.url}/api/v1/status`)).json()).toMatchObject({ latestEpoch: '5' })
    const rpcAnswer = await fetch(`${explorer.url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }) })
    expect(await rpcAnswer.json()).toEqual({ jsonrpc: '2.0', id: 1, result: '0x7a69' })
  })

  it('streams live snapshots from the oracle and the chain', async () => {
    expect(await firstEvent(`${explorer.url}/events`)).toEqual({
      connected: true,
      block: '42',
      latestEpoch: '5',
      latestCommittedEpoch: '4',
      devices: 3,
      activeDevices: 2,
      reports: 40,
      onlineDevices: 2,
      lastReportMs: '1700000000000',
    })
  })

  it('stops promptly even while a page listens to live events', async () => {
    const listening = fetch(`${explorer.url}/events`).then((r) => r.text())
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = Date.now()
    await explorer.stop()
    expect(Date.now() - started).toBeLessThan(2_000)
    await listening.catch(() => '')
  })
})
