import {
  type DecodedReport,
  PinionError,
  type SealedReport,
  decodeReportBody,
  isCanonicalReportBody,
  openCanonicalSignedReport,
  reportIdOf,
  reportSigningMessage,
} from '@pinion/protocol'
import type { Hex } from 'viem'
import { OracleError, type OracleErrorCode, isOracleErrorCode } from '../errors.ts'
import type { DeviceKeyRecord, DeviceLookup } from '../store/devices.ts'
import { UNREGISTERED_DEVICES } from '../store/rejections.ts'
import { type ReportRow, reportKey } from '../store/reports.ts'
import type { ReportWriter } from './reportWriter.ts'
import { NO_SEQUENCE, type SequenceCache } from './sequenceCache.ts'
import type { TokenBuckets } from './tokenBuckets.ts'
import type { SignatureVerifier } from './verifyPool.ts'
import { peekDeviceId } from './wire.ts'

/** The verdict of ingest on one report. Accepted and duplicate are both safe for the device to forget. */
export type IngestResult = { status: 'accepted'; reportId: Hex } | { status: 'duplicate'; reportId: Hex } | { status: 'rejected'; code: OracleErrorCode; message: string }

export type PipelineOptions = {
  networkId: Hex
  clock: () => number
  deviceLookup: DeviceLookup
  verifier: SignatureVerifier
  sequences: SequenceCache
  /** The highest stored sequence of a device (coalesced: see store/coalesce.ts); undefined if none. */
  loadLastSequence: (deviceId: Hex) => Promise<bigint | undefined>
  /** Stores accepted reports (group commit: one transaction for whatever is waiting). */
  writer: ReportWriter
  /** Per-device rate limit, charged for each report whose signature verified; none when undefined. */
  deviceBuckets: TokenBuckets | undefined
  /** Oldest accepted timestamp: the oracle clock minus this. */
  maxAgeMs: number
  /** Furthest accepted timestamp: the oracle clock plus this (device clocks drift). */
  maxFutureMs: number
  /**
   * Told of every report refused, once its call has its verdicts: the device it named when that
   * device is registered (active or not), else UNREGISTERED_DEVICES, and the code it was refused with.
   */
  onRejected?: ((receivedMs: number, deviceId: string, code: OracleErrorCode) => void) | undefined
  /** Told of every call's verdicts (metrics). */
  onVerdicts?: ((results: readonly IngestResult[]) => void) | undefined
  /**
   * Instead of storing (stage 6), hands the reports that passed every stateless check to a log
   * (the JetStream oracle: jetstream/publishReports.ts), which gives their verdicts, in order. It
   * rejects with an OracleError when nothing may be acknowledged. `countedByWriter` names the rows
   * (by index) whose refusal the log's writer counts, since it decides them in the end (a report
   * published, then refused): onRejected is not told of those, so nothing is counted twice.
   */
  publish?: ((rows: readonly ReportRow[]) => Promise<PublishVerdicts>) | undefined
}

/** The verdicts a log gives the rows handed to it, in order, and which of their refusals its writer counts. */
export type PublishVerdicts = { results: IngestResult[]; countedByWriter: ReadonlySet<number> }

/** A report on its way through the pipeline; fields fill in stage by stage. */
type Item = {
  index: number
  signed: Uint8Array
  sealed: SealedReport
  deviceId: Hex
  device?: DeviceKeyRecord
  report?: DecodedReport
  reportId?: Hex
  /** An identical report earlier in the same request: this one gets its verdict. */
  sameAs?: Item
}

/**
 * What a kind or payload type name may be: printable ASCII without spaces, like "uptime" and
 * "heartbeat". Anything else (a NUL byte above all, which PostgreSQL text cannot hold) is refused
 * before it reaches the store.
 */
const NAME = /^[\x21-\x7e]{1,64}$/

const reject = (code: OracleErrorCode, message: string): IngestResult => ({ status: 'rejected', code, message })

