import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { beforeAll, describe, expect, it } from 'vitest'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const SINK = '0x000000000000000000000000000000000000dEaD'

describe('waitForReceipt on anvil', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({ registryAdmin: false })
  })
  revertEachTest(() => net)

  it('finds every automined transaction, including those anvil had not mined yet when it answered with the hash', async () => {
    const wallet = net.walletFor(net.accounts.users[0]!)
    const blocks: bigint[] = []
    for (let i = 0; i < 60; i++) {
      const hash = await wallet.sendTransaction({ to: SINK, value: 1n })
      const receipt = await waitForReceipt(net.publicClient, hash)
      expect(receipt.transactionHash).toBe(hash)
      expect(receipt.status).toBe('success')
      blocks.push(receipt.blockNumber)
    }
    // One block each, in order: nothing else mines on this chain.
    expect(blocks.every((block, i) => i === 0 || block === blocks[i - 1]! + 1n)).toBe(true)
  })

  it('returns once a block holding the transaction is mined, however long the chain waits to mine one', async () => {
    await net.testClient.setAutomine(false)
    try {
      const hash = await net.walletFor(net.accounts.users[0]!).sendTransaction({ to: SINK, value: 1n })
      const asked = { count: 0 }
      const counting = {
        pollingInterval: 20,
        getTransactionReceipt: (args: { hash: `0x${string}` }) => {
          asked.count++
          return net.publicClient.getTransactionReceipt(args)
        },
      }
      const receipt = waitForReceipt(counting, hash)
      while (asked.count < 3) await new Promise((resolve) => setTimeout(resolve, 5))
      const head = await net.publicClient.getBlockNumber()
      await net.testClient.mine({ blocks: 1 })
      expect((await receipt).blockNumber).toBe(head + 1n)
    } finally {
      await net.testClient.setAutomine(true)
    }
  })
})
