import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployment } from '@pinion/contracts'
import { afterEach, describe, expect, it } from 'vitest'
import { type NetworkState, readState, statePath, writeState } from './state.ts'

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
const deployment: Deployment = {
  chainId: 31_337,
  token: address(1),
  registry: address(2),
  emissions: address(3),
  distributor: address(4),
  params: address(5),
  timelock: address(6),
  governor: address(7),
  deployer: address(8),
  deployedBy: address(9),
  guardian: address(10),
  kinds: { ping: { PingMarket: address(11) }, uptime: {} },
  credits: address(14),
  creditPrice: address(15),
  splitFactory: address(16),
  sharesFactory: address(17),
  staking: address(18),
  blockNumber: 42n,
}
const state: NetworkState = {
  name: 'test',
  chainId: 31_337,
  rpcUrl: 'http://127.0.0.1:8545',
  deployment,
  schedule: { genesisTime: '0', epochDuration: '60' },
  oracles: [{ address: address(12), url: 'http://127.0.0.1:8080' }],
  deviceClass: 1,
  treasury: address(13),
}

describe('network.json', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-state-'))
    dirs.push(dir)
    return dir
  }

  it("reads back what it wrote, the kinds' contracts included", () => {
    const dir = dataDir()
    writeState(dir, state)
    expect(readState(dir)).toEqual(state)
  })

  it('reads a state file written before kinds had contracts as a deployment without any', () => {
    const dir = dataDir()
    writeState(dir, state)
    const written = JSON.parse(readFileSync(statePath(dir), 'utf8')) as { deployment: Record<string, unknown> }
    delete written.deployment.kinds
    writeFileSync(statePath(dir), JSON.stringify(written))
    expect(readState(dir)).toEqual({ ...state, deployment: { ...deployment, kinds: {} } })
  })
})
