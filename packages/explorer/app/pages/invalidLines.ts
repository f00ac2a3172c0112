import type { DeviceEpochRow, DeviceRejectionEpoch } from '@pinion/oracle/api'

/**
 * One line of a device's "invalid, and why" for an epoch: reports the epoch's verdicts found invalid
 * (stored, then judged), or reports ingest refused before storing them (forged, replayed, for
 * another network, stale…), which no verdict ever sees.
 */
export type InvalidLine = { key: string; count: number; reason: string; text: string; stage: 'verdict' | 'ingest' }

/** The epoch's lines: verdicts first, then refusals at ingest, each most frequent first (as the oracle sorts them). */
export function invalidLines(row: Pick<DeviceEpochRow, 'invalidReasons'> | undefined, rejected: DeviceRejectionEpoch | undefined): InvalidLine[] {
  return [
    ...(row?.invalidReasons ?? []).map((r) => ({ key: `verdict:${r.reason}`, count: r.count, reason: r.reason, text: r.reasonText, stage: 'verdict' as const })),
    ...(rejected?.reasons ?? []).map((r) => ({ key: `ingest:${r.reason}`, count: r.count, reason: shortCode(r.reason), text: r.reasonText, stage: 'ingest' as const })),
  ]
}

/** An oracle error code without its prefix: `PINION_ERR_BAD_SIGNATURE` reads BAD_SIGNATURE, as the verdicts' codes do. */
const shortCode = (code: string): string => code.replace(/^PINION_ERR_/, '')

/** The device's rejections by epoch. */
export const rejectionsByEpoch = (rejections: readonly DeviceRejectionEpoch[]): Map<string, DeviceRejectionEpoch> => new Map(rejections.map((r) => [r.epoch, r]))

/**
 * Epochs with refusals at ingest that are not computed yet (later than the newest computed epoch,
 * the current one above all), newest first: rows of their own above the computed ones. Older
 * epochs outside the table's list are left out with it.
 */
export function uncomputedRejections(epochs: readonly Pick<DeviceEpochRow, 'epoch'>[], rejections: readonly DeviceRejectionEpoch[]): DeviceRejectionEpoch[] {
  const newest = epochs.reduce((max, e) => (BigInt(e.epoch) > max ? BigInt(e.epoch) : max), -1n)
  return rejections.filter((r) => BigInt(r.epoch) > newest).sort((a, b) => (BigInt(b.epoch) > BigInt(a.epoch) ? 1 : BigInt(b.epoch) < BigInt(a.epoch) ? -1 : 0))
}
