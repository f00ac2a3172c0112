import { ONE, mulDiv } from '@pinion/protocol'
import type { Hex } from 'viem'
import { STORJ_AUDIT_REPUTATION, isDisqualified, reputationScore } from '../src/betaReputation.ts'
import type { KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { type StorageCarried, reputationOf } from './carry.ts'
import { periodIndex } from './issued.ts'
import type { StorageParams } from './params.ts'
import type { PossessionProof } from './payload.ts'
import { GIB, LEAF_BYTES } from './rules.ts'

/** The pool paid out of emissions for storage proven held: Filecoin's block reward by power, Storj's pay per TB-month. */
export const PROVEN_POOL = 'proven'

const IN_GOOD_STANDING: Multiplier = Object.freeze({
  name: 'reputation',
  value: ONE,
  why: "The provider's audit reputation, α/(α+β) over its proving periods (λ 0.999), was at least 0.96 at the epoch's start.",
})
const DISQUALIFIED: Multiplier = Object.freeze({
  name: 'reputation',
  value: 0n,
  why: "The provider's audit reputation fell below 0.96 (Storj's disqualification): it earns no emissions, whatever it proves now.",
})

/**
 * One share a provider that owed proofs this epoch, in the `proven` pool, ordered by device id:
 * - base: the bytes of the data sets it proved this epoch (each deal's leaves × 32), in GiB, fixed
 *   point (bytes × ONE ÷ 2^30, toward zero). A period not proven adds nothing: idle or lost capacity
 *   earns nothing (its deal's escrow is not released either).
 * - reputation (×1 or ×0): disqualified providers (Storj: α/(α+β) < 0.96) earn nothing.
 * Shares of weight 0 are kept, so an operator sees why a provider earned nothing.
 */
export function scoreStorage(reports: readonly KindReport<PossessionProof>[], ctx: ScoreContext<StorageParams, StorageCarried>): Share[] {
  const index = periodIndex(ctx.inputs.challenges)
  const proven = new Set<Hex>()
  for (const report of reports) {
    // verify already refused the others; a score never trusts its caller for money.
    const period = index.get(report.payload.challengeId)
    if (period !== undefined && period.challenge.deviceId === report.deviceId) proven.add(report.payload.challengeId)
  }
  const byDevice = new Map<Hex, { owed: number; proven: number; bytes: bigint }>()
  for (const [challengeId, { challenge, question }] of index) {
    let tally = byDevice.get(challenge.deviceId)
    if (tally === undefined) byDevice.set(challenge.deviceId, (tally = { owed: 0, proven: 0, bytes: 0n }))
    tally.owed += 1
    if (!proven.has(challengeId)) continue
    tally.proven += 1
    tally.bytes += question.leafCount * LEAF_BYTES
  }
  const shares: Share[] = []
  for (const deviceId of [...byDevice.keys()].sort()) {
    const tally = byDevice.get(deviceId)!
    const reputation = reputationOf(ctx.carried, deviceId)
    const multiplier = isDisqualified(reputation, STORJ_AUDIT_REPUTATION) ? DISQUALIFIED : IN_GOOD_STANDING
    const base = mulDiv(tally.bytes, ONE, GIB)
    shares.push({
      deviceId,
      pool: PROVEN_POOL,
      base,
      multipliers: [multiplier],
      weight: mulDiv(base, multiplier.value, ONE),
      inputs: {
        periodsOwed: tally.owed,
        periodsProven: tally.proven,
        bytesProven: tally.bytes.toString(),
        reputation: reputationScore(reputation).toString(),
      },
    })
  }
  return shares
}
