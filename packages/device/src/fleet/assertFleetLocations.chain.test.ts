import { RewardTree, generateDeviceKey } from '@pinion/protocol'
import { type Account, BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, http, keccak256, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { DeviceError } from '../errors.ts'
import { assertFleetLocations } from './assertFleetLocations.ts'
import { registerFleet } from './registerFleet.ts'

const CLASS = 7
/** Two valid res-12 H3 cells in San Francisco. */
const CELL_A = 0x8c283082a30e5ffn
const CELL_B = 0x8c283082a3001ffn

describe('assertFleetLocations (anvil devnet)', () => {
  let net: Network
  let owners: Account[]

  beforeAll(async () => {
    net = await workerNetwork()
    owners = net.accounts.users.slice(0, 2)
    await net.send(net.accounts.admin, { ...net.contracts.registry, functionName: 'addMaker', args: [CLASS, net.accounts.maker.address] })
  })
  revertEachTest(() => net)

  const wallet = (account: Account) => createWalletClient({ account, chain: net.chain, transport: http(net.devnet.rpcUrl), pollingInterval: 50 })
  const client = () => createPublicClient({ chain: net.chain, transport: http(net.devnet.rpcUrl), pollingInterval: 50 })

  it('asserts each placement from its owner’s wallet, skips what is already asserted, and leaves unplaced devices alone', async () => {
    const keys = [generateDeviceKey('ed25519'), generateDeviceKey('ed25519'), generateDeviceKey('ed25519')]
    const registered = await registerFleet({
      walletClient: wallet(net.accounts.maker),
      registry: net.deployment.registry,
      chainId: net.chain.id,
      maker: net.accounts.maker,
      deviceClass: CLASS,
      devices: keys.map((key, i) => ({ key, owner: owners[i % 2]!.address })),
    })
    const placements = [
      { asserted: CELL_A, actual: CELL_A, antennaGain: 30, elevation: 12 },
      { asserted: CELL_B, actual: CELL_A, antennaGain: -5, elevation: 0 },
      { asserted: null, actual: null, antennaGain: 0, elevation: 0 },
    ]
    const fleet = registered.map((d, i) => ({ deviceId: d.deviceId, owner: wallet(owners[i % 2]!), placement: placements[i]! }))
    const first = await assertFleetLocations(client(), net.deployment.registry, fleet)
    expect(first.map((r) => r.status)).toEqual(['asserted', 'asserted', 'none'])
    for (const [i, d] of registered.entries()) {
      const device = await net.contracts.registry.read.deviceOf([d.tokenId])
      expect([device.location, device.antennaGain, device.elevation]).toEqual(
        i === 2 ? [0n, 0, 0] : [placements[i]!.asserted, placements[i]!.antennaGain, placements[i]!.elevation],
      )
    }

    const nonces = await Promise.all(owners.map((o) => net.publicClient.getTransactionCount({ address: o.address })))
    const again = await assertFleetLocations(client(), net.deployment.registry, fleet)
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'none'])
    expect(await Promise.all(owners.map((o) => net.publicClient.getTransactionCount({ address: o.address })))).toEqual(nonces)
  })

  it('fails with PINION_ERR_ASSERT_LOCATION, naming the device, when the sender does not own it', async () => {
    const [device] = await registerFleet({
      walletClient: wallet(net.accounts.maker),
      registry: net.deployment.registry,
      chainId: net.chain.id,
      maker: net.accounts.maker,
      deviceClass: CLASS,
      devices: [{ key: generateDeviceKey('ed25519'), owner: owners[0]!.address }],
    })
    const error = await assertFleetLocations(client(), net.deployment.registry, [
      { deviceId: device!.deviceId, owner: wallet(owners[1]!), placement: { asserted: CELL_A, actual: CELL_A, antennaGain: 0, elevation: 0 } },
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeviceError)
    expect((error as DeviceError).code).toBe('PINION_ERR_ASSERT_LOCATION')
    expect((error as DeviceError).message).toContain(device!.deviceId)
  })

  it('agrees to pay the class’s location fee it read, and fails rather than pay more than options.maxFee', async () => {
    const FEE = 10n ** 18n
    const { registry, token, distributor } = net.contracts
    const owner = owners[0]!
    const setLocationFee = (locationFee: bigint) =>
      net.send(net.accounts.admin, { ...registry, functionName: 'setClassPolicy', args: [CLASS, { permissionless: false, registrationFee: 0n, locationFee }] })
    // The owner gets FEE the way operators do (a committed root, a claim) and lets the registry burn it.
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([{ recipient: owner.address, cumulativeAmount: FEE }])
    await net.publishRoot({
      epoch: await distributor.read.nextEpoch(),
      root: tree.root,
      totalCumulative: FEE,
      inputsHash: keccak256(toHex('in')),
      paramsHash: keccak256(toHex('params')),
    })
    await net.send(owner, { ...distributor, functionName: 'claim', args: [FEE, tree.proof(0)] })
    await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, FEE] })
    await setLocationFee(FEE)

    const devices = await registerFleet({
      walletClient: wallet(net.accounts.maker),
      registry: net.deployment.registry,
      chainId: net.chain.id,
      maker: net.accounts.maker,
      deviceClass: CLASS,
      devices: [
        { key: generateDeviceKey('ed25519'), owner: owner.address },
        { key: generateDeviceKey('ed25519'), owner: owner.address },
      ],
    })
    const placement = { asserted: CELL_A, actual: CELL_A, antennaGain: 0, elevation: 0 }
    try {
      const error = await assertFleetLocations(client(), net.deployment.registry, [{ deviceId: devices[0]!.deviceId, owner: wallet(owner), placement }], {
        maxFee: FEE - 1n,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DeviceError)
      const cause = (error as DeviceError).cause
      const reverted = cause instanceof BaseError ? cause.walk((e) => e instanceof ContractFunctionRevertedError) : null
      expect(reverted instanceof ContractFunctionRevertedError ? [reverted.data?.errorName, reverted.data?.args] : undefined).toEqual(['FeeAboveMax', [FEE, FEE - 1n]])

      const asserted = await assertFleetLocations(client(), net.deployment.registry, [{ deviceId: devices[1]!.deviceId, owner: wallet(owner), placement }])
      expect(asserted.map((a) => a.status)).toEqual(['asserted'])
      expect(await token.read.balanceOf([owner.address])).toBe(0n)
    } finally {
      await setLocationFee(0n)
    }
  })
})
