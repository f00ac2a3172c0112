import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DeviceError } from '../errors.ts'
import { frame } from './appendLog.ts'
import { OUTBOX_FILES, openFileOutbox } from './fileOutbox.ts'

const A = 'http://oracle-a.test'
const B = 'http://oracle-b.test/' // trailing slash: the same oracle as without
const oracles = [A, B]

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pinion-outbox-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2])
const logPath = () => join(dir, OUTBOX_FILES.log)
const open = () => openFileOutbox(dir, { oracles })
const sequencesOf = (entries: { sequence: bigint }[]) => entries.map((e) => e.sequence)

/** Reserves and appends `count` entries, as the agent does. */
function fill(outbox: ReturnType<typeof open>, count: number) {
  for (let i = 0; i < count; i++) {
    const sequence = outbox.reserveSequence()
    outbox.append({ sequence, report: bytes(Number(sequence)) })
  }
}

function codeOf(action: () => unknown): string {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceError)
    return (error as DeviceError).code
  }
  throw new Error('expected an error')
}

describe('file outbox durability', () => {
  it('keeps appended entries when reopened without close (the process died)', () => {
    const first = open()
    fill(first, 3)
    // No close(): a second open sees only what reached the files.
    const second = open()
    expect(second.size).toBe(3)
    expect(second.pending(A, 10)).toEqual([1n, 2n, 3n].map((sequence) => ({ sequence, report: bytes(Number(sequence)) })))
    expect(second.recovery).toEqual({ tornLogBytes: 0, tornDeadLetterBytes: 0 })
  })

  it('ignores a torn last record, cuts it off, and appends cleanly after it', () => {
    const outbox = open()
    fill(outbox, 2)
    outbox.close()
    const torn = frame({ op: 'add', seq: '3', report: 'AAEC' }).slice(0, 20) // half a record, no newline
    appendFileSync(logPath(), torn)

    const reopened = open()
    expect(reopened.recovery.tornLogBytes).toBe(torn.length)
    expect(sequencesOf(reopened.pending(A, 10))).toEqual([1n, 2n])
    fill(reopened, 1)
    reopened.close()
    expect(sequencesOf(open().pending(A, 10))).toEqual([1n, 2n, 3n])
    expect(readFileSync(logPath(), 'utf8').split('\n').filter(Boolean)).toHaveLength(3)
  })

  it('ignores a last record whose checksum fails even with its newline (a partly written page)', () => {
    const outbox = open()
    fill(outbox, 2)
    outbox.close()
    appendFileSync(logPath(), `00000000 {"op":"add","seq":"3","report":"AAEC"}\n`)
    expect(sequencesOf(open().pending(A, 10))).toEqual([1n, 2n])
  })

  it('refuses a log with a bad record before the last: corruption, not a torn write', () => {
    const outbox = open()
    fill(outbox, 3)
    outbox.close()
    const lines = readFileSync(logPath(), 'utf8').split('\n')
    lines[1] = lines[1]!.replace('"seq":"2"', '"seq":"9"')
    writeFileSync(logPath(), lines.join('\n'))
    expect(codeOf(open)).toBe('PINION_ERR_OUTBOX_CORRUPT')
  })

  it('survives SIGKILL at an arbitrary point: every acknowledged append is there, no sequence is reused', async () => {
    const writer = fileURLToPath(new URL('../../../testkit/src/device/outboxWriter.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    const exited = new Promise((resolve) => child.once('exit', resolve))
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (data: Buffer) => {
        output += data.toString()
        if (output.split('\n').length > 20) resolve()
      })
    })
    child.kill('SIGKILL')
    await exited
    const printed = output
      .split('\n')
      .filter((line) => /^\d+$/.test(line))
      .map(BigInt)
    const lastAcknowledged = printed[printed.length - 1]!

    const outbox = openFileOutbox(dir, { oracles: ['http://oracle.test'] })
    const entries = sequencesOf(outbox.pending('http://oracle.test', Number.MAX_SAFE_INTEGER))
    expect(entries.length).toBeGreaterThanOrEqual(Number(lastAcknowledged))
    expect(entries).toEqual(entries.map((_, i) => BigInt(i + 1))) // gapless, in order, nothing torn kept
    expect(outbox.reserveSequence()).toBeGreaterThan(entries[entries.length - 1]!)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]) // interrupted atomic writes swept
  })
})

