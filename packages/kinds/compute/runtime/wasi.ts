import { createHash } from 'node:crypto'
import type { FuncType } from './meter.ts'

/**
 * Pinion's deterministic WASI preview1 shim: every function a task's module can see gives the same
 * answer on every machine, so a provider's run and an oracle's re-execution produce the same bytes.
 *
 * Not `node:wasi`: it hands the module the machine's real clocks, real randomness (getrandom) and,
 * through preopens, its file system, each a difference between two runs of one task (and the file
 * system a hole in the sandbox); it is also still marked experimental and cannot bound stdout.
 *
 * What a module sees: args ["task"], no environment, stdin (fd 0) = the task's input, stdout (fd 1) =
 * the output and stderr (fd 2) = the log (both bounded: a write past the bound ends the run,
 * OUTPUT_TOO_LARGE), no other descriptor and no preopened directory, clocks stopped at the task's
 * fixed time, random_get a stream keyed by the task's seed (sha256(seed ‖ counter) blocks), proc_exit
 * ending the run. Every other preview1 function answers ENOSYS, so a module that imports one still
 * links. Host calls charge fuel for the bytes they move (see FUEL_*), so a module cannot make the
 * host do work its fuel does not pay for.
 */

export const WASI_MODULE = 'wasi_snapshot_preview1'

/** WASI errno values used here. */
export const ERRNO = { SUCCESS: 0, BADF: 8, FAULT: 21, INVAL: 28, NOSYS: 52, NOTSUP: 58, SPIPE: 70 } as const

/** Fuel a host call charges: one unit per this many bytes copied in or out (as bulk memory does). */
const FUEL_BYTES_PER_UNIT = 8
/** Fuel per 32-byte block of random_get: a SHA-256 costs far more than a copy. */
const FUEL_PER_RANDOM_BLOCK = 256
/** Fuel per I/O vector of fd_read/fd_write. */
const FUEL_PER_IOVEC = 1

/** A run ended by the module calling proc_exit. */
export class ProcExit {
  constructor(readonly code: number) {}
}
/** A run ended because a host call needed more fuel than was left. */
export class HostOutOfFuel {}
/** A run ended because it wrote more than its bound to stdout or stderr. */
export class OutputTooLarge {
  constructor(readonly stream: 'output' | 'log') {}
}

export type WasiOptions = {
  input: Uint8Array
  seed: Uint8Array
  /** What clock_time_get answers for every clock, in nanoseconds (default 0). */
  timeNs?: bigint
  maxOutputBytes: number
  maxLogBytes: number
  /** Takes fuel for host work; throws HostOutOfFuel (after taking it) when the fuel goes below zero. */
  charge: (units: number) => void
}

/** A shim for one run: its imports, and what the run wrote. Bind the memory once the module is instantiated. */
export type Wasi = {
  imports: Record<string, (...args: never[]) => number | undefined>
  bindMemory: (memory: WebAssembly.Memory | undefined) => void
  output: () => Uint8Array
  log: () => Uint8Array
}

/**
 * The WASI preview1 functions and their signatures (wasm32), as the spec's witx defines them. A
 * module's import of one of these must have exactly this type; compileTask refuses one that does not.
 */
export const WASI_SIGNATURES: Record<string, string> = {
  args_get: 'i32 i32 -> i32',
  args_sizes_get: 'i32 i32 -> i32',
  environ_get: 'i32 i32 -> i32',
  environ_sizes_get: 'i32 i32 -> i32',
  clock_res_get: 'i32 i32 -> i32',
  clock_time_get: 'i32 i64 i32 -> i32',
  fd_advise: 'i32 i64 i64 i32 -> i32',
  fd_allocate: 'i32 i64 i64 -> i32',
  fd_close: 'i32 -> i32',
  fd_datasync: 'i32 -> i32',
  fd_fdstat_get: 'i32 i32 -> i32',
  fd_fdstat_set_flags: 'i32 i32 -> i32',
  fd_fdstat_set_rights: 'i32 i64 i64 -> i32',
  fd_filestat_get: 'i32 i32 -> i32',
  fd_filestat_set_size: 'i32 i64 -> i32',
  fd_filestat_set_times: 'i32 i64 i64 i32 -> i32',
  fd_pread: 'i32 i32 i32 i64 i32 -> i32',
  fd_prestat_get: 'i32 i32 -> i32',
  fd_prestat_dir_name: 'i32 i32 i32 -> i32',
  fd_pwrite: 'i32 i32 i32 i64 i32 -> i32',
  fd_read: 'i32 i32 i32 i32 -> i32',
  fd_readdir: 'i32 i32 i32 i64 i32 -> i32',
  fd_renumber: 'i32 i32 -> i32',
  fd_seek: 'i32 i64 i32 i32 -> i32',
  fd_sync: 'i32 -> i32',
  fd_tell: 'i32 i32 -> i32',
  fd_write: 'i32 i32 i32 i32 -> i32',
  path_create_directory: 'i32 i32 i32 -> i32',
  path_filestat_get: 'i32 i32 i32 i32 i32 -> i32',
  path_filestat_set_times: 'i32 i32 i32 i32 i64 i64 i32 -> i32',
  path_link: 'i32 i32 i32 i32 i32 i32 i32 -> i32',
  path_open: 'i32 i32 i32 i32 i32 i64 i64 i32 i32 -> i32',
  path_readlink: 'i32 i32 i32 i32 i32 i32 -> i32',
  path_remove_directory: 'i32 i32 i32 -> i32',
  path_rename: 'i32 i32 i32 i32 i32 i32 -> i32',
  path_symlink: 'i32 i32 i32 i32 i32 -> i32',
  path_unlink_file: 'i32 i32 i32 -> i32',
  poll_oneoff: 'i32 i32 i32 i32 -> i32',
  proc_exit: 'i32 -> ',
  proc_raise: 'i32 -> i32',
  sched_yield: ' -> i32',
  random_get: 'i32 i32 -> i32',
  sock_accept: 'i32 i32 i32 -> i32',
  sock_recv: 'i32 i32 i32 i32 i32 i32 -> i32',
  sock_send: 'i32 i32 i32 i32 i32 -> i32',
  sock_shutdown: 'i32 i32 -> i32',
}

