import type { Hex } from 'viem'
import { reportsByIds, storeFetchedReports } from '../store/consensus.ts'
import { admitReports } from './admitReports.ts'
import { PeerError } from './peerClient.ts'
import type { SealingContext } from './sealingContext.ts'

/** Ids per request: a bound on what one peer is asked for (and answers) at once. */
const IDS_PER_REQUEST = 10_000

export type FetchOutcome = {
  /** Ids still not held here: no peer asked could give them. */
  missing: Hex[]
  /** Ids some peer gave that can never enter an input set, with why. */
  refused: Map<Hex, string>
  /** Why each peer asked gave nothing, for the log line that says why the oracle waits. */
  failures: PeerError[]
}

/**
 * Makes sure this oracle holds every report in `ids`: asks the peers in `order` (URLs, tried one after
 * another for whatever is still missing), admits what they send (admitReports) and stores it.
 */
export async function fetchReports(context: SealingContext, ids: readonly Hex[], order: readonly string[]): Promise<FetchOutcome> {
  const held = await reportsByIds(context.db, ids)
  let missing = ids.filter((id) => !held.has(id))
  const refused = new Map<Hex, string>()
  const failures: PeerError[] = []
  for (const peer of [...new Set(order)]) {
    if (missing.length === 0) break
    if (!context.health.ready(peer)) {
      const last = context.health.lastError(peer)
      if (last !== undefined) failures.push(last)
      continue
    }
    try {
      const wanted = new Set(missing)
      for (let at = 0; at < missing.length; at += IDS_PER_REQUEST) {
        const answer = await context.client.reports(peer, missing.slice(at, at + IDS_PER_REQUEST))
        const admission = await admitReports(answer, wanted, { deviceLookup: context.deviceLookup, verifier: context.verifier, receivedMs: context.now() })
        await storeFetchedReports(context.db, admission.admitted)
        for (const row of admission.admitted) wanted.delete(row.reportId)
        for (const [id, why] of admission.refused) {
          refused.set(id, why)
          wanted.delete(id)
        }
      }
      missing = missing.filter((id) => wanted.has(id))
      context.health.succeeded(peer)
    } catch (error) {
      if (!(error instanceof PeerError)) throw error
      context.health.failed(peer, error)
      failures.push(error)
    }
  }
  return { missing, refused, failures }
}
