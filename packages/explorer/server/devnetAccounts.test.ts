import { devnetAccounts, devnetPrivateKey } from '@pinion/contracts'
import { afterAll, describe, expect, it } from 'vitest'
import { devnetAccountsFor } from './devnetAccounts.ts'
import { type Upstream, startFakeRpc } from '@pinion/testkit/explorer/fakeUpstreams'

describe('devnetAccountsFor', () => {
  const upstreams: Upstream[] = []
  afterAll(async () => {
    for (const upstream of upstreams) await upstream.close()
  })

  it('serves the accounts, with their addresses, when the chain is the devnet', async () => {
    const rpc = await startFakeRpc(31_337)
    upstreams.push(rpc)
    const accounts = await devnetAccountsFor(rpc.url, [{ label: 'operator 1', privateKey: devnetPrivateKey(5) }])
    expect(accounts).toEqual([{ label: 'operator 1', address: devnetAccounts(6)[5]!.address, privateKey: devnetPrivateKey(5) }])
  })

  it('refuses to serve any key for another chain', async () => {
    const rpc = await startFakeRpc(1)
    upstreams.push(rpc)
    await expect(devnetAccountsFor(rpc.url, [{ label: 'x', privateKey: devnetPrivateKey(5) }])).rejects.toMatchObject({ code: 'PINION_ERR_NOT_DEVNET' })
  })
})
