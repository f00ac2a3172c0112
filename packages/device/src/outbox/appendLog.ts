import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { crc32 } from 'node:zlib'
import { DeviceError } from '../errors.ts'
import { fsyncDir, writeFileAtomic } from '../fs/durable.ts'

/**
 * An append-only file of JSON records, one per line, each framed as `crc32hex SP json LF`:
 *
 *     1c291ca3 {"op":"add","seq":"1","report":"CiIK..."}
 *
 * Appends are fsynced before they return. A crash can tear only the record being written, which
 * is the last one; on open a last record without its newline or with a bad checksum is dropped and
 * cut off (so the next append starts on a clean line). A bad record anywhere before the last is
 * not a torn write but corruption, and opening fails with PINION_ERR_OUTBOX_CORRUPT instead of
 * guessing which reports were lost.
 */
export class AppendLog<record> {
  private fd: number | null
  /** Records in the file now, for compaction decisions. */
  recordCount: number

  private constructor(
    readonly path: string,
    fd: number,
    recordCount: number,
  ) {
    this.fd = fd
    this.recordCount = recordCount
  }

  /**
   * Opens (creating) the log at `path` and returns its intact records, parsed by `parse`, which
   * throws for a record that is well framed but not what this log holds.
   */
  static open<record>(path: string, parse: (json: unknown) => record): { log: AppendLog<record>; records: record[]; tornBytes: number } {
    const existed = existsSync(path)
    const bytes = existed ? readFileSync(path) : Buffer.alloc(0)
    const { values, goodBytes } = scan(path, bytes)
    const records = values.map((value, index) => {
      try {
        return parse(value)
      } catch (cause) {
        throw new DeviceError('PINION_ERR_OUTBOX_CORRUPT', `${path}: record ${index + 1} is not a valid record: ${JSON.stringify(value)}`, { cause })
      }
    })
    const fd = openSync(path, 'a', 0o600)
    const tornBytes = bytes.length - goodBytes
    if (tornBytes > 0) {
      ftruncateSync(fd, goodBytes)
      fsyncSync(fd)
    }
    if (!existed) fsyncDir(dirname(path))
    return { log: new AppendLog<record>(path, fd, records.length), records, tornBytes }
  }

  /** Appends `records` in one write and fsyncs: on return they survive a crash. */
  append(records: readonly record[]): void {
    if (records.length === 0) return
    const fd = this.openFd()
    const bytes = Buffer.from(records.map(frame).join(''))
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
    this.recordCount += records.length
  }

  /** Replaces the whole log with `records`, atomically (a crash leaves the old log or the new). */
  rewrite(records: readonly record[]): void {
    const fd = this.openFd()
    writeFileAtomic(this.path, records.map(frame).join(''), 0o600)
    closeSync(fd)
    // The old descriptor points at the replaced inode; appends must go to the new file.
    this.fd = openSync(this.path, 'a', 0o600)
    this.recordCount = records.length
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  private openFd(): number {
    if (this.fd === null) throw new DeviceError('PINION_ERR_OUTBOX_CLOSED', `${this.path} was used after close()`)
    return this.fd
  }
}

/** One record as it is stored. */
export function frame(record: unknown): string {
  const json = JSON.stringify(record)
  return `${checksum(json)} ${json}\n`
}

const checksum = (json: string) => crc32(json).toString(16).padStart(8, '0')

/** The framed JSON values of `bytes`, and how many leading bytes hold intact records. */
function scan(path: string, bytes: Buffer): { values: unknown[]; goodBytes: number } {
  const lines: { start: number; end: number }[] = []
  let start = 0
  for (let newline = bytes.indexOf(0x0a, start); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
    lines.push({ start, end: newline })
    start = newline + 1
  }
  const hasTornTail = start < bytes.length // bytes after the last newline: a record cut mid-write

  const values: unknown[] = []
  for (const [index, line] of lines.entries()) {
    const value = unframe(bytes.subarray(line.start, line.end))
    if (value !== undefined) {
      values.push(value)
      continue
    }
    if (index === lines.length - 1 && !hasTornTail) return { values, goodBytes: line.start } // a torn last record
    throw new DeviceError(
      'PINION_ERR_OUTBOX_CORRUPT',
      `${path}: record ${index + 1} of ${lines.length} fails its checksum; only the last record can be torn by a crash, so this is corruption`,
    )
  }
  return { values, goodBytes: start }
}

/** The JSON value of one framed line, or undefined when the frame or checksum is wrong. */
function unframe(line: Buffer): unknown {
  const text = line.toString('utf8')
  if (text.length < 10 || text[8] !== ' ') return undefined
  const json = text.slice(9)
  if (checksum(json) !== text.slice(0, 8)) return undefined
  try {
    return JSON.parse(json)
  } catch {
    return undefined
  }
}
