import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/**
 * Small synchronous building blocks for files that must survive a crash. Synchronous on purpose:
 * a device writes rarely and little, and a sync call cannot interleave with another write from the
 * same process, so callers need no lock.
 */

/** Makes a rename or a new file in `dir` durable: without it the directory entry may be lost on power loss. */
export function fsyncDir(dir: string): void {
  // Windows cannot open a directory for fsync; its rename is already durable enough there.
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Writes `data` to a new temporary file beside `path` with exactly `mode`, fsynced; returns its path. */
function writeTemp(path: string, data: string | Uint8Array, mode: number): string {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`)
  const fd = openSync(temp, 'wx', mode)
  let complete = false
  try {
    // The umask may have removed bits from `mode`; set it exactly.
    fchmodSync(fd, mode)
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
    fsyncSync(fd)
    complete = true
  } finally {
    closeSync(fd)
    if (!complete) rmSync(temp, { force: true })
  }
  return temp
}

/**
 * Replaces `path` with `data` atomically: readers (and a restarted process) see the old content or
 * the new, never a mix. Temp file in the same directory (rename is atomic only within a file
 * system), fsync, rename, fsync the directory.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = writeTemp(path, data, mode)
  try {
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  fsyncDir(dirname(path))
}

/**
 * Creates `path` with `data` atomically and only if it does not exist: link(2) fails with EEXIST
 * instead of replacing, which rename(2) would do silently. Throws the EEXIST error unchanged.
 */
export function createFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = writeTemp(path, data, mode)
  try {
    linkSync(temp, path)
  } finally {
    rmSync(temp, { force: true })
  }
  fsyncDir(dirname(path))
}
