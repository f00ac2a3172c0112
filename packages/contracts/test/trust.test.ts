/**
 * The review's trust scenarios, written against today's contracts: each test states what must
 * hold and fails while it does not.
 */
import { RewardTree } from '@pinion/protocol'
import { type Account, type Hex, custom, createWalletClient, http, keccak256, toHex } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deploy } from '../sdk/deploy.ts'
import { type RewardRoot } from '../sdk/typedData.ts'
import { type Network, revertOf, startNetwork, word } from './fixture.ts'

const TOKEN = 10n ** 18n

describe('trust scenarios', () => {
  let net: Network
  let snapshot: Hex
  beforeAll(async () => {
    net = await startNetwork()
  })
  afterAll(() => net.stop())
  beforeEach(async () => {
    snapshot = await net.testClient.snapshot()
  })
  afterEach(async () => {
    await net.testClient.revert({ id: snapshot })
  })

  const distributor = () => net.contracts.distributor
  const user = (i: number) => net.accounts.users[i]!
  const rootOf = (epoch: bigint, totalCumulative: bigint, root: Hex): RewardRoot => ({ epoch, root, totalCumulative, inputsHash: word(1), paramsHash: word(2) })

  it('2: the deployer cannot add an oracle of its own and pay itself', async () => {
    const admin = net.accounts.admin
    const evil = user(4)
    expect(await revertOf(distributor().simulate.addOracle([evil.address], { account: admin.address }))).toMatchObject({
      name: 'AccessControlUnauthorizedAccount',
    })
  })

  it('2: two stolen oracle keys of three cannot pay themselves before the dispute window', async () => {
    await net.releaseEpochs(1n)
    const thief = user(4)
    const tree = RewardTree.build([{ recipient: thief.address, cumulativeAmount: 500n * TOKEN }])
    await net.commitRoot(rootOf(0n, 500n * TOKEN, tree.root))
    expect(await revertOf(distributor().simulate.claim([500n * TOKEN, tree.proof(0)], { account: thief.address }))).toMatchObject({
      name: 'InvalidProof',
    })
  })

  it('3: a root at epoch 2^64 - 2 cannot lock the distributor', async () => {
    const root = rootOf(2n ** 64n - 2n, 0n, word(3))
    expect(await revertOf(distributor().simulate.commitRoot([root, await net.signRoot(root)]))).toMatchObject({ name: 'EpochNotNext' })
  })

  it('4: a root below what was already claimed is refused', async () => {
    await net.releaseEpochs(1n)
    const a = user(1)
    // A root whose leaves pay more than its declared total: A takes 150 of a "100" root.
    const tree = RewardTree.build([{ recipient: a.address, cumulativeAmount: 150n * TOKEN }])
    await net.commitRoot(rootOf(0n, 100n * TOKEN, tree.root))
    await net.send(a, { ...distributor(), functionName: 'claim', args: [150n * TOKEN, tree.proof(0)] })
    const correction = rootOf(1n, 120n * TOKEN, word(4))
    expect(await revertOf(distributor().simulate.commitRoot([correction, await net.signRoot(correction)]))).toMatchObject({
      name: 'CumulativeBelowClaimed',
    })
  })

  it('6: the quorum must be a strict majority of the oracle set', async () => {
    expect(await revertOf(distributor().simulate.setQuorum([1], { account: net.accounts.admin.address }))).toMatchObject({
      name: 'InvalidQuorum',
    })
  })

  it('6: signatures made before the oracle set changed are refused', async () => {
    const root = rootOf(0n, 0n, word(5))
    const signatures = await net.signRoot(root)
    const c = net.accounts.oracles[2]!
    await net.send(net.accounts.admin, { ...distributor(), functionName: 'removeOracle', args: [c.address] })
    await net.send(net.accounts.admin, { ...distributor(), functionName: 'addOracle', args: [c.address] })
    expect(await revertOf(distributor().simulate.commitRoot([root, signatures]))).toMatchObject({ name: 'StaleOracleSetVersion' })
  })

  it('9: a claim built on the previous root still pays after a new root lands', async () => {
    await net.releaseEpochs(1n)
    const a = user(1)
    const old = RewardTree.build([{ recipient: a.address, cumulativeAmount: 10n * TOKEN }, { recipient: user(2).address, cumulativeAmount: 1n }])
    await net.commitRoot(rootOf(0n, 10n * TOKEN + 1n, old.root))
    const next = RewardTree.build([{ recipient: a.address, cumulativeAmount: 20n * TOKEN }, { recipient: user(2).address, cumulativeAmount: 1n }])
    await net.commitRoot(rootOf(1n, 20n * TOKEN + 1n, next.root))
    const receipt = await net.send(a, { ...distributor(), functionName: 'claim', args: [10n * TOKEN, old.proof(0)] })
    expect(net.payoutsOf(receipt)).toEqual([{ recipient: a.address, amount: 10n * TOKEN }])
  })

  it('9: claimMany pays the valid claims and skips a wrong one', async () => {
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([1, 2, 3].map((i) => ({ recipient: user(i).address, cumulativeAmount: BigInt(i) * TOKEN })))
    await net.commitRoot(rootOf(0n, 6n * TOKEN, tree.root))
    const claims = [0, 1, 2].map((i) => ({ recipient: user(i + 1).address, cumulativeAmount: BigInt(i + 1) * TOKEN, proof: tree.proof(i) }))
    claims[1] = { ...claims[1]!, cumulativeAmount: 99n * TOKEN }
    const receipt = await net.send(user(0), { ...distributor(), functionName: 'claimMany', args: [claims] })
    expect(net.payoutsOf(receipt)).toEqual([
      { recipient: user(1).address, amount: 1n * TOKEN },
      { recipient: user(3).address, amount: 3n * TOKEN },
    ])
  })

  it('11: the deployer holds no role after deploy', async () => {
    const role = await distributor().read.DEFAULT_ADMIN_ROLE()
    expect(await distributor().read.hasRole([role, net.accounts.admin.address])).toBe(false)
  })

  it('11: deploy survives a transaction the deployer sends meanwhile', async () => {
    const account = user(3) as Account
    const transport = http(net.devnet.rpcUrl)
    let interfered = false
    const interfering = custom({
      async request({ method, params }) {
        const result = await transport({ chain: net.chain }).request({ method, params } as never)
        if (method === 'eth_sendRawTransaction' && !interfered) {
          interfered = true
          const other = createWalletClient({ account, chain: net.chain, transport })
          await other.sendTransaction({ to: account.address, value: 0n })
        }
        return result
      },
    })
    const wallet = createWalletClient({ account, chain: net.chain, transport: interfering })
    const deployment = await deploy(wallet, net.params)
    expect(interfered).toBe(true)
    expect(await net.publicClient.getCode({ address: deployment.distributor })).toBeDefined()
  })

  it('1: roots sized from the released emission keep committing past the cap', async () => {
    const capped = await startNetwork({ deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: 2_500n * TOKEN } } })
    try {
      let total = 0n
      for (let epoch = 0n; epoch < 5n; epoch++) {
        await capped.releaseEpochs(1n)
        const emission = (await capped.publicClient.readContract({
          ...capped.contracts.emissions,
          functionName: 'emissionReleasedFor' as never,
          args: [epoch] as never,
        })) as bigint
        total += emission
        await capped.commitRoot(rootOf(epoch, total, keccak256(toHex(`epoch ${epoch}`))))
      }
      expect(total).toBe(2_500n * TOKEN)
    } finally {
      await capped.stop()
    }
  })
})
