import { hexToBytes } from 'viem'
import type { KindReport, ScoreContext } from '../src/kind.ts'
import { type KindReceipt, receiptId } from '../src/receipt.ts'
import type { WirelessCarried } from './carry.ts'
import type { WirelessParams } from './params.ts'
import { DATA_TRANSFER_PAYLOAD_TYPE, type DataTransfer, type WirelessPayload } from './payload.ts'
import { HELIUM_IOT_BYTES_PER_DC } from './rules.ts'

/** What a data transfer costs its customer, in credits: ⌈bytes / 24⌉, and at least one per packet (HELIUM_IOT_BYTES_PER_DC). */
export function transferCredits(transfer: Pick<DataTransfer, 'bytes' | 'packets'>): bigint {
  const byBytes = (transfer.bytes + HELIUM_IOT_BYTES_PER_DC - 1n) / HELIUM_IOT_BYTES_PER_DC
  return byBytes > transfer.packets ? byBytes : transfer.packets
}

/**
 * The usage receipts among an epoch's valid wireless reports: every data transfer, paid from the
 * escrow delegated to the router that counter-signed it (its ed25519 public key is the service
 * key), one receipt per router session and hotspot (receiptId). verify already refused transfers
 * from unlisted routers, with bad signatures, or outside the epoch, and verifyEpoch a session
 * counted twice, so each receipt here is real and new.
 */
export function wirelessReceipts(reports: readonly KindReport<WirelessPayload>[], _ctx: ScoreContext<WirelessParams, WirelessCarried>): KindReceipt[] {
  const receipts: KindReceipt[] = []
  for (const report of reports) {
    const payload = report.payload
    if (payload.type !== DATA_TRANSFER_PAYLOAD_TYPE) continue
    const serviceKey = payload.routerPublicKey.toLowerCase() as KindReceipt['serviceKey']
    receipts.push({
      reportId: report.reportId,
      deviceId: report.deviceId,
      serviceKey,
      receiptId: receiptId('wireless', report.deviceId, serviceKey, hexToBytes(payload.sessionId)),
      credits: transferCredits(payload),
    })
  }
  return receipts
}
