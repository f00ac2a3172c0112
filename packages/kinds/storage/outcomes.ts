import type { Hex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import { answeredBefore } from '../src/firstAnswers.ts'
import type { KindReport } from '../src/kind.ts'
import { periodIndex } from './issued.ts'
import type { PossessionProof } from './payload.ts'
import { PERIOD_NOT_PROVEN } from './reasons.ts'

/** How one deal's proving period ended: proven, or a fault and why. */
export type PeriodOutcome = {
  dealId: bigint
  deviceId: Hex
  /** The period's challenge. */
  challengeId: Hex
  proven: boolean
  /** Null when proven; else PERIOD_NOT_PROVEN, or the kind's reason for the provider's own proof when it sent one the kind rejected. */
  reason: string | null
}

/** A proof the kind rejected, with its reason: which period it named and why it failed. */
export type RejectedProof = { report: KindReport<PossessionProof>; reason: string }

/**
 * The outcome of every proving period of the epoch, in deal id order: proven when one of `accepted`
 * (the epoch's proofs that stayed valid) answers it; else a fault, carrying the reason of the
 * provider's first rejected proof of that period (by timestamp, then sequence, then id) when it sent
 * one, and PERIOD_NOT_PROVEN when it sent none. These are the records StorageMarket is given: one
 * per deal and epoch, so the escrow pays proven periods only and a fault costs its fee.
 */
export function periodOutcomes(challenges: readonly Challenge[], accepted: readonly KindReport<PossessionProof>[], rejected: readonly RejectedProof[]): PeriodOutcome[] {
  const index = periodIndex(challenges)
  const proven = new Set<Hex>()
  for (const report of accepted) {
    const period = index.get(report.payload.challengeId)
    if (period !== undefined && period.challenge.deviceId === report.deviceId) proven.add(report.payload.challengeId)
  }
  const firstRejection = new Map<Hex, RejectedProof>()
  for (const rejection of rejected) {
    const id = rejection.report.payload.challengeId
    const period = index.get(id)
    if (period === undefined || period.challenge.deviceId !== rejection.report.deviceId) continue
    const kept = firstRejection.get(id)
    if (kept === undefined || answeredBefore(rejection.report, kept.report)) firstRejection.set(id, rejection)
  }
  const outcomes: PeriodOutcome[] = []
  for (const [challengeId, { challenge, question }] of index) {
    const ok = proven.has(challengeId)
    outcomes.push({
      dealId: question.dealId,
      deviceId: challenge.deviceId,
      challengeId,
      proven: ok,
      reason: ok ? null : (firstRejection.get(challengeId)?.reason ?? PERIOD_NOT_PROVEN),
    })
  }
  return outcomes.sort((a, b) => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0))
}
