import type { Address } from 'viem'
import { loadManifest, saveManifest } from '../store/consensus.ts'
import { type Manifest, isSignedByItsOracle } from './manifest.ts'
import { PeerError } from './peerClient.ts'
import type { SealingContext } from './sealingContext.ts'

/**
 * `oracle`'s manifest for `epoch`: from the store, or else asked of the peers in `order` (its owner
 * first is best: every oracle serves its own), checked (ids against header, signature against the
 * oracle) and stored. Undefined, with why, when nobody could give it yet.
 */
export async function collectManifest(
  context: SealingContext,
  epoch: bigint,
  oracle: Address,
  order: readonly string[],
): Promise<{ manifest: Manifest } | { manifest: undefined; failures: PeerError[] }> {
  const stored = await loadManifest(context.db, epoch, oracle)
  if (stored !== undefined) return { manifest: stored }
  const failures: PeerError[] = []
  for (const peer of [...new Set(order)]) {
    if (!context.health.ready(peer)) {
      const last = context.health.lastError(peer)
      if (last !== undefined) failures.push(last)
      continue
    }
    try {
      const manifest = await context.client.manifest(peer, epoch, oracle)
      if (!(await isSignedByItsOracle(context.chainId, context.distributor, manifest))) {
        throw new PeerError(peer, 'invalid', `its manifest of ${oracle} for epoch ${epoch} is not signed by ${oracle}`)
      }
      await saveManifest(context.db, manifest)
      context.health.succeeded(peer)
      return { manifest }
    } catch (error) {
      if (!(error instanceof PeerError)) throw error
      // Not found is no failure of the peer: it may not have sealed yet.
      if (error.reason !== 'not-found') context.health.failed(peer, error)
      failures.push(error)
    }
  }
  return { manifest: undefined, failures }
}
