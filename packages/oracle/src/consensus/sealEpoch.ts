import { epochWindow } from '../chain/schedule.ts'
import { loadManifest, reportIdsForWindow, saveManifest } from '../store/consensus.ts'
import { type Manifest, signManifest } from './manifest.ts'
import type { RoundTiming } from './rounds.ts'
import type { SealingContext } from './sealingContext.ts'

/**
 * Seals `epoch` for this oracle: once ingest has stored every report it acknowledged for the epoch
 * and refuses any more (`sealBefore`), lists what it holds (reportIdsForWindow), signs that list,
 * and keeps it. Idempotent: a manifest, once made, is never made again, so an oracle says one thing
 * about an epoch, whatever happens after.
 */
export async function sealEpoch(context: SealingContext, timing: RoundTiming, epoch: bigint, sealBefore: (endMs: bigint) => Promise<void>): Promise<Manifest> {
  const existing = await loadManifest(context.db, epoch, context.self)
  if (existing !== undefined) return existing
  const { startMs, endMs } = epochWindow(timing.schedule, epoch, '0x')
  await sealBefore(endMs)
  const ids = await reportIdsForWindow(context.db, startMs, endMs)
  const manifest = await signManifest(context.signer, context.chainId, context.distributor, epoch, ids)
  await saveManifest(context.db, manifest)
  return (await loadManifest(context.db, epoch, context.self))!
}
