import { fromBinary, toBinary } from '@bufbuild/protobuf'
import type { DeviceRecord } from '@pinion/kinds'
import { ReportBatchSchema, SignedReportSchema, decodeReportBody, openSignedReport, verifyReportSignature } from '@pinion/protocol'
import { type Hex, keccak256 } from 'viem'
import type { Db } from '../store/db.ts'

/** Fetches peers' sealed inputs for `epoch`: SignedReport bytes, unverified. Unreachable peers give nothing. */
export async function fetchPeerInputs(peers: readonly string[], epoch: bigint, doFetch: typeof fetch = fetch): Promise<Uint8Array[]> {
  const batches = await Promise.all(
    peers.map(async (peer) => {
      try {
        const response = await doFetch(`${peer}/v1/epochs/${epoch}/inputs`, { signal: AbortSignal.timeout(10_000) })
        if (!response.ok) return []
        const batch = fromBinary(ReportBatchSchema, new Uint8Array(await response.arrayBuffer()))
        return batch.reports.map((report) => toBinary(SignedReportSchema, report))
      } catch {
        return []
      }
    }),
  )
  return batches.flat()
}

/**
 * Adds peers' reports to this oracle's store — only those a registered device really signed, for
 * this network, inside the window — so that every oracle scores the union of what any of them
 * received: a device needs to reach one honest oracle to be counted. Returns how many were new.
 */
export async function mergePeerReports(
  db: Db,
  reports: readonly Uint8Array[],
  context: { networkId: Hex; devices: ReadonlyMap<Hex, DeviceRecord>; startMs: bigint; endMs: bigint; receivedMs: bigint },
): Promise<number> {
  let added = 0
  for (const signed of reports) {
    let body
    try {
      const sealed = openSignedReport(signed)
      body = decodeReportBody(sealed.body)
      const device = context.devices.get(body.deviceId)
      if (device === undefined || !verifyReportSignature(device.keyType, device.publicKey, sealed)) continue
    } catch {
      continue
    }
    if (body.networkId !== context.networkId || body.timestampMs < context.startMs || body.timestampMs >= context.endMs) continue
    const { rows } = await db.query(
      `insert into reports (device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, signed)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning 1`,
      [
        body.deviceId,
        body.sequence.toString(),
        body.timestampMs.toString(),
        context.receivedMs.toString(),
        body.kind,
        body.payloadType,
        keccak256(signed),
        signed,
      ],
    )
    added += rows.length
  }
  return added
}

/** This oracle's reports whose device timestamp falls in [startMs, endMs), with their keys. */
export async function reportsInWindow(db: Db, startMs: bigint, endMs: bigint) {
  const { rows } = await db.query<{ device_id: string; sequence: unknown; signed: Uint8Array }>(
    'select device_id, sequence, signed from reports where timestamp_ms >= $1 and timestamp_ms < $2',
    [startMs.toString(), endMs.toString()],
  )
  return rows.map((row) => ({ deviceId: row.device_id as Hex, sequence: String(row.sequence), signed: row.signed }))
}
