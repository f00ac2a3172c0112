import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { NETWORK_ID, WINDOW, epochInput, makeDevices, sign, signFleet } from '@pinion/testkit/oracle/epochFixture'
import { decodeReportBody, openSignedReport } from '@pinion/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeEpoch } from '../epoch/computeEpoch.ts'
import { reportIdOfSigned } from '@pinion/testkit/oracle/epochFixture'
import { streamEpoch } from '../epoch/streamEpoch.ts'
import { reportIdsForWindow, reportsByIds, storeFetchedReports } from './consensus.ts'
import type { Db } from './db.ts'
import type { ReportRow } from './reports.ts'
import { storedReportPages } from './reportPages.ts'

function rowOf(signed: Uint8Array): ReportRow {
  const body = decodeReportBody(openSignedReport(signed).body)
  return {
    deviceId: body.deviceId,
    sequence: body.sequence,
    timestampMs: body.timestampMs,
    kind: body.kind,
    payloadType: body.payloadType,
    reportId: reportIdOfSigned(signed),
    signed,
    receivedMs: 0,
  }
}

describe.each(testBackends())('storedReportPages on %s', (backend) => {
  let test: TestDb
  let db: Db
  beforeAll(async () => {
    test = await openTestDb({ backend })
    db = test.db
  })
  afterAll(() => test.cleanup())

  it("pages the window's reports in canonical order, and streamEpoch over them gives the root computeEpoch gives over the runner's input set", async () => {
    const fleet = makeDevices('stored-pages', ['honest', 'flaky', 'burst', 'honest', 'clock-skew'])
    const reports = signFleet(fleet, 5)
    const [first] = fleet
    // A second version of a stored sequence (equivocation, kept in conflicting_reports), and reports outside the window.
    const conflicting = sign(first!.key, { sequence: 1n, timestampMs: WINDOW.startMs + 2_222n })
    const before = sign(first!.key, { sequence: 0n, timestampMs: WINDOW.startMs - 1n })
    const after = sign(fleet[1]!.key, { sequence: 9_999n, timestampMs: WINDOW.endMs, networkId: NETWORK_ID })
    await storeFetchedReports(db, [...reports, before, after].map(rowOf))
    await storeFetchedReports(db, [rowOf(conflicting)])

    const pages: Uint8Array[][] = []
    for await (const page of storedReportPages(db, WINDOW, 4)) pages.push(page)
    const paged = pages.flat().map(reportIdOfSigned)
    // The runner's set: the same reports, whatever the order.
    const ids = await reportIdsForWindow(db, WINDOW.startMs, WINDOW.endMs)
    expect([...paged].sort()).toEqual(ids)
    expect(new Set(paged).size).toBe(paged.length)
    expect(paged).toContain(reportIdOfSigned(conflicting))
    expect(paged).not.toContain(reportIdOfSigned(before))

    const held = await reportsByIds(db, ids)
    const input = epochInput(fleet, [...held.values()])
    const whole = await computeEpoch(input, { treeThreads: 1 })
    expect(whole.verdicts.some((v) => v.reason === 'DEVICE_EQUIVOCATED')).toBe(true)
    const streamed = await streamEpoch({ ...input, reports: storedReportPages(db, WINDOW, 4) }, { treeThreads: 1 }) // refuses pages out of canonical order
    expect([streamed.root, streamed.inputsHash, streamed.counts]).toEqual([whole.root, whole.inputsHash, whole.counts])
  })
})