/**
 * Turns received SignedReport bytes into verdicts, storing the accepted ones. In order, and each
 * stage only for what passed the one before:
 *
 * 1. open the envelope, which must be canonical, and read the claimed device id (nothing else is
 *    decoded yet);
 * 2. look the device up: unknown, suspended or retired devices stop here;
 * 3. verify the signature over the body bytes as received, on the worker pool;
 * 4. only now decode the body (canonical too), and check network, timestamp window — against the
 *    moment the request arrived, so a busy oracle never makes a report stale — and the device's
 *    rate;
 * 5. check the sequence against the device's last accepted one, and dedupe within the request;
 * 6. insert in one transaction (shared with whatever other requests are waiting: ReportWriter),
 *    and reconcile rows a concurrent request stored first. A report in an epoch that was sealed
 *    meanwhile is stale; a different report under a stored sequence is equivocation, kept as
 *    evidence (conflicting_reports) and refused.
 *
 * Resolves after the COMMIT: an 'accepted' verdict is durable. Failures of the store, the device
 * lookup or the verifier reject the whole call (OracleError PINION_ERR_UNAVAILABLE), so nothing is
 * acknowledged that might not be stored; a report is never stored unless every check passed.
 */
export async function runPipeline(options: PipelineOptions, reports: readonly Uint8Array[], arrivedMs?: number): Promise<IngestResult[]> {
  const results: (IngestResult | undefined)[] = new Array(reports.length)
  const receivedMs = Math.floor(arrivedMs ?? options.clock())
  // The reports (by index) that named a registered device: their refusals count against it.
  const registered = new Map<number, Hex>()
  // Reports (by index) whose refusal the JetStream writer counts instead (PublishVerdicts).
  const countedByWriter = new Set<number>()
  try {
    let items = open(reports, results)
    items = await checkDevices(options, items, results, registered)
    items = await verifySignatures(options, items, results)
    items = checkContents(options, items, results, BigInt(receivedMs))
    if (options.publish === undefined) await store(options, items, results, receivedMs)
    else await publish(options.publish, items, results, receivedMs, countedByWriter)
  } catch (error) {
    if (error instanceof OracleError) throw error
    throw new OracleError('PINION_ERR_UNAVAILABLE', 'the report store, device registry or signature verifier failed; nothing was acknowledged', { cause: error })
  }
  const verdicts = results.map((result, index) => result ?? reject('PINION_ERR_INTERNAL', `report ${index} got no verdict`))
  if (options.onRejected !== undefined) {
    verdicts.forEach((result, index) => {
      if (result.status === 'rejected' && !countedByWriter.has(index)) options.onRejected!(receivedMs, registered.get(index) ?? UNREGISTERED_DEVICES, result.code)
    })
  }
  options.onVerdicts?.(verdicts)
  return verdicts
}

function codeOf(error: unknown): OracleErrorCode {
  return error instanceof PinionError && isOracleErrorCode(error.code) ? error.code : 'PINION_ERR_MALFORMED_REPORT'
}

function open(reports: readonly Uint8Array[], results: (IngestResult | undefined)[]): Item[] {
  const items: Item[] = []
  reports.forEach((signed, index) => {
    try {
      const sealed = openCanonicalSignedReport(signed)
      items.push({ index, signed, sealed, deviceId: peekDeviceId(sealed.body) })
    } catch (error) {
      results[index] = reject(codeOf(error), error instanceof Error ? error.message : 'malformed report')
    }
  })
  return items
}

async function checkDevices(options: PipelineOptions, items: Item[], results: (IngestResult | undefined)[], registered: Map<number, Hex>): Promise<Item[]> {
  const ids = [...new Set(items.map((item) => item.deviceId))]
  const records = await Promise.all(ids.map((id) => options.deviceLookup(id)))
  const devices = new Map(ids.map((id, i) => [id, records[i]]))
  return items.filter((item) => {
    const device = devices.get(item.deviceId)
    if (device !== undefined) registered.set(item.index, item.deviceId)
    if (device === undefined) results[item.index] = reject('PINION_ERR_UNKNOWN_DEVICE', `device ${item.deviceId} is not registered`)
    else if (!device.active) results[item.index] = reject('PINION_ERR_INACTIVE_DEVICE', `device ${item.deviceId} is suspended or retired`)
    else item.device = device
    return device?.active === true
  })
}

