/**
 * The review's trust scenarios ("Governance and safe roots: no single key can pay anyone, and the
 * distributor never locks"), one or more tests each. Every one of them failed on the contracts before
 * this change (see the commit that added this file first, against the old API).
 */
import { RewardTree } from '@pinion/protocol'
import { type Account, type Hex, createWalletClient, custom, http, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DeployParams, type Deployment, deploy, rolesOf } from '../sdk/deploy.ts'
import { pinionContracts } from '../sdk/contracts.ts'
import { ownNetwork, revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { DISPUTE_WINDOW, type Network, type RootInput } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'

const TOKEN = 10n ** 18n
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}` as Hex
const ORACLE_MANAGER_ROLE = keccak256(toHex('ORACLE_MANAGER_ROLE'))
/** Every role constant of every Pinion contract with roles. */
const KNOWN_ROLES = [
  'DEFAULT_ADMIN_ROLE',
  'ORACLE_MANAGER_ROLE',
  'MAKER_ADMIN_ROLE',
  'SUSPENDER_ROLE',
  'PROPOSER_ROLE',
  'EXECUTOR_ROLE',
  'CANCELLER_ROLE',
  'PAYMENT_OPERATOR_ROLE',
].map((name) => [name, name === 'DEFAULT_ADMIN_ROLE' ? DEFAULT_ADMIN_ROLE : keccak256(toHex(name))] as const)

const rootOf = (epoch: bigint, totalCumulative: bigint, root: Hex): RootInput => ({ epoch, root, totalCumulative, inputsHash: word(1), paramsHash: word(2) })

describe('trust scenarios', () => {
  let net: Network
  beforeAll(async () => {
    // Exactly as deploy() leaves a network: nobody but the timelock holds a role.
    net = await workerNetwork({ registryAdmin: false })
  })
  revertEachTest(() => net)

  const distributor = () => net.contracts.distributor
  const user = (i: number) => net.accounts.users[i]!
  const commitFails = async (root: RootInput, signatures?: Hex) => {
    const full = await net.versioned(root)
    return revertOf(distributor().simulate.commitRoot([full, signatures ?? (await net.signRoot(full))]))
  }

  describe('scenario 2: one admin key can pay itself', () => {
    it('scenario 2: the deploying account holds no role, so it can neither add an oracle of its own nor grant itself one', async () => {
      const admin = net.accounts.admin.address
      expect(await revertOf(distributor().simulate.addOracle([user(4).address, 2], { account: admin }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [admin, ORACLE_MANAGER_ROLE],
      })
      expect(await revertOf(distributor().simulate.setQuorum([2], { account: admin }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [admin, ORACLE_MANAGER_ROLE],
      })
      expect(await revertOf(distributor().simulate.grantRole([ORACLE_MANAGER_ROLE, admin], { account: admin }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [admin, DEFAULT_ADMIN_ROLE],
      })
    })

    it('scenario 2: two stolen oracle keys of three commit a root paying a thief, but it pays nothing before the dispute window, and the guardian vetoes it', async () => {
      await net.releaseEpochs(1n)
      const thief = user(4)
      const tree = RewardTree.build([{ recipient: thief.address, cumulativeAmount: 500n * TOKEN }])
      await net.commitRoot(rootOf(0n, 500n * TOKEN, tree.root))
      const stealing = () => distributor().simulate.claim([500n * TOKEN, tree.proof(0)], { account: thief.address })
      expect(await revertOf(stealing())).toEqual({ name: 'InvalidProof', args: [thief.address, 500n * TOKEN] })

      await net.send(net.accounts.guardian, { ...distributor(), functionName: 'veto', args: [0n] })
      await net.travel(DISPUTE_WINDOW)
      await net.send(user(0), { ...distributor(), functionName: 'promoteRoots' })
      expect(await revertOf(stealing())).toEqual({ name: 'InvalidProof', args: [thief.address, 500n * TOKEN] })
      expect(await net.contracts.token.read.balanceOf([thief.address])).toBe(0n)
    })
  })

  it('scenario 3: roots follow one another, so a root at epoch 2^64 - 2 cannot lock the distributor (EpochNotNext)', async () => {
    const epoch = 2n ** 64n - 2n
    expect(await commitFails(rootOf(epoch, 0n, word(3)))).toEqual({ name: 'EpochNotNext', args: [epoch, 0n] })
    await net.commitRoot(rootOf(0n, 0n, word(3)))
    expect(await commitFails(rootOf(epoch, 0n, word(3)))).toEqual({ name: 'EpochNotNext', args: [epoch, 1n] })
  })

  it('scenario 4: a correction below what was already claimed is refused (CumulativeBelowClaimed), so the pool is never short', async () => {
    await net.releaseEpochs(1n)
    const a = user(1)
    // A root whose leaves pay more than its declared total: A takes 150 of a "100" root.
    const tree = RewardTree.build([{ recipient: a.address, cumulativeAmount: 150n * TOKEN }])
    await net.publishRoot(rootOf(0n, 100n * TOKEN, tree.root))
    await net.send(a, { ...distributor(), functionName: 'claim', args: [150n * TOKEN, tree.proof(0)] })
    expect(await distributor().read.totalClaimed()).toBe(150n * TOKEN)
    expect(await commitFails(rootOf(1n, 120n * TOKEN, word(4)))).toEqual({
      name: 'CumulativeBelowClaimed',
      args: [120n * TOKEN, 150n * TOKEN],
    })
  })

  describe('scenario 6: the quorum and the oracle set', () => {
    it('scenario 6: the quorum must be a strict majority of the oracle set (InvalidQuorum)', async () => {
      for (const quorum of [1, 4]) {
        expect(await revertOf(net.governance({ ...distributor(), functionName: 'setQuorum', args: [quorum] }))).toEqual({
          name: 'InvalidQuorum',
          args: [BigInt(quorum), 3n],
        })
      }
    })

    it('scenario 6: signatures made before an oracle was removed and added again are refused (StaleOracleSetVersion)', async () => {
      const root = await net.versioned(rootOf(0n, 0n, word(5)))
      const signatures = await net.signRoot(root)
      const c = net.accounts.oracles[2]!
      await net.governance({ ...distributor(), functionName: 'removeOracle', args: [c.address, 2] })
      await net.governance({ ...distributor(), functionName: 'addOracle', args: [c.address, 2] })
      expect(await commitFails(root, signatures)).toEqual({ name: 'StaleOracleSetVersion', args: [0, 2] })
    })

    it('scenario 6: signatures too few for the quorum when made are not revived by lowering it (StaleOracleSetVersion)', async () => {
      await net.governance({ ...distributor(), functionName: 'setQuorum', args: [3] })
      const root = await net.versioned(rootOf(0n, 0n, word(6)))
      const two = await net.signRoot(root, net.accounts.oracles.slice(0, 2))
      expect(await commitFails(root, two)).toEqual({ name: 'InsufficientSignatures', args: [2n, 3n] })
      await net.governance({ ...distributor(), functionName: 'setQuorum', args: [2] })
      expect(await commitFails(root, two)).toEqual({ name: 'StaleOracleSetVersion', args: [1, 2] })
    })

    it('scenario 6: one call replaces an oracle, keeping the set size and quorum', async () => {
      const [a, b, c] = net.accounts.oracles as [Account, Account, Account]
      await net.governance({ ...distributor(), functionName: 'replaceOracle', args: [b.address, user(4).address] })
      const oracles = await distributor().read.oracles()
      expect([...oracles].sort()).toEqual([a.address, c.address, user(4).address].sort())
      expect(await distributor().read.quorum()).toBe(2n)
    })
  })

  describe('scenario 9: claims race root commits', () => {
    it('scenario 9: a claim built on the previous root still pays after a new root is promoted', async () => {
      await net.releaseEpochs(1n)
      const a = user(1)
      const entries = (amount: bigint) => [
        { recipient: a.address, cumulativeAmount: amount },
        { recipient: user(2).address, cumulativeAmount: 1n },
      ]
      const old = RewardTree.build(entries(10n * TOKEN))
      await net.publishRoot(rootOf(0n, 10n * TOKEN + 1n, old.root))
      const next = RewardTree.build(entries(20n * TOKEN))
      await net.publishRoot(rootOf(1n, 20n * TOKEN + 1n, next.root))
      const receipt = await net.send(a, { ...distributor(), functionName: 'claim', args: [10n * TOKEN, old.proof(0)] })
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: a.address, amount: 10n * TOKEN }])
    })

    it('scenario 9: claimMany pays the valid claims and skips a wrong one', async () => {
      await net.releaseEpochs(1n)
      const tree = RewardTree.build([1, 2, 3].map((i) => ({ recipient: user(i).address, cumulativeAmount: BigInt(i) * TOKEN })))
      await net.publishRoot(rootOf(0n, 6n * TOKEN, tree.root))
      const claims = [0, 1, 2].map((i) => ({ recipient: user(i + 1).address, cumulativeAmount: BigInt(i + 1) * TOKEN, proof: tree.proof(i) }))
      claims[1] = { ...claims[1]!, cumulativeAmount: 99n * TOKEN }
      const receipt = await net.send(user(0), { ...distributor(), functionName: 'claimMany', args: [claims] })
      expect(net.payoutsOf(receipt)).toEqual([
        { recipient: user(1).address, amount: 1n * TOKEN },
        { recipient: user(3).address, amount: 3n * TOKEN },
      ])
    })
  })

  describe('scenario 11: deployment', () => {
    it('scenario 11: the deploying account holds no role on any contract; the timelock holds every admin role', async () => {
      const { deployment } = net
      const contracts = [
        deployment.token,
        deployment.distributor,
        deployment.emissions,
        deployment.registry,
        deployment.params,
        deployment.timelock,
        deployment.governor,
        deployment.credits,
        deployment.creditPrice,
        deployment.staking,
      ]
      const hasRoleAbi = [{ type: 'function', name: 'hasRole', stateMutability: 'view', inputs: [{ type: 'bytes32' }, { type: 'address' }], outputs: [{ type: 'bool' }] }] as const
      for (const address of contracts) {
        for (const [name, role] of KNOWN_ROLES) {
          const held = await net.publicClient.readContract({ address, abi: hasRoleAbi, functionName: 'hasRole', args: [role, net.accounts.admin.address] }).catch(() => false) // the token, emissions and governor have no roles at all
          expect(held, `deployer holds ${name} on ${address}`).toBe(false)
        }
      }
      const roles = await rolesOf(deployment, net.publicClient)
      expect(roles.filter((r) => r.holders.includes('deployer'))).toEqual([])
      const holdersOf = (contract: string, role: string) => roles.find((r) => r.contract === contract && r.role === role)?.holders
      expect(holdersOf('distributor', 'DEFAULT_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('distributor', 'ORACLE_MANAGER_ROLE')).toEqual(['timelock'])
      expect(holdersOf('distributor', 'guardian()')).toEqual(['guardian'])
      expect(holdersOf('registry', 'DEFAULT_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('registry', 'MAKER_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('registry', 'SUSPENDER_ROLE')).toEqual(['timelock'])
      expect(holdersOf('registry', 'guardian()')).toEqual(['guardian'])
      expect(holdersOf('params', 'DEFAULT_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('timelock', 'DEFAULT_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('timelock', 'PROPOSER_ROLE')).toEqual(['governor'])
      expect(holdersOf('timelock', 'CANCELLER_ROLE')).toEqual(['governor'])
      expect(holdersOf('timelock', 'EXECUTOR_ROLE')).toEqual(['anyone'])
      // Credits and its price source are governance's from their constructors (rolesOf does not list them yet).
      for (const address of [deployment.credits, deployment.creditPrice]) {
        expect(await net.publicClient.readContract({ address, abi: hasRoleAbi, functionName: 'hasRole', args: [DEFAULT_ADMIN_ROLE, deployment.timelock] })).toBe(true)
      }
      expect(holdersOf('staking', 'DEFAULT_ADMIN_ROLE')).toEqual(['timelock'])
      expect(holdersOf('staking', 'guardian()')).toEqual(['guardian'])
    })

    it('scenario 11: the guardian changes hands in two steps: named, then accepted', async () => {
      const next = user(4)
      await net.send(net.accounts.guardian, { ...distributor(), functionName: 'transferGuardian', args: [next.address] })
      expect(await distributor().read.guardian()).toBe(net.accounts.guardian.address)
      expect(await revertOf(distributor().simulate.acceptGuardian({ account: user(3).address }))).toEqual({
        name: 'NotPendingGuardian',
        args: [user(3).address],
      })
      await net.send(next, { ...distributor(), functionName: 'acceptGuardian' })
      expect(await distributor().read.guardian()).toBe(next.address)
    })

    /** The fixture's deploy parameters, for a second network deployed by `account` on the same chain. */
    const paramsFor = (salt: Hex): DeployParams => ({ ...net.params, salt })

    it('scenario 11: deploy survives a transaction the deploying account sends meanwhile', async () => {
      const account = user(3)
      const transport = http(net.devnet.rpcUrl)
      let interfered = 0
      const interfering = custom({
        async request({ method, params }) {
          const result = await transport({ chain: net.chain }).request({ method, params } as never)
          // After the second deployment transaction, the same account sends one of its own.
          if (method === 'eth_sendRawTransaction' && ++interfered === 2) {
            await createWalletClient({ account, chain: net.chain, transport }).sendTransaction({ to: account.address, value: 0n })
          }
          return result
        },
      })
      const deployment = await deploy(createWalletClient({ account, chain: net.chain, transport: interfering }), paramsFor(word(11)))
      expect(interfered).toBeGreaterThan(2)
      const contracts = pinionContracts(deployment, net.publicClient)
      expect(await contracts.token.read.minter()).toBe(deployment.emissions)
      expect(await contracts.token.read.rewardPool()).toBe(deployment.distributor)
      expect(await contracts.distributor.read.hasRole([ORACLE_MANAGER_ROLE, deployment.timelock])).toBe(true)
    })

    it('scenario 11: a deploy that failed half-way is resumed by running it again, at the same addresses', async () => {
      const account = user(2)
      const transport = http(net.devnet.rpcUrl)
      let sent = 0
      const failing = custom({
        async request({ method, params }) {
          if (method === 'eth_sendRawTransaction' && ++sent > 4) throw new Error('the connection dropped')
          return transport({ chain: net.chain }).request({ method, params } as never)
        },
      })
      const params = paramsFor(word(12))
      await expect(deploy(createWalletClient({ account, chain: net.chain, transport: failing }), params)).rejects.toThrow()

      let resumedTransactions = 0
      const counting = custom({
        async request({ method, params: rpcParams }) {
          if (method === 'eth_sendRawTransaction') resumedTransactions++
          return transport({ chain: net.chain }).request({ method, params: rpcParams } as never)
        },
      })
      const resumed: Deployment = await deploy(createWalletClient({ account, chain: net.chain, transport: counting }), params)
      // Four transactions went through the first time (the PinionDeployer already existed): the
      // token, distributor, emissions and registry. The rest were sent now.
      for (const address of [
        resumed.token,
        resumed.distributor,
        resumed.emissions,
        resumed.registry,
        resumed.params,
        resumed.timelock,
        resumed.governor,
        resumed.creditPrice,
        resumed.credits,
        resumed.splitFactory,
        resumed.sharesFactory,
        resumed.staking,
      ]) {
        expect(await net.publicClient.getCode({ address })).not.toBeUndefined()
      }
      expect(resumedTransactions).toBe(8 + 3 + 3) // params, timelock, governor, creditPrice, credits, splitFactory, sharesFactory, staking; 3 registry grants; 3 renounces
      const again = await deploy(createWalletClient({ account, chain: net.chain, transport: counting }), params)
      expect(again).toMatchObject({ ...resumed, blockNumber: expect.any(BigInt) })
      expect(resumedTransactions).toBe(14) // nothing left to do      expect((await rolesOf(resumed, net.publicClient)).filter((r) => r.holders.includes('deployer'))).toEqual([])
    })
  })
})

describe('scenario 1: the token cap', () => {
  const CAP = 2_500n * TOKEN
  let capped: Network
  beforeAll(async () => {
    capped = await ownNetwork({ deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: CAP } } })
  })
  afterAll(() => capped.stop())

  it('scenario 1: a network past its cap keeps committing roots sized from emissionReleasedFor, which adds up to exactly what was minted', async () => {
    const { emissions, distributor, token } = capped.contracts
    let total = 0n
    let uncapped = 0n
    for (let epoch = 0n; epoch < 6n; epoch++) {
      await capped.releaseEpochs(1n)
      uncapped += await emissions.read.emissionOf([epoch])
      total += await emissions.read.emissionReleasedFor([epoch])
      if (uncapped > total) {
        // Sized from the schedule, the root would overrun the funding from epoch 2 on.
        const root = await capped.versioned(rootOf(epoch, uncapped, word(epoch)))
        expect(await revertOf(distributor.simulate.commitRoot([root, await capped.signRoot(root)]))).toMatchObject({ name: 'RootExceedsFunding' })
      }
      await capped.commitRoot(rootOf(epoch, total, keccak256(toHex(`epoch ${epoch}`))))
    }
    expect(uncapped).toBeGreaterThan(CAP)
    expect(total).toBe(CAP)
    expect(await token.read.totalSupply()).toBe(CAP)
    expect(await distributor.read.funded()).toBe(CAP)
    expect(await distributor.read.nextEpoch()).toBe(6n)
  })
})
