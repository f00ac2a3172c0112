import { deviceRegistryAbi } from '@pinion/contracts/generated'
import type { DeviceDetail, DeviceEpochsResponse } from '@pinion/oracle/api'
import { type AbiEvent, type Address, type Hex, type PublicClient, numberToHex } from 'viem'
import { ApiError, apiGet } from '../lib/api.ts'

const TRANSFER = (deviceRegistryAbi as readonly AbiEvent[]).find((item) => item.type === 'event' && item.name === 'Transfer')!

/**
 * A device an address owns: the oracle's record of it (null while its follower has not seen the
 * registration yet) and its latest computed epoch (null before the first).
 */
export type OwnedDevice = { deviceId: Hex; device: DeviceDetail | null; latest: DeviceEpochsResponse['epochs'][number] | null }

/**
 * The devices `owner` holds now, from the chain: every registry token ever sent to it (ERC-721
 * Transfer events, `to` indexed, since the deployment's block), kept where `ownerOf` is still the
 * owner (a device sold on, or retired, drops out), in registration order.
 */
async function ownedDeviceIds(client: PublicClient, registry: Address, owner: Address, fromBlock: bigint): Promise<Hex[]> {
  const logs = await client.getLogs({ address: registry, event: TRANSFER, args: { to: owner }, fromBlock, toBlock: 'latest' })
  const ids = [...new Set(logs.map((log) => (log as unknown as { args: { tokenId: bigint } }).args.tokenId))]
  const owners = await Promise.all(
    ids.map((id) =>
      client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: 'ownerOf', args: [id] }).then(
        (address) => address,
        () => null, // burnt: no owner
      ),
    ),
  )
  return ids.filter((_, i) => owners[i]?.toLowerCase() === owner.toLowerCase()).map((id) => numberToHex(id, { size: 32 }))
}

/** Each owned device as the oracle sees it: status, kinds, and its reward in the latest computed epoch. */
export async function readOwnedDevices(client: PublicClient, registry: Address, owner: Address, fromBlock: bigint, signal?: AbortSignal): Promise<OwnedDevice[]> {
  const ids = await ownedDeviceIds(client, registry, owner, fromBlock)
  return Promise.all(
    ids.map(async (deviceId) => {
      const device = await apiGet<DeviceDetail>(`/v1/devices/${deviceId}`, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'PINION_ERR_DEVICE_NOT_FOUND') return null
        throw error
      })
      const epochs = device === null ? null : await apiGet<DeviceEpochsResponse>(`/v1/devices/${deviceId}/epochs?limit=1`, signal)
      return { deviceId, device, latest: epochs?.epochs.at(-1) ?? null }
    }),
  )
}
