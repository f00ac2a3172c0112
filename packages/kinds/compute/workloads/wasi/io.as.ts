// @ts-nocheck: AssemblyScript (compiled by ../build.ts with asc), not TypeScript; tsc only parses it.
//
// The workloads' whole contact with the outside: stdin to EOF, stdout, stderr and exit, through the
// three WASI preview1 calls Pinion's runtime provides (compute-design.md, "Workloads"), declared in
// ./wasi_snapshot_preview1.ts rather than taken from @assemblyscript/wasi-shim, whose abort, trace
// and Math.random pull in clock_time_get and random_get: a workload imports exactly these three.

import { fd_read, fd_write, proc_exit } from './wasi_snapshot_preview1'

const STDIN: u32 = 0
const STDOUT: u32 = 1
const STDERR: u32 = 2

/** Exit code for input the workload refuses (bad header, out-of-range sizes). */
export const EXIT_BAD_INPUT: u32 = 1
/** Exit code for an AssemblyScript abort (a bug or an exhausted memory), never for bad input. */
export const EXIT_ABORTED: u32 = 70

// One iovec (pointer, length) and the count the call writes back: 12 bytes of static memory.
const scratch = memory.data(16)

/** Length of the last readStdin's input, in bytes. */
export let inputLength: usize = 0

/**
 * Reads stdin to EOF into a fresh heap block and returns its address (its length in inputLength).
 * More than `limit` bytes is bad input: the workload says so rather than growing without bound.
 */
export function readStdin(limit: usize): usize {
  let capacity: usize = limit < 4096 ? limit + 1 : 4096
  let buffer = heap.alloc(capacity)
  let length: usize = 0
  while (true) {
    if (length === capacity) {
      if (capacity > limit) fail(`input is longer than ${limit.toString()} bytes`)
      const grown = capacity << 1
      capacity = grown > limit ? limit + 1 : grown
      buffer = heap.realloc(buffer, capacity)
    }
    store<u32>(scratch, <u32>(buffer + length))
    store<u32>(scratch, <u32>(capacity - length), 4)
    if (fd_read(STDIN, scratch, 1, scratch + 8) !== 0) fail('cannot read stdin')
    const read = <usize>load<u32>(scratch, 8)
    if (read === 0) break
    length += read
  }
  if (length > limit) fail(`input is longer than ${limit.toString()} bytes`)
  inputLength = length
  return buffer
}

function writeAll(fd: u32, pointer: usize, length: usize): bool {
  while (length > 0) {
    store<u32>(scratch, <u32>pointer)
    store<u32>(scratch, <u32>length, 4)
    if (fd_write(fd, scratch, 1, scratch + 8) !== 0) return false
    const written = <usize>load<u32>(scratch, 8)
    if (written === 0) return false
    pointer += written
    length -= written
  }
  return true
}

/** Writes `length` bytes at `pointer` to stdout; a host that refuses them ends the task. */
export function writeStdout(pointer: usize, length: usize): void {
  if (!writeAll(STDOUT, pointer, length)) {
    proc_exit(EXIT_ABORTED)
    unreachable()
  }
}

/** Writes a string to stdout as UTF-8. */
export function writeStdoutString(text: string): void {
  const bytes = String.UTF8.encode(text)
  writeStdout(changetype<usize>(bytes), <usize>bytes.byteLength)
}

function writeStderr(text: string): void {
  const bytes = String.UTF8.encode(text)
  writeAll(STDERR, changetype<usize>(bytes), <usize>bytes.byteLength)
}

/** Refuses the input: the message on stderr, exit code EXIT_BAD_INPUT. Never returns. */
export function fail(message: string): void {
  writeStderr(`error: ${message}\n`)
  proc_exit(EXIT_BAD_INPUT)
  unreachable()
}

/** AssemblyScript's abort (build.ts passes --use abort=wasi/io.as/abortTask): stderr, then EXIT_ABORTED. */
export function abortTask(message: string | null, fileName: string | null, line: u32, column: u32): void {
  writeStderr(`abort: ${message === null ? '' : message} at ${fileName === null ? '?' : fileName}:${line.toString()}:${column.toString()}\n`)
  proc_exit(EXIT_ABORTED)
  unreachable()
}
