import { KeyType, type Registration, deviceRegistryAbi, registrationTypedData, waitForReceipt } from '@pinion/contracts'
import { type DeviceKey, deviceIdOf, signP256 } from '@pinion/protocol'
import { type Account, type Address, type Chain, type Hash, type Hex, type Transport, type WalletClient, hexToBytes, parseEventLogs, publicActions } from 'viem'
import { DeviceError } from '../errors.ts'

/** A device to register: its key (the private key only matters for P-256 possession proofs). */
export type FleetRegistration = {
  key: DeviceKey
  /** Operator receiving the device token; default `RegisterFleetOptions.owner`, else the sender. */
  owner?: Address
  /** The maker's serial; default the device id, unique per key. */
  serial?: Hex
}

export type RegisterFleetOptions = {
  /** Sends the transactions and pays gas: the maker's or the owner's wallet. */
  walletClient: WalletClient<Transport, Chain, Account>
  registry: Address
  chainId: number
  devices: readonly FleetRegistration[]
  /** The maker approved for `deviceClass`; signs each registration (EIP-712), locally or through the node. */
  maker: Account
  deviceClass: number
  owner?: Address
  /**
   * The nonce the maker signs; default its current nonce floor on chain (`makerNonceFloor`), so
   * raising the floor above it revokes every signature of this run that has not landed.
   */
  nonce?: bigint
  /**
   * Unix seconds (chain time) after which the maker's signatures are void; default the latest
   * block's time plus `DEFAULT_SIGNATURE_LIFETIME_SECONDS`.
   */
  deadline?: bigint
}

/**
 * How long a maker's signature made by `registerFleet` stays usable by default: enough for every
 * transaction of a run to land, short enough that a leaked, unsent signature soon expires.
 */
export const DEFAULT_SIGNATURE_LIFETIME_SECONDS = 3_600n

export type RegisteredDevice = {
  deviceId: Hex
  /** The device's ERC-721 token id: the device id as a number. */
  tokenId: bigint
  owner: Address
  /** Whether a P-256 possession proof went with the registration. */
  keyProven: boolean
  /** 'already-registered': the serial was already this device's on chain, so nothing was sent. */
  status: 'registered' | 'already-registered'
  transactionHash?: Hash
}

/**
 * Registers `devices` in the DeviceRegistry with maker-signed registrations (with a nonce and a
 * deadline); P-256 devices always prove possession of their key (`registerDeviceWithProof`), which
 * the registry requires of them. Devices whose serial already maps to them are skipped, so a rerun
 * after a partial failure finishes the job.
 *
 * Transactions go out back to back with explicit nonces (no waiting for each to be mined), then
 * every receipt is awaited and checked for its DeviceRegistered event.
 */
export async function registerFleet(options: RegisterFleetOptions): Promise<RegisteredDevice[]> {
  const { walletClient, registry, chainId, deviceClass, maker } = options
  const client = walletClient.extend(publicActions)
  const sender = walletClient.account.address
  const registryContract = { address: registry, abi: deviceRegistryAbi } as const
  const possessionMessages = new Map<Address, Hex>()
  const possessionMessage = async (owner: Address) => {
    let message = possessionMessages.get(owner)
    if (message === undefined) {
      message = await client.readContract({ ...registryContract, functionName: 'possessionMessage', args: [owner, deviceClass] })
      possessionMessages.set(owner, message)
    }
    return message
  }

  const makerNonce = options.nonce ?? (await client.readContract({ ...registryContract, functionName: 'makerNonceFloor', args: [maker.address] }))
  const deadline = options.deadline ?? (await client.getBlock()).timestamp + DEFAULT_SIGNATURE_LIFETIME_SECONDS

  let nonce = await client.getTransactionCount({ address: sender, blockTag: 'pending' })
  const out: RegisteredDevice[] = []
  for (const device of options.devices) {
    const deviceId = deviceIdOf(device.key.publicKey)
    const tokenId = BigInt(deviceId)
    const registration: Registration = {
      keyType: device.key.type === 'p256' ? KeyType.P256 : KeyType.Ed25519,
      key: device.key.publicKey,
      deviceClass,
      serial: device.serial ?? deviceId,
      owner: device.owner ?? options.owner ?? sender,
      nonce: makerNonce,
      deadline,
    }
    const keyProven = device.key.type === 'p256'
    const holder = await client.readContract({ ...registryContract, functionName: 'deviceIdBySerial', args: [deviceClass, registration.serial] })
    if (holder === tokenId) {
      out.push({ deviceId, tokenId, owner: registration.owner, keyProven, status: 'already-registered' })
      continue
    }

    const makerSignature = await walletClient.signTypedData({ account: maker, ...registrationTypedData(chainId, registry, registration) })
    let transactionHash: Hash
    try {
      if (keyProven) {
        const { r, s } = signP256(device.key.privateKey, hexToBytes(await possessionMessage(registration.owner)))
        transactionHash = await walletClient.writeContract({
          ...registryContract,
          functionName: 'registerDeviceWithProof',
          args: [registration, maker.address, makerSignature, r, s],
          nonce,
        })
      } else {
        transactionHash = await walletClient.writeContract({
          ...registryContract,
          functionName: 'registerDevice',
          args: [registration, maker.address, makerSignature],
          nonce,
        })
      }
    } catch (cause) {
      throw new DeviceError('PINION_ERR_REGISTER_FLEET', `registering device ${deviceId} failed before it was sent (${out.length} earlier devices were sent; rerun to finish)`, {
        cause,
      })
    }
    nonce++
    out.push({ deviceId, tokenId, owner: registration.owner, keyProven, status: 'registered', transactionHash })
  }

  for (const device of out) {
    if (device.transactionHash === undefined) continue
    const receipt = await waitForReceipt(client, device.transactionHash)
    const registered = parseEventLogs({ abi: deviceRegistryAbi, logs: receipt.logs, eventName: 'DeviceRegistered' })
    if (receipt.status !== 'success' || !registered.some((e) => e.args.deviceId === device.tokenId && e.args.owner === device.owner)) {
      throw new DeviceError(
        'PINION_ERR_REGISTER_FLEET',
        `transaction ${device.transactionHash} for device ${device.deviceId} ${receipt.status === 'success' ? 'did not emit its DeviceRegistered event' : 'reverted'}`,
      )
    }
  }
  return out
}
