import { type GovernanceAction, deviceIdHex, deviceRegistryAbi } from '@pinion/contracts'
import type { Address, Hex } from 'viem'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

const registryOf = (gov: Gov) => ({ address: gov.contracts.registry, abi: deviceRegistryAbi }) as const

export async function addMaker(gov: Gov, deviceClass: number, maker: Address): Promise<GovernanceAction> {
  if (await gov.client.readContract({ ...registryOf(gov), functionName: 'isMaker', args: [deviceClass, maker] })) {
    throw new GovError('PINION_ERR_GOV_MAKER', `maker ${maker} already is approved for device class ${deviceClass}`)
  }
  return { action: 'add-maker', deviceClass, maker }
}

export async function removeMaker(gov: Gov, deviceClass: number, maker: Address): Promise<GovernanceAction> {
  if (!(await gov.client.readContract({ ...registryOf(gov), functionName: 'isMaker', args: [deviceClass, maker] }))) {
    throw new GovError('PINION_ERR_GOV_MAKER', `maker ${maker} is not approved for device class ${deviceClass}; expected an approved maker`)
  }
  return { action: 'remove-maker', deviceClass, maker }
}

/** The device's record and whether it still has an owner (is not retired); unknown devices are refused. */
async function deviceOf(gov: Gov, deviceId: bigint) {
  const device = await gov.client.readContract({ ...registryOf(gov), functionName: 'deviceOf', args: [deviceId] }).catch((cause: unknown) => {
    throw new GovError('PINION_ERR_GOV_DEVICE', `device ${deviceIdHex(deviceId)} is not registered; expected the id of a registered device (keccak256 of its key)`, { cause })
  })
  const owned = await gov.client.readContract({ ...registryOf(gov), functionName: 'ownerOf', args: [deviceId] }).then(
    () => true,
    () => false,
  )
  return { ...device, owned }
}

export async function setSuspended(gov: Gov, deviceId: bigint, suspend: boolean): Promise<GovernanceAction> {
  const device = await deviceOf(gov, deviceId)
  const id = deviceIdHex(deviceId)
  if (!device.owned) throw new GovError('PINION_ERR_GOV_DEVICE', `device ${id} is retired; only a device with an owner can be ${suspend ? 'suspended' : 'reinstated'}`)
  if (device.suspended === suspend) throw new GovError('PINION_ERR_GOV_DEVICE', `device ${id} already is ${suspend ? 'suspended' : 'active'}`)
  return { action: suspend ? 'suspend' : 'reinstate', deviceId }
}

export async function releaseKey(gov: Gov, deviceId: bigint, serial: Hex): Promise<GovernanceAction> {
  const device = await deviceOf(gov, deviceId)
  const bySerial = await gov.client.readContract({ ...registryOf(gov), functionName: 'deviceIdBySerial', args: [device.deviceClass, serial] })
  if (bySerial !== deviceId) {
    throw new GovError(
      'PINION_ERR_GOV_DEVICE',
      `serial ${serial} is not device ${deviceIdHex(deviceId)}'s in class ${device.deviceClass}; expected the serial its DeviceRegistered event published`,
    )
  }
  return { action: 'release-key', deviceId, serial }
}
