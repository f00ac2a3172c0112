import type { DeadLetter } from './outbox.ts'

/**
 * The outbox log's records. Sequences are decimal strings (JSON has no uint64), reports base64.
 * - add: a signed report entered the outbox.
 * - settle: an oracle gave its final answer for these sequences (the outcome itself, when a
 *   rejection, is in the dead-letter log).
 * - floor: the highest sequence ever added, written first by compaction so that a compacted log
 *   still knows it (the sequence file is the primary record; this is the second).
 */
export type OutboxRecord = { op: 'add'; seq: string; report: string } | { op: 'settle'; oracle: string; seqs: string[] } | { op: 'floor'; seq: string }

/** A dead letter as stored: one JSON record per rejected (entry, oracle). */
export type DeadLetterRecord = { seq: string; oracle: string; code: string; message: string; report: string; atMs: number }

const SEQUENCE = /^(0|[1-9][0-9]*)$/

export function parseSequence(value: unknown): bigint {
  if (typeof value !== 'string' || !SEQUENCE.test(value)) throw new Error(`sequence ${JSON.stringify(value)} is not a decimal integer`)
  return BigInt(value)
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

export function parseOutboxRecord(value: unknown): OutboxRecord {
  if (!isObject(value)) throw new Error('expected an object')
  switch (value.op) {
    case 'add':
      parseSequence(value.seq)
      if (typeof value.report !== 'string') throw new Error('add.report must be base64')
      return { op: 'add', seq: value.seq as string, report: value.report }
    case 'settle':
      if (typeof value.oracle !== 'string' || !Array.isArray(value.seqs)) throw new Error('settle needs oracle and seqs')
      value.seqs.forEach(parseSequence)
      return { op: 'settle', oracle: value.oracle, seqs: value.seqs as string[] }
    case 'floor':
      parseSequence(value.seq)
      return { op: 'floor', seq: value.seq as string }
    default:
      throw new Error(`unknown op ${JSON.stringify(value.op)}`)
  }
}

export function parseDeadLetterRecord(value: unknown): DeadLetterRecord {
  if (!isObject(value)) throw new Error('expected an object')
  const { seq, oracle, code, message, report, atMs } = value
  parseSequence(seq)
  if (typeof oracle !== 'string' || typeof code !== 'string' || typeof message !== 'string' || typeof report !== 'string' || typeof atMs !== 'number') {
    throw new Error('dead letter needs oracle, code, message, report and atMs')
  }
  return { seq: seq as string, oracle, code, message, report, atMs }
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
export const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

export function deadLetterOf(record: DeadLetterRecord): DeadLetter {
  return {
    sequence: BigInt(record.seq),
    oracle: record.oracle,
    code: record.code,
    message: record.message,
    report: fromBase64(record.report),
    atMs: record.atMs,
  }
}
