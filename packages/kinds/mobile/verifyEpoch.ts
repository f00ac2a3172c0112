import type { Hex } from 'viem'
import type { KindReport } from '../src/kind.ts'
import type { MobilePayload } from './payload.ts'
import type { MobileReason } from './reasons.ts'
import type { RadioType } from './radioType.ts'

/**
 * The rules that need the whole epoch, over the reports verify passed:
 * - one radio type per radio: every heartbeat naming another type than the device's first valid
 *   heartbeat is RADIO_TYPE_CHANGED (so a radio cannot be indoor for one hex's ranking and outdoor
 *   for another's points);
 * - a speedtest counts once: a second report of the same server and test id is DUPLICATE_SPEEDTEST
 *   (a faker re-sending its one good test to fill its six samples);
 * - a data session is paid once: a second claim of the same device, carrier and session id is
 *   DUPLICATE_DATA_SESSION.
 * "First" is decided by the reports' own fields — earliest timestamp, then lowest sequence, then
 * lowest report id — so the verdicts do not depend on the order the reports come in.
 */
export function verifyMobileEpoch(reports: readonly KindReport<MobilePayload>[]): ReadonlyMap<Hex, string> {
  const ordered = [...reports].sort(firstComesFirst)
  const invalid = new Map<Hex, MobileReason>()
  const radioTypes = new Map<Hex, RadioType>()
  const seen = new Set<string>()
  for (const report of ordered) {
    const payload = report.payload
    if (payload.type === 'heartbeat') {
      const first = radioTypes.get(report.deviceId)
      if (first === undefined) radioTypes.set(report.deviceId, payload.radioType)
      else if (first !== payload.radioType) invalid.set(report.reportId, 'RADIO_TYPE_CHANGED')
      continue
    }
    const key =
      payload.type === 'speedtest' ? `speedtest:${payload.serverPublicKey}:${payload.testId}` : `session:${report.deviceId}:${payload.carrierPublicKey}:${payload.sessionId}`
    if (seen.has(key)) invalid.set(report.reportId, payload.type === 'speedtest' ? 'DUPLICATE_SPEEDTEST' : 'DUPLICATE_DATA_SESSION')
    else seen.add(key)
  }
  return invalid
}

function firstComesFirst(a: KindReport<MobilePayload>, b: KindReport<MobilePayload>): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs ? -1 : 1
  if (a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1
  return a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0
}
