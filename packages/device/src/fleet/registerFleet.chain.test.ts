import { deviceRegistryAbi } from '@pinion/contracts'
import { type DeviceKey, deviceIdOf, generateDeviceKey, p256KeyPair } from '@pinion/protocol'
import { type Account, BaseError, ContractFunctionRevertedError, createWalletClient, http, keccak256, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { DeviceError } from '../errors.ts'
import { registerFleet } from './registerFleet.ts'

/** The class the maker is approved for. */
const CLASS = 7

describe('registerFleet (anvil devnet)', () => {
  let net: Network
  let maker: Account
  let owner: Account

  beforeAll(async () => {
    net = await workerNetwork()
    maker = net.accounts.maker
    owner = net.accounts.users[0]!
    await net.send(net.accounts.admin, { ...net.contracts.registry, functionName: 'addMaker', args: [CLASS, maker.address] })
  })
  revertEachTest(() => net)

  /** A wallet that polls receipts often: anvil mines at once, viem's default 4 s poll would dominate. */
  const wallet = (account: Account) => createWalletClient({ account, chain: net.chain, transport: http(net.devnet.rpcUrl), pollingInterval: 50 })
  /** The registry error a DeviceError's cause reverted with. */
  const revertedWith = (error: unknown) => {
    const cause = error instanceof DeviceError ? error.cause : undefined
    const reverted = cause instanceof BaseError ? cause.walk((e) => e instanceof ContractFunctionRevertedError) : null
    return reverted instanceof ContractFunctionRevertedError ? { name: reverted.data?.errorName, args: reverted.data?.args } : undefined
  }
  const registered = async (fromBlock: bigint) =>
    net.publicClient.getContractEvents({ ...net.contracts.registry, abi: deviceRegistryAbi, eventName: 'DeviceRegistered', fromBlock })

  it('registers ed25519 and P-256 devices from the maker’s wallet, with possession proofs for P-256, and a rerun sends nothing', async () => {
    const keys: DeviceKey[] = [generateDeviceKey('ed25519'), generateDeviceKey('ed25519'), { type: 'p256', ...p256KeyPair() }]
    const fromBlock = (await net.publicClient.getBlockNumber()) + 1n
    const options = { walletClient: wallet(maker), registry: net.deployment.registry, chainId: net.chain.id, maker, deviceClass: CLASS, owner: owner.address }
    const devices = await registerFleet({ ...options, devices: keys.map((key) => ({ key })) })

    expect(devices.map((d) => [d.deviceId, d.owner, d.keyProven, d.status])).toEqual(keys.map((k) => [deviceIdOf(k.publicKey), owner.address, k.type === 'p256', 'registered']))
    for (const [i, key] of keys.entries()) {
      const tokenId = BigInt(deviceIdOf(key.publicKey))
      expect(await net.contracts.registry.read.ownerOf([tokenId])).toBe(owner.address)
      expect(await net.contracts.registry.read.deviceOf([tokenId])).toMatchObject({ deviceClass: CLASS, keyType: key.type === 'p256' ? 2 : 1, keyProven: i === 2 })
    }
    const events = await registered(fromBlock)
    expect(events.map((e) => e.args)).toEqual(
      keys.map((key) => ({
        deviceId: BigInt(deviceIdOf(key.publicKey)),
        owner: owner.address,
        deviceClass: CLASS,
        keyType: key.type === 'p256' ? 2 : 1,
        key: key.publicKey,
        serial: deviceIdOf(key.publicKey),
        maker: maker.address,
      })),
    )

    const nonce = await net.publicClient.getTransactionCount({ address: maker.address })
    const again = await registerFleet({ ...options, devices: keys.map((key) => ({ key })) })
    expect(again.map((d) => d.status)).toEqual(['already-registered', 'already-registered', 'already-registered'])
    expect(await net.publicClient.getTransactionCount({ address: maker.address })).toBe(nonce)
  })

  it('registers from the owner’s wallet with the maker signing locally, owner and serial per device', async () => {
    const other = net.accounts.users[1]!
    const key = generateDeviceKey('p256')
    const serial = keccak256(toHex('serial 1'))
    const [device] = await registerFleet({
      walletClient: wallet(owner),
      registry: net.deployment.registry,
      chainId: net.chain.id,
      maker,
      deviceClass: CLASS,
      devices: [{ key, owner: other.address, serial }],
    })
    expect(device).toMatchObject({ owner: other.address, keyProven: true, status: 'registered' })
    expect(await net.contracts.registry.read.ownerOf([device!.tokenId])).toBe(other.address)
    expect(await net.contracts.registry.read.deviceIdBySerial([CLASS, serial])).toBe(device!.tokenId)
  })

  it('fails with PINION_ERR_REGISTER_FLEET, naming the device, when the maker is not approved for the class', async () => {
    const key = generateDeviceKey('ed25519')
    const error = await registerFleet({
      walletClient: wallet(maker),
      registry: net.deployment.registry,
      chainId: net.chain.id,
      maker,
      deviceClass: CLASS + 1,
      devices: [{ key }],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeviceError)
    expect((error as DeviceError).code).toBe('PINION_ERR_REGISTER_FLEET')
    expect((error as DeviceError).message).toContain(deviceIdOf(key.publicKey))
  })

  it('signs at the maker’s nonce floor with a deadline: a floor raised above a nonce, or a passed deadline, stops the registration', async () => {
    const options = { walletClient: wallet(maker), registry: net.deployment.registry, chainId: net.chain.id, maker, deviceClass: CLASS, owner: owner.address }
    await net.send(maker, { ...net.contracts.registry, functionName: 'revokeRegistrationsBelow', args: [3n] })

    const revoked = generateDeviceKey('ed25519')
    const belowFloor = await registerFleet({ ...options, devices: [{ key: revoked }], nonce: 2n }).catch((e: unknown) => e)
    expect(revertedWith(belowFloor)).toEqual({ name: 'RegistrationRevoked', args: [maker.address, 2n, 3n] })

    const { timestamp } = await net.publicClient.getBlock()
    const expired = await registerFleet({ ...options, devices: [{ key: revoked }], deadline: timestamp - 1n }).catch((e: unknown) => e)
    expect(revertedWith(expired)?.name).toBe('RegistrationExpired')

    // By default the run signs at the current floor, valid for an hour of chain time.
    const fromBlock = (await net.publicClient.getBlockNumber()) + 1n
    const [device] = await registerFleet({ ...options, devices: [{ key: revoked }] })
    expect(device).toMatchObject({ status: 'registered', owner: owner.address })
    expect((await registered(fromBlock)).map((e) => e.args.deviceId)).toEqual([device!.tokenId])
  })
})
