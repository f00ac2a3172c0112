import type { Deployment } from '@pinion/contracts'
import type { Challenge } from '@pinion/kinds'
import type { PublicClient } from 'viem'
import { epochOnChain } from '../chain/epochOnChain.ts'
import { followedStore } from '../chain/followedStore.ts'
import { type EpochSchedule, epochWindow } from '../chain/schedule.ts'
import type { Db } from '../store/db.ts'
import { type NetworkRules, epochChallenges } from './assembleEpochInput.ts'

export type ChallengeBoardDeps = {
  db: Db
  client: PublicClient
  deployment: Deployment
  schedule: EpochSchedule
  rules: Pick<NetworkRules, 'kinds' | 'kindParams'>
}

/** The challenges of an epoch once they are fixed, or why they are not yet. */
export type EpochChallenges = { status: 'issued'; challenges: readonly Challenge[] } | { status: 'not-started' }

/**
 * What the oracle serves devices: each epoch's challenges, derived (epochChallenges) once the chain
 * has a block at or after the epoch's start, which fixes the entropy block, and the follower has
 * read the registry and the kinds' events up to it. Cached per epoch: they never change after.
 */
export function createChallengeBoard(deps: ChallengeBoardDeps): (epoch: bigint) => Promise<EpochChallenges> {
  const issued = new Map<bigint, readonly Challenge[]>()
  const { client } = deps
  const store = followedStore(deps.db, client, deps.deployment, deps.rules.kinds)
  return async (epoch) => {
    const known = issued.get(epoch)
    if (known !== undefined) return { status: 'issued', challenges: known }
    const times = epochWindow(deps.schedule, epoch, '0x')
    const head = await client.getBlock()
    if (head.timestamp * 1000n < times.startMs) return { status: 'not-started' }
    const { window, entropyBlock } = await epochOnChain(client, deps.schedule, epoch)
    await store.followTo(entropyBlock)
    const challenges = await epochChallenges(store, deps.rules, window, entropyBlock)
    issued.set(epoch, challenges)
    if (issued.size > 64) issued.delete(issued.keys().next().value!)
    return { status: 'issued', challenges }
  }
}
