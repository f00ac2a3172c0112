import { deviceRegistryAbi, waitForReceipt } from '@pinion/contracts'
import type { DevicePlacement } from '@pinion/kinds'
import { type Account, type Address, type Chain, type Hash, type Hex, type PublicClient, type Transport, type WalletClient, parseEventLogs } from 'viem'
import { DeviceError } from '../errors.ts'

export type FleetLocation = {
  deviceId: Hex
  /** The wallet that asserts: the device's owner, or the location asserter the owner named. */
  owner: WalletClient<Transport, Chain, Account>
  placement: DevicePlacement
}

export type AssertFleetLocationsOptions = {
  /**
   * The most each assertion may burn, in the fee token's base units; default the class's location
   * fee as read before sending, so a fee raised while the transactions are pending makes them
   * revert instead of charging more.
   */
  maxFee?: bigint
}

export type AssertedLocation = { deviceId: Hex; status: 'asserted' | 'unchanged' | 'none'; transactionHash?: Hash }

/**
 * Asserts each device's placement (cell, antenna gain, elevation) in the DeviceRegistry, skipping
 * devices whose registry entry already says exactly that — so a rerun after a crash finishes the
 * job without paying a second location fee or resetting anyone's assertion history. Transactions
 * from each owner go out back to back with explicit nonces, then every receipt is checked.
 */
export async function assertFleetLocations(
  client: PublicClient,
  registry: Address,
  devices: readonly FleetLocation[],
  options: AssertFleetLocationsOptions = {},
): Promise<AssertedLocation[]> {
  const nonces = new Map<Address, number>()
  const classFees = new Map<number, bigint>()
  const maxFeeFor = async (deviceClass: number) => {
    if (options.maxFee !== undefined) return options.maxFee
    let fee = classFees.get(deviceClass)
    if (fee === undefined) {
      fee = (await client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: 'classPolicy', args: [deviceClass] })).locationFee
      classFees.set(deviceClass, fee)
    }
    return fee
  }
  const out: AssertedLocation[] = []
  for (const { deviceId, owner, placement } of devices) {
    if (placement.asserted === null) {
      out.push({ deviceId, status: 'none' })
      continue
    }
    const current = await client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: 'deviceOf', args: [BigInt(deviceId)] })
    if (current.location === placement.asserted && current.antennaGain === placement.antennaGain && current.elevation === placement.elevation) {
      out.push({ deviceId, status: 'unchanged' })
      continue
    }
    const maxFee = await maxFeeFor(current.deviceClass)
    const from = owner.account.address
    const nonce = nonces.get(from) ?? (await client.getTransactionCount({ address: from, blockTag: 'pending' }))
    let transactionHash: Hash
    try {
      transactionHash = await owner.writeContract({
        address: registry,
        abi: deviceRegistryAbi,
        functionName: 'assertLocation',
        args: [BigInt(deviceId), placement.asserted, placement.antennaGain, placement.elevation, maxFee],
        nonce,
      })
    } catch (cause) {
      throw new DeviceError('PINION_ERR_ASSERT_LOCATION', `asserting the location of device ${deviceId} failed before it was sent; rerun to finish`, { cause })
    }
    nonces.set(from, nonce + 1)
    out.push({ deviceId, status: 'asserted', transactionHash })
  }
  for (const device of out) {
    if (device.transactionHash === undefined) continue
    const receipt = await waitForReceipt(client, device.transactionHash)
    const asserted = parseEventLogs({ abi: deviceRegistryAbi, logs: receipt.logs, eventName: 'LocationAsserted' })
    if (receipt.status !== 'success' || !asserted.some((e) => e.args.deviceId === BigInt(device.deviceId))) {
      throw new DeviceError('PINION_ERR_ASSERT_LOCATION', `transaction ${device.transactionHash} for device ${device.deviceId} did not assert its location`)
    }
  }
  return out
}
