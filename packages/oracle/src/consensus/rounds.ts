import { type EpochSchedule, epochWindow } from '../chain/schedule.ts'

/** When the rounds of an epoch's sealing happen, by an oracle's own clock. */
export type RoundTiming = {
  schedule: EpochSchedule
  /** Ingest's lateness window: reports of an epoch are accepted until its end plus this. */
  lateReportMs: number
  /** Extra wait after the lateness window before the manifest is made. */
  sealMarginMs: number
  /** Length of one proposal round. */
  roundMs: number
  /** How long a proposer waits, within its round, for every manifest before proposing a quorum of them. */
  manifestWaitMs: number
}

/** When `epoch` seals: no report for it can be accepted any more, and its manifest is made. */
export function sealAtMs(timing: RoundTiming, epoch: bigint): bigint {
  return epochWindow(timing.schedule, epoch, '0x').endMs + BigInt(timing.lateReportMs + timing.sealMarginMs)
}

/** The round of `epoch` under way at `nowMs` (-1 before it seals), and how far into it we are. */
export function roundAt(timing: RoundTiming, epoch: bigint, nowMs: number): { round: number; intoRoundMs: number } {
  const since = BigInt(Math.floor(nowMs)) - sealAtMs(timing, epoch)
  if (since < 0n) return { round: -1, intoRoundMs: 0 }
  const length = BigInt(timing.roundMs)
  return { round: Number(since / length), intoRoundMs: Number(since % length) }
}
