import { decodeReportBody, generateDeviceKey, openSignedReport } from '@pinion/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_NOW_MS, testReport, testReportId } from '@pinion/testkit/oracle/sampleReports'
import { storeFetchedReports } from './consensus.ts'
import type { Db } from './db.ts'
import { type ReportRow, insertReports } from './reports.ts'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'

function rowOf(signed: Uint8Array): ReportRow {
  const body = decodeReportBody(openSignedReport(signed).body)
  return {
    deviceId: body.deviceId,
    sequence: body.sequence,
    timestampMs: body.timestampMs,
    kind: body.kind,
    payloadType: body.payloadType,
    reportId: testReportId(signed),
    signed,
    receivedMs: TEST_NOW_MS,
  }
}

describe.each(testBackends())('storeFetchedReports on %s', (backend) => {
  let test: TestDb
  let db: Db
  beforeAll(async () => {
    test = await openTestDb({ backend })
    db = test.db
  })
  afterAll(() => test.cleanup())

  const idsIn = async (table: 'reports' | 'conflicting_reports') =>
    (await db.query<{ report_id: string }>(`select report_id from ${table} order by report_id`)).rows.map((row) => row.report_id)

  it('keeps new reports, ignores ones it holds, and keeps every other version of a sequence as conflicting', async () => {
    const key = generateDeviceKey('ed25519')
    const held = rowOf(testReport(key, 1))
    await insertReports(db, [held])
    const fresh = Array.from({ length: 40 }, (_, i) => rowOf(testReport(key, 10 + i)))
    // Another version of the held sequence, and two versions of a new one within the batch.
    const rival = rowOf(testReport(key, 1, { timestampMs: BigInt(TEST_NOW_MS + 1) }))
    const firstOfNew = rowOf(testReport(key, 100))
    const secondOfNew = rowOf(testReport(key, 100, { timestampMs: BigInt(TEST_NOW_MS + 2) }))

    const kept = [held, ...fresh, firstOfNew].map((row) => row.reportId).sort()
    const conflicting = [rival, secondOfNew].map((row) => row.reportId).sort()

    await storeFetchedReports(db, [held, ...fresh, rival, firstOfNew, secondOfNew])
    expect(await idsIn('reports')).toEqual(kept)
    expect(await idsIn('conflicting_reports')).toEqual(conflicting)

    // Storing the same reports again, in another order, changes nothing.
    await storeFetchedReports(db, [secondOfNew, rival, held, ...fresh, firstOfNew])
    expect(await idsIn('reports')).toEqual(kept)
    expect(await idsIn('conflicting_reports')).toEqual(conflicting)
  })
})
