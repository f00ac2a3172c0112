import type { DeviceRecord } from '@pinion/kinds'
import type { Address, Hex, PublicClient } from 'viem'
import { decodeRegistryLogs, foldRegistryEvents, toDeviceRecord } from './registryEvents.ts'

/**
 * The registry as of the end of `toBlock`, read straight from the chain (no oracle, no database):
 * what `pinion epoch replay` uses to check an oracle's root independently.
 */
export async function registryAt(client: PublicClient, registry: Address, fromBlock: bigint, toBlock: bigint, maxBlockRange = 2_000n): Promise<Map<Hex, DeviceRecord>> {
  const devices = new Map()
  for (let start = fromBlock; start <= toBlock; start += maxBlockRange) {
    const end = start + maxBlockRange - 1n < toBlock ? start + maxBlockRange - 1n : toBlock
    const logs = await client.getLogs({ address: registry, fromBlock: start, toBlock: end })
    const times = new Map<bigint, bigint>()
    for (const blockNumber of new Set(logs.map((l) => l.blockNumber!))) {
      times.set(blockNumber, (await client.getBlock({ blockNumber })).timestamp * 1000n)
    }
    foldRegistryEvents(decodeRegistryLogs(logs, times), devices)
  }
  return new Map([...devices.values()].map((d) => [d.deviceId, toDeviceRecord(d)]))
}