/** A function type as WASI_SIGNATURES writes it. */
export const signatureOf = (type: FuncType): string => `${type.params.join(' ')} -> ${type.results.join(' ')}`

/** The character-device file type and the rights of stdin (fd_read) and stdout/stderr (fd_write). */
const FILETYPE_CHARACTER_DEVICE = 2
const RIGHT_FD_READ = 0x2n
const RIGHT_FD_WRITE = 0x40n
const ARGS = [new TextEncoder().encode('task\0')]

/** Memory access out of the module's memory: the call answers EFAULT. */
class Fault {}

/** Makes the shim for one run. */
export function createWasi(options: WasiOptions): Wasi {
  const { input, seed, maxOutputBytes, maxLogBytes, charge } = options
  const timeNs = options.timeNs ?? 0n
  let memory: WebAssembly.Memory | undefined
  let inputAt = 0
  const output = new Bytes(maxOutputBytes)
  const log = new Bytes(maxLogBytes)
  let randomCounter = 0n
  let randomBlock: Uint8Array = new Uint8Array(0)
  let randomAt = 0

  // Views are made per call: memory.grow replaces the buffer. Pointers and lengths arrive as signed
  // i32s; they are unsigned offsets.
  const view = () => {
    if (memory === undefined) throw new Fault()
    return new DataView(memory.buffer)
  }
  const bytesAt = (ptr: number, length: number): Uint8Array => {
    const buffer = view().buffer
    const at = ptr >>> 0
    const n = length >>> 0
    if (at + n > buffer.byteLength) throw new Fault()
    return new Uint8Array(buffer, at, n)
  }
  const setU32 = (ptr: number, value: number) => {
    bytesAt(ptr, 4)
    view().setUint32(ptr >>> 0, value, true)
  }
  const setU64 = (ptr: number, value: bigint) => {
    bytesAt(ptr, 8)
    view().setBigUint64(ptr >>> 0, value, true)
  }
  const getU32 = (ptr: number) => {
    bytesAt(ptr, 4)
    return view().getUint32(ptr >>> 0, true)
  }
  /** Runs a call, turning a memory access out of bounds into EFAULT. */
  const guarded =
    <A extends unknown[]>(f: (...args: A) => number) =>
    (...args: A): number => {
      try {
        return f(...args)
      } catch (error) {
        if (error instanceof Fault) return ERRNO.FAULT
        throw error
      }
    }
  /**
   * Visits the I/O vectors at iovs ([pointer, length] pairs), charged one unit each; stops early when
   * visit returns false. The vector array must lie in memory, which bounds how many there can be.
   */
  const forEachIovec = (iovs: number, count: number, visit: (ptr: number, length: number) => boolean) => {
    const n = count >>> 0
    bytesAt(iovs, n * 8)
    charge(n * FUEL_PER_IOVEC)
    const base = iovs >>> 0
    for (let i = 0; i < n; i++) if (!visit(getU32(base + i * 8), getU32(base + i * 8 + 4))) return
  }
  const stdio = (fd: number) => fd >= 0 && fd <= 2

  const implemented: Record<string, (...args: never[]) => number | undefined> = {
    args_sizes_get: guarded((argc: number, bufSize: number) => {
      setU32(argc, ARGS.length)
      setU32(
        bufSize,
        ARGS.reduce((n, a) => n + a.length, 0),
      )
      return ERRNO.SUCCESS
    }),
    args_get: guarded((argv: number, buf: number) => {
      let at = buf
      ARGS.forEach((arg, i) => {
        setU32(argv + i * 4, at)
        bytesAt(at, arg.length).set(arg)
        at += arg.length
      })
      return ERRNO.SUCCESS
    }),
    environ_sizes_get: guarded((count: number, bufSize: number) => {
      setU32(count, 0)
      setU32(bufSize, 0)
      return ERRNO.SUCCESS
    }),
    environ_get: () => ERRNO.SUCCESS,
    fd_write: guarded((fd: number, iovs: number, iovsLen: number, nwritten: number) => {
      if (fd !== 1 && fd !== 2) return ERRNO.BADF
      const sink = fd === 1 ? output : log
      let written = 0
      forEachIovec(iovs, iovsLen, (ptr, length) => {
        const bytes = bytesAt(ptr, length)
        charge(Math.floor(length / FUEL_BYTES_PER_UNIT))
        if (!sink.append(bytes)) throw new OutputTooLarge(fd === 1 ? 'output' : 'log')
        written += length
        return true
      })
      setU32(nwritten, written)
      return ERRNO.SUCCESS
    }),
    fd_read: guarded((fd: number, iovs: number, iovsLen: number, nread: number) => {
      if (fd !== 0) return ERRNO.BADF
      let read = 0
      forEachIovec(iovs, iovsLen, (ptr, length) => {
        const target = bytesAt(ptr, length)
        const n = Math.min(target.length, input.length - inputAt)
        charge(Math.floor(n / FUEL_BYTES_PER_UNIT))
        target.set(input.subarray(inputAt, inputAt + n))
        inputAt += n
        read += n
        return n === target.length
      })
      setU32(nread, read)
      return ERRNO.SUCCESS
    }),
    fd_fdstat_get: guarded((fd: number, buf: number) => {
      if (!stdio(fd)) return ERRNO.BADF
      // fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
      bytesAt(buf, 24).fill(0)
      view().setUint8(buf, FILETYPE_CHARACTER_DEVICE)
      setU64(buf + 8, fd === 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE)
      return ERRNO.SUCCESS
    }),
    fd_close: (fd: number) => (stdio(fd) ? ERRNO.SUCCESS : ERRNO.BADF),
    fd_seek: (fd: number) => (stdio(fd) ? ERRNO.SPIPE : ERRNO.BADF),
    fd_tell: (fd: number) => (stdio(fd) ? ERRNO.SPIPE : ERRNO.BADF),
    fd_prestat_get: () => ERRNO.BADF,
    fd_prestat_dir_name: () => ERRNO.BADF,
    clock_time_get: guarded((id: number, _precision: bigint, time: number) => {
      if (id < 0 || id > 3) return ERRNO.INVAL
      setU64(time, timeNs)
      return ERRNO.SUCCESS
    }),
    clock_res_get: guarded((id: number, resolution: number) => {
      if (id < 0 || id > 3) return ERRNO.INVAL
      setU64(resolution, 1n)
      return ERRNO.SUCCESS
    }),
    random_get: guarded((buf: number, length: number) => {
      const target = bytesAt(buf, length)
      let filled = 0
      while (filled < target.length) {
        if (randomAt === randomBlock.length) {
          charge(FUEL_PER_RANDOM_BLOCK)
          randomBlock = randomStreamBlock(seed, randomCounter++)
          randomAt = 0
        }
        const n = Math.min(target.length - filled, randomBlock.length - randomAt)
        target.set(randomBlock.subarray(randomAt, randomAt + n), filled)
        randomAt += n
        filled += n
      }
      return ERRNO.SUCCESS
    }),
    proc_exit: (code: number) => {
      throw new ProcExit(code >>> 0)
    },
    sched_yield: () => ERRNO.SUCCESS,
    poll_oneoff: () => ERRNO.NOTSUP,
  }
  const imports: Record<string, (...args: never[]) => number | undefined> = {}
  for (const name of Object.keys(WASI_SIGNATURES)) imports[name] = implemented[name] ?? (() => ERRNO.NOSYS)
  return {
    imports,
    bindMemory: (m) => {
      memory = m
    },
    output: () => output.bytes(),
    log: () => log.bytes(),
  }
}

/** Block `counter` of a task's random stream: sha256(seed ‖ counter as uint64 big-endian). */
export function randomStreamBlock(seed: Uint8Array, counter: bigint): Uint8Array {
  const counterBytes = new Uint8Array(8)
  new DataView(counterBytes.buffer).setBigUint64(0, counter)
  return new Uint8Array(createHash('sha256').update(seed).update(counterBytes).digest())
}

/** A bounded byte sink. */
class Bytes {
  private readonly chunks: Uint8Array[] = []
  private length = 0
  constructor(private readonly max: number) {}

  /** Appends a copy of bytes, or returns false (appending nothing) when they would pass the bound. */
  append(bytes: Uint8Array): boolean {
    if (this.length + bytes.length > this.max) return false
    this.chunks.push(bytes.slice())
    this.length += bytes.length
    return true
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const chunk of this.chunks) {
      out.set(chunk, at)
      at += chunk.length
    }
    return out
  }
}
