import { type Upstream, startFakeOracle, startFakeRpc } from '@pinion/testkit/explorer/fakeUpstreams'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningExplorer, startExplorer } from './startExplorer.ts'

/** The value of one sample of the exposition, e.g. `pinion_explorer_upstream_up{upstream="oracle"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe("the explorer server's /metrics", () => {
  let oracle: Upstream
  let rpc: Upstream
  let explorer: RunningExplorer
  beforeAll(async () => {
    oracle = await startFakeOracle()
    rpc = await startFakeRpc(31_337)
    explorer = await startExplorer({ oracleUrl: oracle.url, rpcUrl: rpc.url, port: 0 })
  })
  afterAll(async () => {
    await explorer.stop()
    await rpc.close()
  })

  const scrape = async () => {
    const response = await fetch(`${explorer.url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    return response.text()
  }

  it('says what the explorer sees of the network: both upstreams answer, the epochs and the head they report', async () => {
    const text = await scrape()
    expect(sample(text, 'pinion_explorer_upstream_up{upstream="oracle"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_upstream_up{upstream="chain"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_oracle_epoch{state="computed"}')).toBe(5)
    expect(sample(text, 'pinion_explorer_oracle_epoch{state="committed"}')).toBe(4)
    expect(sample(text, 'pinion_explorer_chain_head_block')).toBe(42)
  })

  it('counts requests by route pattern and status, never by raw path, and errors by code', async () => {
    await fetch(`${explorer.url}/api/v1/status`)
    await fetch(`${explorer.url}/api/v1/devices/x`) // the oracle's 400, passed through
    await fetch(`${explorer.url}/api/v1/a%5cb`) // refused by the explorer itself: an encoded backslash
    await fetch(`${explorer.url}/nope-1`)
    await fetch(`${explorer.url}/nope-2`)
    await fetch(`${explorer.url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0"}' })
    const text = await scrape()
    expect(sample(text, 'pinion_explorer_requests_total{route="/api/v1/*",status="200"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_requests_total{route="/api/v1/*",status="400"}')).toBe(2)
    expect(sample(text, 'pinion_explorer_requests_total{route="unmatched",status="404"}')).toBe(2)
    expect(text).not.toContain('nope-1')
    expect(sample(text, 'pinion_explorer_errors_total{code="PINION_ERR_BAD_PATH"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_errors_total{code="PINION_ERR_MALFORMED_RPC"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_request_seconds_count{route="/api/v1/*"}')).toBe(3)
  })

  it('says when the oracle stops answering, leaving out the epochs it can no longer vouch for', async () => {
    await oracle.close()
    const text = await scrape()
    expect(sample(text, 'pinion_explorer_upstream_up{upstream="oracle"}')).toBe(0)
    expect(sample(text, 'pinion_explorer_upstream_up{upstream="chain"}')).toBe(1)
    expect(sample(text, 'pinion_explorer_oracle_epoch{state="computed"}')).toBeUndefined()
    expect(sample(text, 'pinion_explorer_oracle_epoch{state="committed"}')).toBeUndefined()
    // The proxy's failure is counted under its code.
    expect((await fetch(`${explorer.url}/api/v1/status`)).status).toBe(502)
    expect(sample(await scrape(), 'pinion_explorer_errors_total{code="PINION_ERR_UPSTREAM_UNAVAILABLE"}')).toBe(1)
  })
})
