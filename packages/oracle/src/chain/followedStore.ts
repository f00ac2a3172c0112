import type { Deployment } from '@pinion/contracts'
import type { DeviceRecord, Kind, KindEvent } from '@pinion/kinds'
import type { Hex, PublicClient } from 'viem'
import type { Db } from '../store/db.ts'
import { devicesAsOf, followOnce, processedBlock } from './follower.ts'
import { kindContractsToFollow, kindEventsUpTo } from './kindEvents.ts'
import { networkContractsToFollow } from './networkEvents.ts'
import { toDeviceRecord } from './registryEvents.ts'

/** The chain as an oracle's store holds it: what the follower indexed, followed further on demand. */
export type FollowedStore = {
  /** Follows the registry and the kinds' contracts until the store holds every block up to `block`. */
  followTo(block: bigint): Promise<void>
  /** The registry as of the end of `block`. */
  devicesAt(block: bigint): Promise<Map<Hex, DeviceRecord>>
  /** Every event of `kind`'s contracts up to and including `block`, in chain order. */
  kindEventsUpTo(kind: string, block: bigint): Promise<KindEvent[]>
}

/** The store of `db` as the follower fills it from `client` for `deployment` and its kinds' contracts. */
export function followedStore(db: Db, client: PublicClient, deployment: Deployment, kinds: ReadonlyMap<string, Kind>): FollowedStore {
  const kindContracts = [...networkContractsToFollow(deployment), ...kindContractsToFollow(kinds, deployment.kinds)]
  const follow = { db, client, registry: deployment.registry, fromBlock: deployment.blockNumber, confirmations: 0, kindContracts }
  return {
    async followTo(block) {
      while ((await processedBlock(db, deployment.blockNumber, kindContracts)) < block) await followOnce(follow)
    },
    devicesAt: async (block) => new Map([...(await devicesAsOf(db, block)).values()].map((d) => [d.deviceId, toDeviceRecord(d)])),
    kindEventsUpTo: (kind, block) => kindEventsUpTo(db, kind, block),
  }
}
