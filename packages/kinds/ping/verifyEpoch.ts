import type { Hex } from 'viem'
import { laterAnswers } from '../src/firstAnswers.ts'
import type { KindReport } from '../src/kind.ts'
import type { Pong } from './payload.ts'
import type { PingReason } from './reasons.ts'

const DUPLICATE: PingReason = 'DUPLICATE_ANSWER'

/**
 * One answer counts per challenge: of the valid pongs naming one challenge, the first — earliest
 * timestamp, then lowest sequence, then lowest report id — stays valid and every other is
 * DUPLICATE_ANSWER, whatever order the reports come in (laterAnswers).
 */
export function verifyPingEpoch(reports: readonly KindReport<Pong>[]): ReadonlyMap<Hex, string> {
  return laterAnswers(reports, DUPLICATE)
}