async function verifySignatures(options: PipelineOptions, items: Item[], results: (IngestResult | undefined)[]): Promise<Item[]> {
  const valid = await options.verifier.verify(
    items.map((item) => ({
      keyType: item.device!.keyType,
      publicKey: item.device!.publicKey,
      message: reportSigningMessage(item.sealed.body),
      signature: item.sealed.signature,
    })),
  )
  return items.filter((item, i) => {
    if (valid[i] === 1) return true
    results[item.index] = reject('PINION_ERR_BAD_SIGNATURE', `the signature does not verify under the key of device ${item.deviceId}`)
    return false
  })
}

function checkContents(options: PipelineOptions, items: Item[], results: (IngestResult | undefined)[], now: bigint): Item[] {
  const oldest = now - BigInt(options.maxAgeMs)
  const newest = now + BigInt(options.maxFutureMs)
  return items.filter((item) => {
    const verdict = contentVerdict(options, item, oldest, newest)
    if (verdict !== undefined) results[item.index] = verdict
    return verdict === undefined
  })
}

function contentVerdict(options: PipelineOptions, item: Item, oldest: bigint, newest: bigint): IngestResult | undefined {
  // Charged once the signature verified, so nobody can spend a device's budget with forged reports.
  if (options.deviceBuckets !== undefined && !options.deviceBuckets.take(item.deviceId)) {
    return reject('PINION_ERR_RATE_LIMITED', `device ${item.deviceId} sent more reports than its rate allows`)
  }
  let report: DecodedReport
  try {
    report = decodeReportBody(item.sealed.body)
  } catch (error) {
    return reject('PINION_ERR_MALFORMED_REPORT', error instanceof Error ? error.message : 'malformed report body')
  }
  if (!isCanonicalReportBody(item.sealed.body)) {
    return reject(
      'PINION_ERR_NON_CANONICAL_REPORT',
      'the report body is not the canonical encoding of the ReportBody it decodes to (unknown fields, fields out of order, padded varints or default values written out)',
    )
  }
  if (report.deviceId !== item.deviceId) {
    return reject('PINION_ERR_MALFORMED_REPORT', `device_id read as ${item.deviceId} before decoding and ${report.deviceId} after`)
  }
  if (!NAME.test(report.kind) || !NAME.test(report.payloadType)) {
    return reject(
      'PINION_ERR_MALFORMED_REPORT',
      `kind and payload_type must be 1 to 64 printable ASCII characters, got ${JSON.stringify(report.kind)} and ${JSON.stringify(report.payloadType)}`,
    )
  }
  if (report.networkId !== options.networkId) {
    return reject('PINION_ERR_WRONG_NETWORK', `network_id ${report.networkId} is not this oracle's network ${options.networkId}`)
  }
  if (report.timestampMs < oldest) {
    return reject('PINION_ERR_STALE_TIMESTAMP', `timestamp_ms ${report.timestampMs} is before the oldest accepted, ${oldest}`)
  }
  if (report.timestampMs > newest) {
    return reject('PINION_ERR_FUTURE_TIMESTAMP', `timestamp_ms ${report.timestampMs} is after the newest accepted, ${newest}`)
  }
  item.report = report
  item.reportId = reportIdOf(item.sealed.body)
  return undefined
}

