import { qualifiedName } from '@pinion/kinds'
import {
  type Deal,
  PERIOD_NOT_PROVEN,
  POSSESSION_PROOF_PAYLOAD_TYPE,
  PROVE_POSSESSION_CHALLENGE_TYPE,
  type StorageReason,
  decodeProvePossession,
  storage,
} from '@pinion/kinds/storage'
import { decodeReportBody, openSignedReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import type { Db } from '../store/db.ts'
import { STORAGE } from './storageMarket.ts'

/**
 * The kind's reasons that a proof of the provider's own period of the epoch can get (verify.ts
 * checks the period exists and is the provider's first). UNKNOWN_CHALLENGE and NOT_YOUR_CHALLENGE
 * proofs name no period of the provider; DUPLICATE_PROOF follows a valid proof, so its period was
 * proven. A faulted period's proofs, if it had any, got these.
 */
const OWN_PERIOD_REASONS: ReadonlySet<string> = new Set(
  (['ANSWERED_EARLY', 'ANSWERED_LATE', 'WRONG_PROOF_COUNT', 'PROOF_INVALID'] satisfies StorageReason[]).map((reason) => qualifiedName(STORAGE, reason)),
)

/** A fault whose provider sent no proof of the period: the code its record stands for (reasons.ts). */
export const NOT_PROVEN = qualifiedName(STORAGE, PERIOD_NOT_PROVEN)

/** One of the provider's proofs judged in an epoch: its verdict, and the period it names. */
type JudgedProof = { valid: boolean; reason: string | null; challengeId: Hex; timestampMs: bigint; sequence: bigint; reportId: Hex }

/**
 * Why each of `epochs` is a fault for `deal`, as the kind decided it (periodOutcomes): the reason of
 * the provider's first rejected proof of the period (earliest timestamp, then sequence, then report
 * id: firstAnswers.ts's order), or PERIOD_NOT_PROVEN when it sent none. Read from the verdicts this
 * oracle stored for the provider's proofs in each epoch, each proof's period from its own signed
 * bytes. Which period a proof answered is plain once the provider's valid proofs' periods are set
 * aside, unless it had other faulted periods that epoch (`otherDeals`: its other deals); then the
 * epoch's challenges (`challengesOf`, what the oracle served) say which is this deal's. Without
 * them, such an epoch's reason is null: not known here.
 */
export async function faultReasons(
  db: Db,
  deal: Deal,
  epochs: readonly bigint[],
  otherDeals: readonly bigint[],
  challengesOf: ((epoch: bigint) => Promise<EpochChallenges>) | undefined,
): Promise<Map<bigint, string | null>> {
  const reasons = new Map<bigint, string | null>()
  if (epochs.length === 0) return reasons
  const from = epochs.reduce((min, e) => (e < min ? e : min)).toString()
  const to = epochs.reduce((max, e) => (e > max ? e : max)).toString()
  const proofs = await judgedProofs(db, deal.deviceId, from, to)
  const crowded = await epochsWithOtherFaults(db, otherDeals, from, to)
  for (const epoch of epochs) {
    const own = proofs.get(epoch) ?? []
    const answered = new Set(own.filter((p) => p.valid).map((p) => p.challengeId))
    const rejected = own.filter((p) => !p.valid && p.reason !== null && OWN_PERIOD_REASONS.has(p.reason) && !answered.has(p.challengeId)).sort(byAnswerOrder)
    if (rejected.length === 0) reasons.set(epoch, NOT_PROVEN)
    else if (!crowded.has(epoch)) reasons.set(epoch, rejected[0]!.reason)
    else {
      const period = await periodOf(challengesOf, epoch, deal)
      reasons.set(epoch, period === undefined ? null : (rejected.find((p) => p.challengeId === period)?.reason ?? NOT_PROVEN))
    }
  }
  return reasons
}

/** The storage proofs `deviceId` sent that the epochs from `from` to `to` judged, by epoch, each with the challenge it names. */
async function judgedProofs(db: Db, deviceId: Hex, from: string, to: string): Promise<Map<bigint, JudgedProof[]>> {
  const { rows } = await db.query<{ epoch: unknown; report_id: Hex; sequence: unknown; valid: boolean; reason: string | null; timestamp_ms: unknown; signed: Uint8Array }>(
    `select v.epoch, v.report_id, v.sequence, v.valid, v.reason, r.timestamp_ms, r.signed
       from verdicts v join reports r on r.report_id = v.report_id
      where v.device_id = $1 and v.epoch between $2 and $3 and r.kind = $4 and r.payload_type = $5`,
    [deviceId, from, to, STORAGE, POSSESSION_PROOF_PAYLOAD_TYPE],
  )
  const byEpoch = new Map<bigint, JudgedProof[]>()
  for (const row of rows) {
    const challengeId = namedChallenge(row.signed)
    // A proof whose payload does not decode was refused before the kind saw it (a common reason): it answered nothing.
    if (challengeId === undefined) continue
    const epoch = BigInt(String(row.epoch))
    let list = byEpoch.get(epoch)
    if (list === undefined) byEpoch.set(epoch, (list = []))
    list.push({
      valid: row.valid,
      reason: row.reason,
      challengeId,
      timestampMs: BigInt(String(row.timestamp_ms)),
      sequence: BigInt(String(row.sequence)),
      reportId: row.report_id,
    })
  }
  return byEpoch
}

/** The challenge a stored possession proof names, read from its signed bytes; undefined when they do not decode as one. */
function namedChallenge(signed: Uint8Array): Hex | undefined {
  try {
    const report = decodeReportBody(openSignedReport(signed).body)
    return storage.decodePayload(report.payloadType, report.payload).challengeId
  } catch {
    return undefined
  }
}

/** The epochs from `from` to `to` in which one of `deals` (the provider's other deals) had a faulted period, by the stored settlement records. */
async function epochsWithOtherFaults(db: Db, deals: readonly bigint[], from: string, to: string): Promise<Set<bigint>> {
  if (deals.length === 0) return new Set()
  const { rows } = await db.query<{ epoch: unknown }>(
    `select distinct epoch from kind_settlements
      where kind = $1 and epoch between $2 and $3
        and (record::jsonb ->> 'dealId') = any(string_to_array($4, ',')) and (record::jsonb ->> 'proven') = 'false'`,
    [STORAGE, from, to, deals.join(',')],
  )
  return new Set(rows.map((row) => BigInt(String(row.epoch))))
}

/** The id of `deal`'s proving period in `epoch`, among the challenges the oracle served for it; undefined when they are not at hand. */
async function periodOf(challengesOf: ((epoch: bigint) => Promise<EpochChallenges>) | undefined, epoch: bigint, deal: Deal): Promise<Hex | undefined> {
  const served = await challengesOf?.(epoch)
  if (served?.status !== 'issued') return undefined
  for (const challenge of served.challenges) {
    if (challenge.kind !== STORAGE || challenge.challengeType !== PROVE_POSSESSION_CHALLENGE_TYPE || challenge.deviceId !== deal.deviceId) continue
    try {
      if (decodeProvePossession(challenge.payload).dealId === deal.dealId) return challenge.challengeId
    } catch {}
  }
  return undefined
}

/** Earliest timestamp first, then lowest sequence, then lowest report id (firstAnswers.ts's answeredBefore). */
function byAnswerOrder(a: JudgedProof, b: JudgedProof): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs ? -1 : 1
  if (a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1
  return a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0
}
