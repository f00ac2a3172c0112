import { hexToBytes } from 'viem'
import type { KindReport, ScoreContext } from '../src/kind.ts'
import { type KindReceipt, receiptId } from '../src/receipt.ts'
import type { MobileParams } from './params.ts'
import type { DataSession, MobilePayload } from './payload.ts'

/** What a data session costs its carrier, in credits: ⌈(upload + download) ÷ bytesPerCredit⌉, at least one. */
export function sessionCredits(session: Pick<DataSession, 'uploadBytes' | 'downloadBytes'>, params: Pick<MobileParams, 'bytesPerCredit'>): bigint {
  const bytes = session.uploadBytes + session.downloadBytes
  const credits = (bytes + params.bytesPerCredit - 1n) / params.bytesPerCredit
  return credits > 0n ? credits : 1n
}

/**
 * The usage receipts among an epoch's valid mobile reports: every data session, paid from the
 * escrow its carrier delegated to its key (the carrier's public key is the service key), one
 * receipt per radio, carrier and session (receiptId: a session replayed in another epoch has the
 * same id and is never settled twice). verify already refused sessions of unlisted carriers, bad
 * signatures or outside the epoch, and verifyEpoch a session claimed twice.
 */
export function mobileReceipts(reports: readonly KindReport<MobilePayload>[], ctx: ScoreContext<MobileParams>): KindReceipt[] {
  const receipts: KindReceipt[] = []
  for (const report of reports) {
    const payload = report.payload
    if (payload.type !== 'data_session') continue
    const serviceKey = payload.carrierPublicKey.toLowerCase() as KindReceipt['serviceKey']
    receipts.push({
      reportId: report.reportId,
      deviceId: report.deviceId,
      serviceKey,
      receiptId: receiptId('mobile', report.deviceId, serviceKey, hexToBytes(payload.sessionId)),
      credits: sessionCredits(payload, ctx.params),
    })
  }
  return receipts
}
