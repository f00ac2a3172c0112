import { createLogger } from '@pinion/contracts/log'
import { capturedStream } from '@pinion/testkit/capturedStream'
import { rawExchange } from '@pinion/testkit/rawExchange'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveSnapshot } from '../shared/liveSnapshot.ts'
import { type Upstream, startFakeOracle, startFakeRpc } from '@pinion/testkit/explorer/fakeUpstreams'
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
  const destination = capturedStream()
  const logLines = () => destination.records()
  beforeAll(async () => {
    oracle = await startFakeOracle()
    rpc = await startFakeRpc(31_337)
    const logger = createLogger({ destination, pretty: false, level: 'debug' })
    explorer = await startExplorer({ oracleUrl: oracle.url, rpcUrl: rpc.url, name: 'Test <net>', port: 0, liveIntervalMs: 50, logger })
  })

  it('returns a sane incoming x-request-id, or a fresh one, and logs the request under it at debug', async () => {
    const given = await fetch(`${explorer.url}/config.json`, { headers: { 'x-request-id': 'trace-42' } })
    expect(given.headers.get('x-request-id')).toBe('trace-42')
    const forged = await fetch(`${explorer.url}/config.json`, { headers: { 'x-request-id': 'x'.repeat(500) } })
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(logLines()).toContainEqual(expect.objectContaining({ level: 20, msg: 'request completed', reqId: 'trace-42', url: '/config.json', status: 200 }))
  })
  afterAll(async () => {
    await oracle.close()
    await rpc.close()
  })

  it('answers every page of the app with the same HTML, naming the bundle by its hash', async () => {
    for (const path of ['/', '/map', '/devices/0xabc', '/epochs/3', '/recipients/0xdef', '/rewards', '/governance', '/economy', '/storage', '/storage/deals/7']) {
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
    expect(await (await fetch(`${explorer.url}/config.json`)).json()).toEqual({ name: 'Test <net>', devnet: null, basemap: { tiles: null } })
  })

  it('serves the shipped basemap detail for the map to draw offline', async () => {
    const detail = (await (await fetch(`${explorer.url}/assets/basemap-detail.json`)).json()) as { version: number; places: { name: string }[] }
    expect(detail.version).toBe(1)
    expect(detail.places.map((p) => p.name)).toContain('Ames')
  })

  it('answers unknown page paths with 404 and the app, which shows its not-found page (and says so before it starts)', async () => {
    for (const path of ['/nope', '/devices-typo', '/Devices', '/nope/deeper']) {
      const response = await fetch(`${explorer.url}${path}`)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type'), path).toContain('text/html')
      const html = await response.text()
      expect(html).toContain('<title>Not found · Test &#60;net&#62; · Pinion Explorer</title>')
      expect(html).toContain('<a href="/">Back to the overview</a>')
      expect(html).toMatch(/<script type="module" src="\/assets\/app\.js\?v=[0-9a-f]{12}">/)
    }
    // The search and "my devices" pages are pages of the app.
    for (const path of ['/search/0x12ab%E2%80%A6cdef', '/my-devices']) expect((await fetch(`${explorer.url}${path}`)).status, path).toBe(200)
  })

  it('answers unknown machine paths (API, assets, RPC, events) with a JSON 404 and a stable code', async () => {
    for (const path of ['/api/nope', '/assets/nope.js', '/rpc/x', '/events/x', '/config.json/x']) {
      const response = await fetch(`${explorer.url}${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.json(), path).toMatchObject({ code: 'PINION_ERR_NOT_FOUND' })
    }
  })

  it('answers every route it does not have with 404 PINION_ERR_NOT_FOUND, in its own format', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/assets/nope.js'],
      ['GET', '/rpc'],
      ['POST', '/api/v1/reports'],
      ['GET', '/api/v2/status'],
      ['DELETE', '/map'],
      ['POST', '/'],
    ] as const) {
      const response = await fetch(`${explorer.url}${path}`, { method })
      expect({ method, path, status: response.status, body: await response.json() }).toEqual({
        method,
        path,
        status: 404,
        body: { code: 'PINION_ERR_NOT_FOUND', message: `nothing at ${method} "${path}"` },
      })
    }
  })

  it('answers requests Fastify or Node refuse before routing with a stable code', async () => {
    const { port } = new URL(explorer.url)
    const cases: [string, string, number, string][] = [
      ['headers over 16 KiB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'PINION_ERR_HEADERS_TOO_LARGE'],
      ['not HTTP', 'HELLO\r\n\r\n', 400, 'PINION_ERR_BAD_REQUEST'],
      ['a path that is not percent-encoding', 'GET /api/v1/devices/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'PINION_ERR_BAD_REQUEST'],
      ['a dot segment', 'GET /api/v1/../../x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'PINION_ERR_BAD_PATH'],
      ['an encoded dot segment', 'GET /api/v1/%2e%2e/%2e%2e/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'PINION_ERR_BAD_PATH'],
    ]
    for (const [name, bytes, status, code] of cases) {
      const answer = await rawExchange(Number(port), bytes)
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      expect({ name, status: Number(head.split(' ')[1]), body: JSON.parse(body) }).toEqual({ name, status, body: { code, message: expect.any(String) } })
    }
    expect(oracle.requests).not.toContain('/x')
  })

  it('answers deeply nested JSON on /rpc with a JSON-RPC error, never a 500', async () => {
    const body = `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${'['.repeat(5_000)}${']'.repeat(5_000)}}`
    const response = await fetch(`${explorer.url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700, data: { code: 'PINION_ERR_JSON_TOO_DEEP' } } })
  })

  it('proxies the oracle API and the chain on its own origin', async () => {
    expect(await (await fetch(`${explorer.url}/api/v1/status`)).json()).toMatchObject({ latestEpoch: '5' })
    const rpcAnswer = await fetch(`${explorer.url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
    })
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

  it('stops, ending the stream of a page that listens to live events', async () => {
    const response = await fetch(`${explorer.url}/events`)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const listening = response.text().then(
      () => 'ended',
      () => 'cut',
    )
    await explorer.stop()
    expect(['ended', 'cut']).toContain(await listening)
  })
})