async function store(options: PipelineOptions, items: Item[], results: (IngestResult | undefined)[], receivedMs: number): Promise<void> {
  if (items.length === 0) return
  const { sequences } = options
  const unseeded = [...new Set(items.map((item) => item.deviceId).filter((id) => sequences.get(id) === undefined))]
  const seeded = new Map<Hex, bigint>()
  if (unseeded.length > 0) {
    const stored = await Promise.all(unseeded.map((id) => options.loadLastSequence(id)))
    unseeded.forEach((id, i) => {
      sequences.seed(id, stored[i])
      seeded.set(id, stored[i] ?? NO_SEQUENCE)
    })
  }
  // The cache as it is now (a concurrent request may have moved it while this one waited), or what
  // was just read, should the cache have dropped it again to stay within its size.
  const lastAccepted = (id: Hex): bigint => {
    const cached = sequences.get(id)
    const read = seeded.get(id)
    if (cached === undefined) return read ?? NO_SEQUENCE
    return read !== undefined && read > cached ? read : cached
  }

  // Sort each report into: new (above the device's last sequence, counting this request's own),
  // a copy of an earlier one in this request, or at/below the last (a retry of a stored report, a
  // replay, or another body under a stored sequence: only the stored report can tell).
  const fresh: Item[] = []
  const old: Item[] = []
  const latest = new Map<Hex, bigint>()
  const firstByKey = new Map<string, Item>()
  for (const item of items) {
    const { deviceId, sequence } = item.report!
    const key = reportKey(deviceId, sequence)
    const first = firstByKey.get(key)
    if (first !== undefined) {
      // The same bytes twice share a verdict; another body under the same sequence is looked up
      // once the first is stored, and so found to conflict with it.
      if (first.reportId === item.reportId) item.sameAs = first
      else old.push(item)
      continue
    }
    firstByKey.set(key, item)
    const last = latest.get(deviceId) ?? lastAccepted(deviceId)
    if (sequence > last) {
      latest.set(deviceId, sequence)
      fresh.push(item)
    } else {
      old.push(item)
    }
  }

  const rows: ReportRow[] = fresh.map((item) => rowOf(item, receivedMs))
  const { inserted, stored, inSealedEpoch } = await options.writer.write({
    rows,
    lookups: old.map((item) => ({ deviceId: item.deviceId, sequence: item.report!.sequence })),
  })

  // Committed: only now do verdicts say accepted, and the cache move on.
  const conflicting: Item[] = []
  const freshItems = new Set(fresh)
  for (const item of [...fresh, ...old]) {
    const { deviceId, sequence } = item.report!
    const key = reportKey(deviceId, sequence)
    const storedId = stored.get(key)
    if (freshItems.has(item) && inserted.has(key)) {
      results[item.index] = { status: 'accepted', reportId: item.reportId! }
      sequences.advance(deviceId, sequence)
    } else if (inSealedEpoch.has(key)) {
      results[item.index] = reject('PINION_ERR_STALE_TIMESTAMP', `timestamp_ms ${item.report!.timestampMs} falls in an epoch that was sealed while the report was on its way`)
    } else if (storedId === item.reportId) {
      results[item.index] = { status: 'duplicate', reportId: item.reportId! }
      sequences.advance(deviceId, sequence)
    } else if (storedId !== undefined) {
      conflicting.push(item)
    } else {
      results[item.index] = replayed(deviceId, sequence, lastAccepted(deviceId))
    }
  }
  if (conflicting.length > 0) {
    // Both reports are authentic (the signature verified): the device signed two bodies under one
    // sequence. The second is kept as evidence before the verdict says so.
    await options.writer.keepEvidence(conflicting.map((item) => rowOf(item, receivedMs)))
    for (const item of conflicting) {
      const { deviceId, sequence } = item.report!
      results[item.index] = reject(
        'PINION_ERR_EQUIVOCATION',
        `device ${deviceId} already signed a different report (${stored.get(reportKey(deviceId, sequence))}) with sequence ${sequence}; both are kept as evidence`,
      )
    }
  }
  for (const item of items) {
    if (item.sameAs === undefined) continue
    const first = results[item.sameAs.index]!
    results[item.index] = first.status === 'rejected' ? first : { status: 'duplicate', reportId: item.reportId! }
  }
}

async function publish(
  to: NonNullable<PipelineOptions['publish']>,
  items: Item[],
  results: (IngestResult | undefined)[],
  receivedMs: number,
  countedByWriter: Set<number>,
): Promise<void> {
  if (items.length === 0) return
  const verdicts = await to(items.map((item) => rowOf(item, receivedMs)))
  items.forEach((item, i) => {
    results[item.index] = verdicts.results[i]
    if (verdicts.countedByWriter.has(i)) countedByWriter.add(item.index)
  })
}

function rowOf(item: Item, receivedMs: number): ReportRow {
  return {
    deviceId: item.deviceId,
    sequence: item.report!.sequence,
    timestampMs: item.report!.timestampMs,
    kind: item.report!.kind,
    payloadType: item.report!.payloadType,
    reportId: item.reportId!,
    // Canonical (checked in open), so the bytes as received are the bytes every oracle publishes.
    signed: item.signed,
    receivedMs,
  }
}

function replayed(deviceId: Hex, sequence: bigint, last: bigint): IngestResult {
  return reject(
    'PINION_ERR_REPLAYED_SEQUENCE',
    `sequence ${sequence} of device ${deviceId} is not above its last accepted sequence ${last}, and is not a resubmission of the stored report`,
  )
}
