import { type Hex, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../store/db.ts'
import type { ReportRow } from '../store/reports.ts'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { ReportWriter } from './reportWriter.ts'

const device = (n: number): Hex => keccak256(toHex(n))

function row(deviceNumber: number, sequence: number, payload = 0): ReportRow {
  const signed = new Uint8Array([deviceNumber, sequence, payload])
  return {
    deviceId: device(deviceNumber),
    sequence: BigInt(sequence),
    timestampMs: 1_000n,
    kind: 'uptime',
    payloadType: 'heartbeat',
    reportId: keccak256(signed),
    signed,
    receivedMs: 2_000,
  }
}

const key = (r: ReportRow) => `${r.deviceId}:${r.sequence}`

describe.each(testBackends())('ReportWriter on %s', (backend) => {
  let test: TestDb
  let transactions = 0
  let failing = false
  /** The test Db, counting transactions, failing them on demand. */
  let db: Db
  beforeAll(async () => {
    test = await openTestDb({ backend })
    const inner = test.db
    db = {
      dialect: inner.dialect,
      query: (sql, params) => inner.query(sql, params),
      transaction: (work) => {
        transactions++
        return failing ? Promise.reject(new Error('disk full')) : inner.transaction(work)
      },
      migrate: () => inner.migrate(),
      close: () => inner.close(),
    }
  })
  afterAll(() => test.cleanup())

  it('writes requests that wait together in one transaction, each told what was its own', async () => {
    const writer = new ReportWriter(db)
    transactions = 0
    const [first, second, third] = await Promise.all([
      writer.write({ rows: [row(1, 1), row(1, 2)], lookups: [] }),
      writer.write({ rows: [row(2, 1)], lookups: [] }),
      writer.write({ rows: [row(3, 1), row(3, 2), row(3, 3)], lookups: [] }),
    ])
    // Asked in the same turn of the event loop: one transaction for all three.
    expect(transactions).toBe(1)
    expect(first).toEqual({ inserted: new Set([key(row(1, 1)), key(row(1, 2))]), inSealedEpoch: new Set(), stored: new Map() })
    expect(second).toEqual({ inserted: new Set([key(row(2, 1))]), inSealedEpoch: new Set(), stored: new Map() })
    expect(third!.inserted.size).toBe(3)
    // One asked while that transaction runs waits for the next.
    transactions = 0
    const running = writer.write({ rows: [row(1, 3)], lookups: [] })
    await new Promise<void>((resolve) => setImmediate(resolve)) // the transaction has started
    const waiting = [writer.write({ rows: [row(2, 2)], lookups: [] }), writer.write({ rows: [row(2, 3)], lookups: [] })]
    await Promise.all([running, ...waiting])
    expect(transactions).toBe(2)
  })

  it('writes a key claimed by two waiting requests once, and gives the other the stored id', async () => {
    const writer = new ReportWriter(db)
    const mine = row(4, 1, 1)
    const theirs = row(4, 1, 2)
    const [a, b, c] = await Promise.all([
      writer.write({ rows: [row(5, 1)], lookups: [] }),
      writer.write({ rows: [mine], lookups: [] }),
      writer.write({ rows: [theirs], lookups: [{ deviceId: device(5), sequence: 1n }] }),
    ])
    expect(a!.inserted.size).toBe(1)
    expect(b).toEqual({ inserted: new Set([key(mine)]), inSealedEpoch: new Set(), stored: new Map() })
    expect(c).toEqual({
      inserted: new Set(),
      inSealedEpoch: new Set(),
      stored: new Map([
        [key(mine), mine.reportId],
        [key(row(5, 1)), row(5, 1).reportId],
      ]),
    })
  })

  it('looks up a row that another writer stored first instead of inserting it', async () => {
    const first = new ReportWriter(db)
    const second = new ReportWriter(db)
    await first.write({ rows: [row(6, 1, 1)], lookups: [] })
    expect(await second.write({ rows: [row(6, 1, 2)], lookups: [] })).toEqual({
      inserted: new Set(),
      inSealedEpoch: new Set(),
      stored: new Map([[key(row(6, 1)), row(6, 1, 1).reportId]]),
    })
  })

  it('seals in queue order: writes queued before sealBefore are stored, later ones for sealed epochs refused', async () => {
    const writer = new ReportWriter(db)
    const early = { ...row(8, 1), timestampMs: 999n }
    const late = { ...row(8, 2), timestampMs: 999n }
    const afterEnd = { ...row(8, 3), timestampMs: 1_000n }
    const [before, , after] = await Promise.all([writer.write({ rows: [early], lookups: [] }), writer.sealBefore(1_000n), writer.write({ rows: [late, afterEnd], lookups: [] })])
    expect(before!.inserted).toEqual(new Set([key(early)]))
    expect(after).toMatchObject({ inserted: new Set([key(afterEnd)]), inSealedEpoch: new Set([key(late)]) })
  })

  it('keeps one conflicting version per (device, sequence) as evidence', async () => {
    const writer = new ReportWriter(db)
    await writer.keepEvidence([row(9, 1, 1), row(9, 1, 2)])
    await writer.keepEvidence([row(9, 1, 3), row(9, 2, 1)])
    const { rows } = await db.query<{ report_id: string }>('select report_id from conflicting_reports where device_id = $1 order by sequence', [device(9)])
    expect(rows.map((r) => r.report_id)).toEqual([row(9, 1, 1).reportId, row(9, 2, 1).reportId])
  })

  it('fails every request of a transaction that fails, and keeps writing afterwards', async () => {
    const writer = new ReportWriter(db)
    failing = true
    const answers = await Promise.allSettled([writer.write({ rows: [row(7, 1)], lookups: [] }), writer.write({ rows: [row(7, 2)], lookups: [] })])
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected'])
    failing = false
    expect((await writer.write({ rows: [row(7, 1)], lookups: [] })).inserted.size).toBe(1)
  })
})
