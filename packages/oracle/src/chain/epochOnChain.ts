import type { EpochWindow } from '@pinion/kinds'
import { type Hex, type PublicClient, zeroHash } from 'viem'
import { lastBlockBefore } from './blockBefore.ts'
import { type EpochSchedule, epochWindow } from './schedule.ts'

/**
 * What the chain fixes about an epoch, as every oracle (and anyone replaying) must find it: its
 * window, its entropy — the hash of the last block before it began (the entropy block, as of which
 * challenges are derived) — and its end block — the last block before it ended, at which the
 * registry is read. One function for the epoch runner, replay and the simulated fleet, so that none
 * of them can take a boundary block the others do not.
 */
export async function epochOnChain(client: PublicClient, schedule: EpochSchedule, epoch: bigint): Promise<{ window: EpochWindow; entropyBlock: bigint; endBlock: bigint }> {
  const times = epochWindow(schedule, epoch, zeroHash)
  const [start, end] = [await lastBlockBefore(client, times.startMs / 1000n), await lastBlockBefore(client, times.endMs / 1000n)]
  return { window: epochWindow(schedule, epoch, entropyOf(start?.hash)), entropyBlock: start?.number ?? 0n, endBlock: end?.number ?? 0n }
}

/** An epoch's entropy from the hash of the last block before it began (none before genesis: zero). */
export async function entropyBefore(client: PublicClient, startMs: bigint): Promise<Hex> {
  return entropyOf((await lastBlockBefore(client, startMs / 1000n))?.hash)
}

const entropyOf = (hash: Hex | null | undefined): Hex => hash ?? zeroHash