describe('file outbox settlement', () => {
  it('removes an entry only once every oracle settled it, across a restart', () => {
    const outbox = open()
    fill(outbox, 3)
    outbox.settle(
      A,
      [
        { sequence: 1n, status: 'delivered' },
        { sequence: 2n, status: 'delivered' },
      ],
      0,
    )
    expect(outbox.size).toBe(3)
    expect(sequencesOf(outbox.pending(A, 10))).toEqual([3n])
    expect(sequencesOf(outbox.pending(B, 10))).toEqual([1n, 2n, 3n])

    const reopened = open()
    expect(sequencesOf(reopened.pending(A, 10))).toEqual([3n])
    reopened.settle('http://oracle-b.test', [{ sequence: 1n, status: 'delivered' }], 0)
    expect(reopened.size).toBe(2)
    expect(sequencesOf(reopened.pending(B, 10))).toEqual([2n, 3n])
  })

  it('moves a permanently rejected entry to the dead letters with the oracle and code, durably', () => {
    const outbox = open()
    fill(outbox, 2)
    outbox.settle(A, [{ sequence: 1n, status: 'rejected', code: 'PINION_ERR_BAD_SIGNATURE', message: 'no' }], 42)
    outbox.settle(B, [{ sequence: 1n, status: 'delivered' }], 43)
    expect(outbox.size).toBe(1)

    const reopened = open()
    expect(reopened.deadLetters()).toEqual([{ sequence: 1n, oracle: A, code: 'PINION_ERR_BAD_SIGNATURE', message: 'no', report: bytes(1), atMs: 42 }])
    expect(sequencesOf(reopened.pending(A, 10))).toEqual([2n])
  })

  it('ignores a second settlement of the same entry by the same oracle (a retried flush)', () => {
    const outbox = open()
    fill(outbox, 1)
    const rejected = { sequence: 1n, status: 'rejected', code: 'PINION_ERR_WRONG_NETWORK', message: 'x' } as const
    outbox.settle(A, [rejected], 0)
    outbox.settle(A, [rejected], 0)
    expect(outbox.deadLetters()).toHaveLength(1)
  })

  it('compacts the log to its sequence floor once everything is settled', () => {
    const outbox = open()
    fill(outbox, 5)
    const all = [1n, 2n, 3n, 4n, 5n].map((sequence) => ({ sequence, status: 'delivered' as const }))
    outbox.settle(A, all, 0)
    outbox.settle(B, all, 0)
    expect(outbox.size).toBe(0)
    expect(readFileSync(logPath(), 'utf8')).toBe(frame({ op: 'floor', seq: '5' }))
    expect(statSync(logPath()).mode & 0o777).toBe(0o600)
    // Appends go to the compacted file, not the replaced one.
    fill(outbox, 1)
    expect(sequencesOf(open().pending(A, 10))).toEqual([6n])
  })

  it('rejects an entry whose sequence is not above the last', () => {
    const outbox = open()
    fill(outbox, 2)
    expect(codeOf(() => outbox.append({ sequence: 2n, report: bytes(0) }))).toBe('PINION_ERR_OUTBOX_SEQUENCE')
  })

  it('drops entries every configured oracle settled when reopened with fewer oracles', () => {
    const outbox = open()
    fill(outbox, 2)
    outbox.settle(A, [{ sequence: 1n, status: 'delivered' }], 0)
    const onlyA = openFileOutbox(dir, { oracles: [A] })
    expect(onlyA.size).toBe(1)
    expect(sequencesOf(onlyA.pending(A, 10))).toEqual([2n])
  })
})

describe('file outbox sequences', () => {
  it('never reuses a sequence across restarts, even after compaction forgot every entry', () => {
    const outbox = open()
    fill(outbox, 3)
    const all = [1n, 2n, 3n].map((sequence) => ({ sequence, status: 'delivered' as const }))
    outbox.settle(A, all, 0)
    outbox.settle(B, all, 0)
    expect(open().reserveSequence()).toBe(4n)
  })

  it('skips a sequence reserved but never appended (a crash between signing and appending)', () => {
    const outbox = open()
    fill(outbox, 1)
    expect(outbox.reserveSequence()).toBe(2n) // then the process dies
    const reopened = open()
    expect(reopened.reserveSequence()).toBe(3n)
  })

  it('takes the higher of the sequence file and the log, so losing either cannot cause reuse', () => {
    const outbox = open()
    fill(outbox, 4)
    rmSync(join(dir, OUTBOX_FILES.sequence))
    expect(open().reserveSequence()).toBe(5n) // from the log
    writeFileSync(join(dir, OUTBOX_FILES.sequence), JSON.stringify({ lastSequence: '90' }))
    expect(open().reserveSequence()).toBe(91n) // from the file
  })

  it('refuses an unreadable sequence file instead of guessing', () => {
    writeFileSync(join(dir, OUTBOX_FILES.sequence), '{"lastSequence":12')
    expect(codeOf(open)).toBe('PINION_ERR_SEQUENCE_FILE_CORRUPT')
  })
})
