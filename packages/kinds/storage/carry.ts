import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import { type BetaReputation, STORJ_AUDIT_REPUTATION, recordOutcomes } from '../src/betaReputation.ts'
import type { KindReport, RejectedReport, ScoreContext } from '../src/kind.ts'
import { periodIndex } from './issued.ts'
import type { StorageParams } from './params.ts'
import type { PossessionProof } from './payload.ts'

/**
 * What the storage kind carries from epoch to epoch: each provider's reputation, Storj's α/β over
 * its proving periods (STORJ_AUDIT_REPUTATION: λ 0.999, disqualified below 0.96). Providers that
 * never owed a proof are absent (they start at the rule's initial α/β).
 */
export type StorageCarried = { readonly reputations: Readonly<Record<Hex, BetaReputation>> }

/** A provider's reputation as of `carried`, or a new provider's. */
export function reputationOf(carried: StorageCarried | null, deviceId: Hex): BetaReputation {
  const kept = carried !== null && Object.hasOwn(carried.reputations, deviceId) ? carried.reputations[deviceId] : undefined
  return kept ?? STORJ_AUDIT_REPUTATION.initial
}

/**
 * Each proving period is one of Storj's audits of its provider: proven is a success, any other end
 * (no proof, a late, wrong or incomplete one) a failure. A provider's epoch updates its reputation
 * with its successes first, then its failures (recordOutcomes, each step toward zero), so the result
 * does not depend on the order of its deals.
 */
export function carryStorage(
  previous: StorageCarried | null,
  reports: readonly KindReport<PossessionProof>[],
  ctx: ScoreContext<StorageParams, StorageCarried>,
  _rejected: readonly RejectedReport[] = [],
): StorageCarried {
  const index = periodIndex(ctx.inputs.challenges)
  const proven = new Set<Hex>()
  for (const report of reports) {
    const period = index.get(report.payload.challengeId)
    if (period !== undefined && period.challenge.deviceId === report.deviceId) proven.add(report.payload.challengeId)
  }
  const tally = new Map<Hex, { passed: number; failed: number }>()
  for (const [challengeId, { challenge }] of index) {
    let counts = tally.get(challenge.deviceId)
    if (counts === undefined) tally.set(challenge.deviceId, (counts = { passed: 0, failed: 0 }))
    if (proven.has(challengeId)) counts.passed += 1
    else counts.failed += 1
  }
  const next = new Map<Hex, BetaReputation>(previous === null ? [] : (Object.entries(previous.reputations) as [Hex, BetaReputation][]))
  for (const [deviceId, { passed, failed }] of tally) {
    let reputation = reputationOf(previous, deviceId)
    if (passed > 0) reputation = recordOutcomes(reputation, STORJ_AUDIT_REPUTATION, true, passed)
    if (failed > 0) reputation = recordOutcomes(reputation, STORJ_AUDIT_REPUTATION, false, failed)
    next.set(deviceId, reputation)
  }
  const reputations: Record<Hex, BetaReputation> = {}
  for (const deviceId of [...next.keys()].sort()) reputations[deviceId] = next.get(deviceId)!
  return { reputations }
}

const DEVICE_ID = /^0x[0-9a-f]{64}$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

/** Validates a carried value read back from storage or a peer (α and β as decimal strings, numbers or bigints). */
export function parseStorageCarried(input: unknown): StorageCarried {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('storage carried', input, 'an object { reputations }')
  const given = input as Record<string, unknown>
  for (const key of Object.keys(given)) if (key !== 'reputations') throw bad(`storage carried key "${key}"`, key, 'reputations')
  const reputations = given.reputations
  if (typeof reputations !== 'object' || reputations === null || Array.isArray(reputations)) throw bad('storage carried reputations', reputations, 'an object by device id')
  const parsed: Record<Hex, BetaReputation> = {}
  for (const [deviceId, value] of Object.entries(reputations)) {
    if (!DEVICE_ID.test(deviceId)) throw bad('a storage carried device id', deviceId, '0x and 64 lower-case hex digits')
    if (typeof value !== 'object' || value === null) throw bad(`the reputation of ${deviceId}`, value, 'an object { alpha, beta }')
    const { alpha, beta, ...rest } = value as Record<string, unknown>
    if (Object.keys(rest).length > 0) throw bad(`the reputation of ${deviceId}`, Object.keys(rest), 'only alpha and beta')
    parsed[deviceId as Hex] = { alpha: amount(`${deviceId}.alpha`, alpha), beta: amount(`${deviceId}.beta`, beta) }
  }
  return { reputations: parsed }
}

function amount(what: string, value: unknown): bigint {
  if (typeof value === 'bigint' && value >= 0n) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value)
  throw bad(what, value, 'a whole number, 0 or more')
}

const bad = (what: string, given: unknown, expected: string) =>
  new PinionError('PINION_ERR_KIND_CARRIED', `${what} is ${JSON.stringify(given, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}; expected ${expected}`)
