import { waitForReceipt } from '@pinion/contracts'
import { type Network, deployedNetwork } from '@pinion/testkit/chain'
import { describe, expect, it } from 'vitest'
import { epochWindow } from './schedule.ts'
import { entropyBefore, epochOnChain } from './epochOnChain.ts'

describe('epochOnChain', () => {
  const network = deployedNetwork()

  it('takes the entropy from the last block before the epoch began and the end block from the last before it ended', async () => {
    const net: Network = network()
    const [from, to] = net.accounts.users as [Network['accounts']['users'][number], Network['accounts']['users'][number]]
    // Mined before anything reads the head: anvil answers with the hash before automine mines it.
    const send = async () => waitForReceipt(net.publicClient, await net.walletFor(from).sendTransaction({ to: to.address, value: 1n }))
    const first = await net.publicClient.getBlock()
    await net.testClient.setNextBlockTimestamp({ timestamp: first.timestamp + 100n })
    const inside = await net.publicClient.getBlock({ blockNumber: (await send()).blockNumber })
    await net.testClient.setNextBlockTimestamp({ timestamp: first.timestamp + 200n })
    await send()

    // Epoch 0 starts one second after `first`, and ends one second after `inside`.
    const schedule = { genesisTime: first.timestamp + 1n, epochDuration: 100n }
    const { window, endBlock } = await epochOnChain(net.publicClient, schedule, 0n)
    expect(window).toEqual(epochWindow(schedule, 0n, first.hash!))
    expect(endBlock).toBe(inside.number)
    expect(await entropyBefore(net.publicClient, window.startMs)).toBe(first.hash)
    // Before genesis there is no block: the entropy is zero, and so is the end block.
    const early = await epochOnChain(net.publicClient, { genesisTime: 1n, epochDuration: 1n }, 0n)
    expect(early.window.entropy).toBe(`0x${'0'.repeat(64)}`)
    expect(early.endBlock).toBe(0n)
  })
})
