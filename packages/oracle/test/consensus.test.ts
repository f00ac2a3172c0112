import { rewardDistributorAbi } from '@pinion/contracts'
import type { Address, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalOrder } from '../src/epoch/canonicalOrder.ts'
import { splitReportBatch } from '../src/ingest/wire.ts'
import { type OracleNetwork, startOracleNetwork } from './oracleNetwork.ts'

type Claim = { epoch: string; root: Hex; cumulativeAmount: string; proof: Hex[] } | null

/**
 * The consensus of a live three-oracle network (2 of 3 commit), under the attacks that forked it
 * before (issue "Oracles that always agree"). One network, one epoch per case; each case asserts
 * that its epoch is committed by quorum, that every oracle's published inputs reproduce the signed
 * inputsHash, and that every oracle's proofs verify against the root on chain.
 */
describe('three oracles agree on every epoch', () => {
  let net: OracleNetwork
  beforeAll(async () => {
    net = await startOracleNetwork({ oracles: 3, quorum: 2, devices: 4 })
  }, 120_000)
  afterAll(() => net?.stop())

  /** Every oracle serves, for every operator, a proof that the distributor accepts. */
  async function everyOracleProofVerifies(epoch: number): Promise<void> {
    const [, root] = await net.client.readContract({ address: net.deployment.distributor, abi: rewardDistributorAbi, functionName: 'latestRoot' })
    for (let i = 0; i < 3; i++) {
      if (net.oracle(i) === undefined) continue
      await net.until(`oracle ${i} marks epoch ${epoch} committed`, async () => {
        const e = await net.get<{ committed: unknown }>(i, `/v1/epochs/${epoch}`)
        return e.committed === null ? undefined : true
      })
      let verified = 0
      for (const operator of net.operators) {
        const { claim } = await net.get<{ claim: Claim }>(i, `/v1/recipients/${operator.address}`)
        if (claim === null) continue
        expect(claim.root).toBe(root)
        // The distributor itself judges the proof (a claim, simulated).
        await net.client.simulateContract({
          address: net.deployment.distributor,
          abi: rewardDistributorAbi,
          functionName: 'claimFor',
          args: [operator.address as Address, BigInt(claim.cumulativeAmount), claim.proof],
          account: net.operators[0]!.address,
        })
        verified++
      }
      expect(verified).toBeGreaterThan(0)
    }
  }

  /** Every oracle's published inputs for `epoch` hash to the inputsHash it signed, and the chain holds. */
  async function publishedInputsReproduce(epoch: number): Promise<void> {
    const onChain = await net.client.getContractEvents({
      address: net.deployment.distributor,
      abi: rewardDistributorAbi,
      eventName: 'RootCommitted',
      args: { epoch: BigInt(epoch) },
      fromBlock: net.deployment.blockNumber,
    })
    const committedHash = onChain.at(-1)!.args.inputsHash
    for (let i = 0; i < 3; i++) {
      if (net.oracle(i) === undefined) continue
      await net.until(`oracle ${i} computes epoch ${epoch}`, async () => ((await fetch(`${net.url(i)}/v1/epochs/${epoch}`)).ok ? true : undefined))
      const response = await fetch(`${net.url(i)}/v1/epochs/${epoch}/inputs`)
      const { inputsHash } = canonicalOrder(splitReportBatch(new Uint8Array(await response.arrayBuffer())).map((signed) => ({ signed })))
      const stored = await net.get<{ inputsHash: Hex }>(i, `/v1/epochs/${epoch}`)
      expect([i, inputsHash]).toEqual([i, stored.inputsHash])
      expect([i, inputsHash]).toEqual([i, committedHash])
    }
  }

  it('epoch 0: devices report to every oracle; the epoch is committed by quorum and every oracle agrees', async () => {
    await net.reportEpoch(0)
    await net.sealEpoch(0)
    await net.committed(0)
    await publishedInputsReproduce(0)
    await everyOracleProofVerifies(0)
  }, 120_000)
})
