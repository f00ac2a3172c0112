import { type Address, createPublicClient, createWalletClient, encodeAbiParameters, getContractAddress, http, keccak256, zeroHash } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { pinionDeployerAbi, pinionDeployerBytecode } from '../generated/artifacts.ts'
import { kindArtifacts } from '../generated/kinds/index.ts'
import { DETERMINISTIC_DEPLOYMENT_PROXY, type DeployParams, deploy, rolesOf } from '../sdk/deploy.ts'
import { pinionContracts } from '../sdk/contracts.ts'
import { devnetAccounts, startDevnet } from '../sdk/devnet.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { word } from '@pinion/testkit/words'

describe('deploy', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({ registryAdmin: false })
  })
  revertEachTest(() => net)

  it('wires the token, emissions, distributor, registry, parameters and governance together', async () => {
    const { token, emissions, distributor, registry, params, governor, timelock } = net.contracts
    expect(await token.read.minter()).toBe(net.deployment.emissions)
    expect(await token.read.rewardPool()).toBe(net.deployment.distributor)
    expect(await emissions.read.distributor()).toBe(net.deployment.distributor)
    expect(await emissions.read.token()).toBe(net.deployment.token)
    expect(await distributor.read.token()).toBe(net.deployment.token)
    expect(await registry.read.feeToken()).toBe(net.deployment.token)
    expect(await distributor.read.quorum()).toBe(2n)
    expect(await distributor.read.oracleCount()).toBe(3n)
    expect(await distributor.read.guardian()).toBe(net.accounts.guardian.address)
    expect(await distributor.read.disputeWindow()).toBe(BigInt(net.params.disputeWindowSeconds))
    expect(await token.read.cap()).toBe(net.params.token.cap)
    expect(await params.read.epochSchedule()).toEqual([net.params.emissions.genesisTime, net.params.emissions.epochDuration])
    expect(await governor.read.token()).toBe(net.deployment.token)
    expect(await governor.read.timelock()).toBe(net.deployment.timelock)
    expect(await timelock.read.hasRole([await timelock.read.PROPOSER_ROLE(), net.deployment.governor])).toBe(true)
    expect(net.deployment).toMatchObject({ deployedBy: net.accounts.admin.address, guardian: net.accounts.guardian.address })
  })

  it('deploys every contract through the PinionDeployer at the address it predicts for the account and salt', async () => {
    const factory = getContractAddress({ opcode: 'CREATE2', from: DETERMINISTIC_DEPLOYMENT_PROXY, salt: zeroHash, bytecode: pinionDeployerBytecode })
    expect(net.deployment.deployer).toBe(factory)
    const predicted = await net.publicClient.readContract({
      address: factory,
      abi: pinionDeployerAbi,
      functionName: 'predict',
      args: [net.accounts.admin.address, word(1)],
    })
    // Another account's prediction for the same salt differs: nobody can take an address meant for someone else.
    const other = await net.publicClient.readContract({
      address: factory,
      abi: pinionDeployerAbi,
      functionName: 'predict',
      args: [net.accounts.users[0]!.address, word(1)],
    })
    expect(predicted).not.toBe(other)
  })

  it('puts the same network at the same addresses on another chain, and another salt elsewhere', async () => {
    const devnet = await startDevnet({ chainId: 4_242 })
    try {
      const wallet = createWalletClient({ account: net.accounts.admin, chain: devnet.chain, transport: http(devnet.rpcUrl) })
      const twin = await deploy(wallet, net.params)
      for (const name of ['token', 'distributor', 'emissions', 'registry', 'params', 'timelock', 'governor', 'deployer'] as const) {
        expect(twin[name], name).toBe(net.deployment[name])
      }
      const other = await deploy(wallet, { ...net.params, salt: word(7) })
      expect(other.token).not.toBe(twin.token)
    } finally {
      await devnet.stop()
    }
  })

  it('approves the makers it is given before the registry passes to governance', async () => {
    const maker = net.accounts.maker.address
    const deployment = await deploy(net.walletFor(net.accounts.users[0]!), { ...net.params, registry: { makers: [{ deviceClass: 3, maker }] } })
    const { registry } = pinionContracts(deployment, net.publicClient)
    expect(await registry.read.isMaker([3, maker])).toBe(true)
    expect(await registry.read.hasRole([await registry.read.MAKER_ADMIN_ROLE(), net.accounts.users[0]!.address])).toBe(false)
  })

  it('lets the deploying account be the guardian when named so (the devnet does), and nothing more', async () => {
    const account = net.accounts.users[2]!
    const deployment = await deploy(net.walletFor(account), { ...net.params, guardian: account.address })
    const held = (await rolesOf(deployment, net.publicClient)).filter((r) => r.holders.includes('deployer')).map((r) => `${r.contract}.${r.role}`)
    expect(held).toEqual(['distributor.guardian()', 'registry.guardian()', 'staking.guardian()'])
  })

  it('falls back to a PinionDeployer of its own where the deterministic deployment proxy is missing, and resumes with it', async () => {
    const devnet = await startDevnet()
    try {
      const transport = http(devnet.rpcUrl)
      const client = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 })
      await client.request({ method: 'anvil_setCode' as never, params: [DETERMINISTIC_DEPLOYMENT_PROXY, '0x'] as never })
      const [account] = devnetAccounts(1)
      const wallet = createWalletClient({ account: account!, chain: devnet.chain, transport })
      const params: DeployParams = { ...net.params, emissions: { ...net.params.emissions, genesisTime: (await client.getBlock()).timestamp } }
      const deployment = await deploy(wallet, params)
      expect(deployment.deployer).toBe(getContractAddress({ from: account!.address, nonce: 0n }))
      const resumed = await deploy(wallet, { ...params, factory: deployment.deployer })
      expect({ ...resumed, blockNumber: 0n }).toEqual({ ...deployment, blockNumber: 0n })
    } finally {
      await devnet.stop()
    }
  })

  it("deploys the contracts of each kind it is given, at addresses of their own, and leaves the core contracts' addresses as they were", async () => {
    expect(net.deployment.kinds).toEqual({})
    const wallet = net.walletFor(net.accounts.admin)
    // The network without kinds is there already: deploy() resumes it and adds the kinds' contracts.
    const withKinds = await deploy(wallet, { ...net.params, kinds: ['uptime', 'ping'] })
    for (const name of ['token', 'distributor', 'emissions', 'registry', 'params', 'timelock', 'governor', 'deployer'] as const) {
      expect(withKinds[name], name).toBe(net.deployment[name])
    }
    // uptime has no contracts of its own; ping has PingMarket, built with (token, registry).
    expect(Object.keys(withKinds.kinds)).toEqual(['uptime', 'ping'])
    expect(withKinds.kinds.uptime).toEqual({})
    const market = { address: withKinds.kinds.ping!.PingMarket!, abi: kindArtifacts.ping.PingMarket.abi }
    expect(await net.publicClient.readContract({ ...market, functionName: 'token' })).toBe(net.deployment.token)
    expect(await net.publicClient.readContract({ ...market, functionName: 'registry' })).toBe(net.deployment.registry)

    // Resuming again sends nothing and finds everything where it was.
    const block = await net.publicClient.getBlockNumber()
    expect((await deploy(wallet, { ...net.params, kinds: ['ping'] })).kinds).toEqual({ ping: withKinds.kinds.ping })
    expect(await net.publicClient.getBlockNumber()).toBe(block)
  })

  describe('parameters', () => {
    const invalid = (change: (params: DeployParams) => DeployParams) => deploy(net.walletFor(net.accounts.users[1]!), change(net.params))
    const rejects = async (change: (params: DeployParams) => DeployParams, message: RegExp) =>
      expect(invalid(change)).rejects.toMatchObject({ code: 'PINION_ERR_DEPLOY_PARAMS', message: expect.stringMatching(message) })

    it('rejects an oracle quorum that is not a strict majority, and repeated or missing oracles', async () => {
      const signers = net.params.oracles.signers
      await rejects((p) => ({ ...p, oracles: { signers, quorum: 1 } }), /quorum is 1, expected 2 to 3: a strict majority/)
      await rejects((p) => ({ ...p, oracles: { signers, quorum: 4 } }), /quorum is 4, expected 2 to 3/)
      await rejects((p) => ({ ...p, oracles: { signers: [signers[0]!, signers[0]!], quorum: 2 } }), /must be distinct/)
      await rejects((p) => ({ ...p, oracles: { signers: [], quorum: 1 } }), /at least one oracle/)
    })

    it('rejects a cap above 2^192 - 1 and genesis allocations above the cap', async () => {
      await rejects((p) => ({ ...p, token: { ...p.token, cap: 1n << 192n } }), /above the largest allowed, 2\^192 - 1/)
      const holder = net.accounts.admin.address as Address
      await rejects((p) => ({ ...p, token: { ...p.token, genesisAllocations: [{ holder, amount: p.token.cap + 1n }] } }), /above the token cap/)
    })

    it('rejects governance settings and a dispute window out of range', async () => {
      await rejects((p) => ({ ...p, governance: { ...p.governance, quorumPercent: 0 } }), /quorumPercent is 0/)
      await rejects((p) => ({ ...p, governance: { ...p.governance, votingPeriodSeconds: 0 } }), /votingPeriodSeconds is 0/)
      await rejects((p) => ({ ...p, governance: { ...p.governance, votingDelaySeconds: -1 } }), /votingDelaySeconds is -1/)
      await rejects((p) => ({ ...p, disputeWindowSeconds: 31 * 86_400 }), /disputeWindowSeconds is 2678400, expected .* \(30 days\)/)
    })

    it('rejects parameter sets with an empty or repeated name or a hash that is not 32 bytes', async () => {
      const hash = keccak256(encodeAbiParameters([{ type: 'string' }], ['x']))
      await rejects((p) => ({ ...p, params: [{ name: '', hash }] }), /empty name/)
      await rejects(
        (p) => ({
          ...p,
          params: [
            { name: 'pools', hash },
            { name: 'pools', hash },
          ],
        }),
        /"pools" is given twice/,
      )
      await rejects((p) => ({ ...p, params: [{ name: 'pools', hash: '0x1234' }] }), /has hash 0x1234, expected 32 bytes/)
    })

    it('rejects kind names that are not kind names, and a kind given twice', async () => {
      await rejects((p) => ({ ...p, kinds: ['Ping'] }), /kind "Ping" is not a kind name/)
      await rejects((p) => ({ ...p, kinds: ['../ping'] }), /kind "\.\.\/ping" is not a kind name/)
      await rejects((p) => ({ ...p, kinds: ['ping', 'ping'] }), /kind "ping" is given twice/)
    })
  })
})
