import { devnetAccounts } from '@pinion/contracts'
import { assertFleetLocations } from '@pinion/device'
import { latLngToCell } from 'h3-js'
import { type Address, type Chain, type Hex, createPublicClient, createWalletClient, http } from 'viem'

/** Two Swiss towns the test's devices stand in: enough spread for the map to draw several cells. */
const SWISS_TOWNS: readonly Town[] = [
  { lat: 47.3769, lng: 8.5417 }, // Zürich
  { lat: 46.948, lng: 7.4474 }, // Bern
]

export type Town = { lat: number; lng: number }
/** The map's finest cells are resolution 10; devices assert resolution 12, as placed hotspots do. */
const ASSERTED_RESOLUTION = 12

/**
 * Asserts locations on chain for `count` of the devices, sent by their owners (devnet operators),
 * spread over the towns: the uptime kind places nothing, and the map needs devices with places.
 */
export async function placeDevices(
  rpcUrl: string,
  chain: Chain,
  registry: Address,
  devices: readonly { deviceId: Hex; owner: Address }[],
  towns: readonly Town[] = SWISS_TOWNS,
): Promise<void> {
  const client = createPublicClient({ chain, transport: http(rpcUrl) })
  const wallets = new Map(devnetAccounts(10).map((account) => [account.address.toLowerCase(), createWalletClient({ account, chain, transport: http(rpcUrl) })]))
  await assertFleetLocations(
    client,
    registry,
    devices.map((device, i) => {
      const town = towns[i % towns.length]!
      // A few hundred metres apart, deterministically: devices share some cells and not others.
      const cell = latLngToCell(town.lat + (i % 3) * 0.004, town.lng + Math.floor(i / 3) * 0.006, ASSERTED_RESOLUTION)
      const owner = wallets.get(device.owner.toLowerCase())
      if (owner === undefined) throw new Error(`device ${device.deviceId} is owned by ${device.owner}, not a devnet account`)
      return { deviceId: device.deviceId, owner, placement: { asserted: BigInt(`0x${cell}`), actual: BigInt(`0x${cell}`), antennaGain: 40, elevation: 12 } }
    }),
  )
}
