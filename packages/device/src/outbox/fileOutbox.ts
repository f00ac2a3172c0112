import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { AppendLog } from './appendLog.ts'
import { Ledger } from './ledger.ts'
import { type DeadLetter, type Outbox, type OutboxEntry, type Settlement, oracleIdOf } from './outbox.ts'
import { type DeadLetterRecord, type OutboxRecord, deadLetterOf, fromBase64, parseDeadLetterRecord, parseOutboxRecord, toBase64 } from './records.ts'
import { SequenceFile } from './sequenceFile.ts'

/** The files of an outbox directory. One agent process per directory: nothing locks it. */
export const OUTBOX_FILES = {
  /** Append-only log of OutboxRecord: entries and settlements; compacted when mostly settled. */
  log: 'outbox.log',
  /** The last reserved sequence. */
  sequence: 'sequence.json',
  /** Append-only log of DeadLetterRecord; never compacted (an operator reads and clears it). */
  deadLetters: 'dead-letter.log',
} as const

/** Below this many records a log with waiting entries is never rewritten: rewriting costs more than it saves. */
const COMPACT_MIN_RECORDS = 256
/** Rewrite once the log holds this many times more records than entries still waiting. */
const COMPACT_RATIO = 4

export type FileOutboxOptions = { oracles: readonly string[] }

/** What opening found: bytes of torn records cut off the logs' ends (non-zero after a crash mid-write). */
export type Recovery = { tornLogBytes: number; tornDeadLetterBytes: number }

/** A durable outbox in `dir` (created when missing); see `Outbox` for the policy and `OUTBOX_FILES` for the layout. */
export function openFileOutbox(dir: string, options: FileOutboxOptions): FileOutbox {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // Temp files of atomic writes interrupted by a crash: never renamed into place, so never read.
  for (const name of readdirSync(dir)) if (/^\..+\.tmp$/.test(name)) rmSync(join(dir, name), { force: true })
  return new FileOutbox(dir, options.oracles.map(oracleIdOf))
}

export class FileOutbox implements Outbox {
  readonly oracles: readonly string[]
  readonly recovery: Recovery
  private readonly ledger: Ledger
  private readonly log: AppendLog<OutboxRecord>
  private readonly deadLog: AppendLog<DeadLetterRecord>
  private readonly deadRecords: DeadLetterRecord[]
  private readonly sequenceFile: SequenceFile

  constructor(
    readonly dir: string,
    oracles: readonly string[],
  ) {
    this.oracles = oracles
    this.ledger = new Ledger(oracles)
    this.sequenceFile = SequenceFile.open(join(dir, OUTBOX_FILES.sequence))
    const outbox = AppendLog.open(join(dir, OUTBOX_FILES.log), parseOutboxRecord)
    this.log = outbox.log
    for (const record of outbox.records) this.replay(record)
    this.ledger.sweep()
    const dead = AppendLog.open(join(dir, OUTBOX_FILES.deadLetters), parseDeadLetterRecord)
    this.deadLog = dead.log
    this.deadRecords = dead.records
    this.recovery = { tornLogBytes: outbox.tornBytes, tornDeadLetterBytes: dead.tornBytes }
  }

  get size(): number {
    return this.ledger.size
  }

  reserveSequence(): bigint {
    const last = this.sequenceFile.lastSequence > this.ledger.maxSequence ? this.sequenceFile.lastSequence : this.ledger.maxSequence
    const next = last + 1n
    this.sequenceFile.store(next)
    return next
  }

  append(entry: OutboxEntry): void {
    this.ledger.assertAbove(entry.sequence)
    this.log.append([{ op: 'add', seq: entry.sequence.toString(), report: toBase64(entry.report) }])
    this.ledger.add(entry)
  }

  pending(oracle: string, limit: number): OutboxEntry[] {
    return this.ledger.pending(oracleIdOf(oracle), limit)
  }

  settle(oracle: string, settlements: readonly Settlement[], atMs: number): void {
    const id = oracleIdOf(oracle)
    // Settling twice is harmless (a retried flush): only what this oracle still owes counts.
    const fresh = settlements.filter((s) => this.ledger.awaits(id, s.sequence))
    if (fresh.length === 0) return
    const dead: DeadLetterRecord[] = []
    for (const s of fresh) {
      if (s.status !== 'rejected') continue
      dead.push({ seq: s.sequence.toString(), oracle: id, code: s.code, message: s.message, report: toBase64(this.ledger.report(s.sequence)!), atMs })
    }
    // Dead letters first: a crash between the two writes re-sends the report (a duplicate dead
    // letter at worst) instead of losing the rejection.
    this.deadLog.append(dead)
    this.deadRecords.push(...dead)
    this.log.append([{ op: 'settle', oracle: id, seqs: fresh.map((s) => s.sequence.toString()) }])
    for (const s of fresh) this.ledger.settle(id, s.sequence)
    this.compactIfWorthIt()
  }

  deadLetters(): DeadLetter[] {
    return this.deadRecords.map(deadLetterOf)
  }

  close(): void {
    this.log.close()
    this.deadLog.close()
  }

  private replay(record: OutboxRecord): void {
    switch (record.op) {
      case 'add':
        this.ledger.add({ sequence: BigInt(record.seq), report: fromBase64(record.report) })
        return
      case 'settle':
        for (const seq of record.seqs) this.ledger.settle(record.oracle, BigInt(seq))
        return
      case 'floor':
        this.ledger.raiseFloor(BigInt(record.seq))
        return
    }
  }

  private compactIfWorthIt(): void {
    const live = this.ledger.size
    const worthIt = live === 0 ? this.log.recordCount > 1 : this.log.recordCount > COMPACT_MIN_RECORDS && this.log.recordCount > COMPACT_RATIO * live
    if (worthIt) this.compact()
  }

  /** Rewrites the log with only what is still waiting: the floor, the entries, their partial settlements. */
  private compact(): void {
    const records: OutboxRecord[] = [{ op: 'floor', seq: this.ledger.maxSequence.toString() }]
    for (const { sequence, report } of this.ledger.all()) {
      records.push({ op: 'add', seq: sequence.toString(), report: toBase64(report) })
    }
    for (const [oracle, seqs] of this.ledger.partialSettlements()) {
      records.push({ op: 'settle', oracle, seqs: seqs.map(String) })
    }
    this.log.rewrite(records)
  }
}
