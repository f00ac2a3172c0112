import { mkdtempSync, rmSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NetworkState, writeState } from '../state.ts'

describe('pinion status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-status-'))
  let server: Server
  let url: string

  beforeAll(async () => {
    // One oracle that answers, as the oracle's /v1/status does.
    server = createServer((_, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ devices: 3, reports: 42, latestEpoch: '7', latestCommittedEpoch: '6' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  const state = (oracles: NetworkState['oracles']): NetworkState => ({
    name: 'Status test',
    chainId: 31_337,
    rpcUrl: 'http://127.0.0.1:1',
    // Only what `status` reads of a deployment: the state file must name governance's contracts.
    deployment: {
      timelock: '0x00000000000000000000000000000000000000c1',
      params: '0x00000000000000000000000000000000000000c2',
      blockNumber: 1n,
    } as unknown as NetworkState['deployment'],
    schedule: { genesisTime: '0', epochDuration: '30' },
    oracles,
    deviceClass: 1,
    treasury: '0x0000000000000000000000000000000000000001',
  })

  it('exits 0 when every oracle answers, and says what each is doing', async () => {
    writeState(dir, state([{ address: '0x00000000000000000000000000000000000000a1', url }]))
    const { code, out, err } = await runPinion('status', '--data-dir', dir)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toContain('3 devices, 42 reports, epoch 7 computed, 6 committed')
  })

  it('exits 1 when an oracle does not answer, and names it', async () => {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    const down = 'http://127.0.0.1:1'
    writeState(
      dir,
      state([
        { address: '0x00000000000000000000000000000000000000a1', url },
        { address: '0x00000000000000000000000000000000000000a2', url: down },
      ]),
    )
    const { code, out } = await runPinion('status', '--data-dir', dir)
    expect(code).toBe(1)
    expect(out).toContain(`oracle 0x00000000000000000000000000000000000000a2 ${down}: unreachable`)
    expect((await runPinion('status', '--data-dir', dir, '--json')).code).toBe(1)
  })
})
