import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Network, startNetwork } from './fixture.ts'

describe('deploy', () => {
  let net: Network
  beforeAll(async () => {
    net = await startNetwork()
  })
  afterAll(() => net.stop())

  it('wires the token, emissions, distributor and registry together', async () => {
    const { token, emissions, distributor, registry } = net.contracts
    expect(await token.read.minter()).toBe(net.deployment.emissions)
    expect(await emissions.read.distributor()).toBe(net.deployment.distributor)
    expect(await emissions.read.token()).toBe(net.deployment.token)
    expect(await distributor.read.token()).toBe(net.deployment.token)
    expect(await registry.read.feeToken()).toBe(net.deployment.token)
    expect(await distributor.read.quorum()).toBe(2n)
    expect(await distributor.read.oracleCount()).toBe(3n)
    expect(await token.read.cap()).toBe(net.params.token.cap)
  })
})
