/**
 * The engine of runTask (runTask.ts has the determinism contract): a task that passed checkTask, run.
 * Apart from runTask.ts so that a worker (runTaskInWorker.ts) loads it without @pinion/protocol.
 */
import type { Hex } from 'viem'
import { type CompiledTask, compileTask, compiledTaskOf, sha256Hex } from './compileTask.ts'
import { DEPTH_EXPORT, FUEL_EXPORT, MEMORY_IMPORT, START_EXPORT } from './meter.ts'
import { HostOutOfFuel, OutputTooLarge, ProcExit, WASI_MODULE, createWasi } from './wasi.ts'
import type { ModuleErrorCode } from './wasmBytes.ts'

export type Task = {
  /** The module as the customer gave it, or compileTask's result (or its WebAssembly.Module) to skip compiling again. */
  module: Uint8Array | CompiledTask | WebAssembly.Module
  /** What the module reads on stdin. */
  input: Uint8Array
  /** Fuel the run may use (0 ≤ fuel < 2^63). */
  fuel: bigint
  /** Memory cap in 64 KiB pages (0..65,536). */
  memoryPages: number
  /** Key of random_get's stream. */
  seed: Uint8Array
  /** What the clocks say, in nanoseconds since the epoch (default 0). */
  timeNs?: bigint
  /** Bound of stdout (default DEFAULT_MAX_OUTPUT_BYTES). */
  maxOutputBytes?: number
  /** Bound of stderr (default DEFAULT_MAX_LOG_BYTES). */
  maxLogBytes?: number
}

export type TaskStatus = 'ok' | 'exit' | 'trap' | 'out-of-fuel' | 'memory-limit' | 'output-too-large' | 'invalid-module'

/** Why a run did not end cleanly (data, not thrown). */
export type RunErrorCode =
  | ModuleErrorCode
  /** An instruction trapped (unreachable, division by zero, out-of-bounds access, ...). */
  | 'WASM_TRAP'
  /** The call depth passed the budget compiled into the module (deterministic). */
  | 'CALL_DEPTH_EXCEEDED'
  | 'OUT_OF_FUEL'
  | 'OUTPUT_TOO_LARGE'
  | 'LOG_TOO_LARGE'
  /** The module's memory minimum is above the task's cap. */
  | 'MEMORY_MIN_EXCEEDS_LIMIT'
  /** Host-dependent: V8's stack ran out before the module's depth budget did. */
  | 'STACK_OVERFLOW'
  /** Host-dependent: the host could not allocate the task's memory. */
  | 'MEMORY_UNAVAILABLE'
  /** Host-dependent: something other than the module failed (a bug of the runtime). */
  | 'HOST_ERROR'

/** Codes that describe the machine, not the task: a verifier must not judge a run that ended with one. */
export const HOST_DEPENDENT_CODES: ReadonlySet<RunErrorCode> = new Set(['STACK_OVERFLOW', 'MEMORY_UNAVAILABLE', 'HOST_ERROR'])

export type TaskRun = {
  status: TaskStatus
  /** proc_exit's code, 0 when `_start` returned, STATUS_EXIT_CODES[status] otherwise. */
  exitCode: number
  output: Uint8Array
  log: Uint8Array
  fuelUsed: bigint
  /** sha256(exitCode as uint32 big-endian ‖ output). */
  resultHash: Hex
  error?: { code: RunErrorCode; message: string }
}

/** The exit codes hashed for runs that end without one. */
export const STATUS_EXIT_CODES = {
  trap: 0xffff_ff01,
  'out-of-fuel': 0xffff_ff02,
  'memory-limit': 0xffff_ff03,
  'output-too-large': 0xffff_ff04,
  'invalid-module': 0xffff_ff05,
} as const satisfies Record<Exclude<TaskStatus, 'ok' | 'exit'>, number>

export const DEFAULT_MAX_OUTPUT_BYTES = 1 << 20
export const DEFAULT_MAX_LOG_BYTES = 64 << 10
export const MAX_TASK_PAGES = 65_536
export const MAX_TASK_FUEL = 2n ** 63n - 1n

type Ending = { status: TaskStatus; exitCode?: number; error?: { code: RunErrorCode; message: string } }

/** Runs a task that passed checkTask to its end, synchronously (the contract is in runTask.ts). */
export function executeTask(task: Task): TaskRun {
  const maxOutputBytes = task.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES
  const maxLogBytes = task.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES
  const empty = new Uint8Array(0)
  const ended = (ending: Ending, output: Uint8Array = empty, log: Uint8Array = empty, fuelUsed = 0n): TaskRun => {
    const exitCode = ending.exitCode ?? STATUS_EXIT_CODES[ending.status as keyof typeof STATUS_EXIT_CODES]
    const run: TaskRun = { status: ending.status, exitCode, output, log, fuelUsed, resultHash: resultHash(exitCode, output) }
    if (ending.error !== undefined) run.error = ending.error
    return run
  }

  const compiled = resolveModule(task.module)
  if (!compiled.ok) return ended({ status: 'invalid-module', error: compiled.error })
  const { module, memory: declared, hasStart, maxStackUnits } = compiled.compiled

  let memory: WebAssembly.Memory | undefined
  if (declared !== undefined) {
    if (declared.minPages > task.memoryPages) {
      return ended({
        status: 'memory-limit',
        error: { code: 'MEMORY_MIN_EXCEEDS_LIMIT', message: `the module needs ${declared.minPages} pages of memory; the task allows ${task.memoryPages}` },
      })
    }
    try {
      memory = new WebAssembly.Memory({ initial: declared.minPages, maximum: Math.min(declared.maxPages ?? task.memoryPages, task.memoryPages) })
    } catch (error) {
      return ended({ status: 'memory-limit', error: { code: 'MEMORY_UNAVAILABLE', message: `the host could not allocate the memory: ${(error as Error).message}` } })
    }
  }

  let fuelGlobal: WebAssembly.Global | undefined
  const wasi = createWasi({
    input: task.input,
    seed: task.seed,
    ...(task.timeNs === undefined ? {} : { timeNs: task.timeNs }),
    maxOutputBytes,
    maxLogBytes,
    charge: (units) => {
      if (fuelGlobal === undefined || units === 0) return
      const left = (fuelGlobal.value as bigint) - BigInt(units)
      fuelGlobal.value = left
      if (left < 0n) throw new HostOutOfFuel()
    },
  })
  let depthGlobal: WebAssembly.Global | undefined
  let ending: Ending
  try {
    const imports: WebAssembly.Imports = { [WASI_MODULE]: wasi.imports }
    if (memory !== undefined) imports[MEMORY_IMPORT.module] = { [MEMORY_IMPORT.name]: memory }
    const instance = new WebAssembly.Instance(module, imports)
    const exports = instance.exports
    fuelGlobal = exports[FUEL_EXPORT] as WebAssembly.Global
    depthGlobal = exports[DEPTH_EXPORT] as WebAssembly.Global
    fuelGlobal.value = task.fuel
    wasi.bindMemory(memory)
    if (hasStart) (exports[START_EXPORT] as () => void)()
    ;(exports._start as () => void)()
    ending = { status: 'ok', exitCode: 0 }
  } catch (error) {
    ending = endingOf(error, fuelGlobal, depthGlobal, maxStackUnits)
  }
  const left = fuelGlobal === undefined ? task.fuel : (fuelGlobal.value as bigint)
  const fuelUsed = ending.status === 'out-of-fuel' || left < 0n ? task.fuel : task.fuel - left
  return ended(ending, wasi.output(), wasi.log(), fuelUsed)
}

/** How a run that threw ended. */
function endingOf(error: unknown, fuel: WebAssembly.Global | undefined, depth: WebAssembly.Global | undefined, maxStackUnits: number): Ending {
  if (error instanceof ProcExit) return { status: 'exit', exitCode: error.code }
  if (error instanceof HostOutOfFuel) return { status: 'out-of-fuel', error: { code: 'OUT_OF_FUEL', message: 'the run used all its fuel (in a host call)' } }
  if (error instanceof OutputTooLarge) {
    return error.stream === 'output'
      ? { status: 'output-too-large', error: { code: 'OUTPUT_TOO_LARGE', message: 'the run wrote more to stdout than the task allows' } }
      : { status: 'output-too-large', error: { code: 'LOG_TOO_LARGE', message: 'the run wrote more to stderr than the task allows' } }
  }
  if (error instanceof WebAssembly.RuntimeError) {
    // The metering's traps leave their global past its bound; the module cannot touch either global.
    if (fuel !== undefined && (fuel.value as bigint) < 0n) return { status: 'out-of-fuel', error: { code: 'OUT_OF_FUEL', message: 'the run used all its fuel' } }
    if (depth !== undefined && (depth.value as number) > maxStackUnits) {
      return { status: 'trap', error: { code: 'CALL_DEPTH_EXCEEDED', message: `the calls in progress passed the stack budget of ${maxStackUnits} units` } }
    }
    return { status: 'trap', error: { code: 'WASM_TRAP', message: error.message } }
  }
  // V8 throws a RangeError when its native stack runs out: where depends on the host, not the task.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return { status: 'trap', error: { code: 'STACK_OVERFLOW', message: error.message } }
  return { status: 'trap', error: { code: 'HOST_ERROR', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } }
}

function resolveModule(module: Task['module']): ReturnType<typeof compileTask> {
  if (module instanceof Uint8Array) return compileTask(module)
  if (module instanceof WebAssembly.Module) {
    const compiled = compiledTaskOf(module)
    if (compiled !== undefined) return { ok: true, compiled }
    return { ok: false, hash: `0x${'00'.repeat(32)}`, error: { code: 'MODULE_NOT_METERED', message: 'the WebAssembly.Module was not made by compileTask, so it is not metered' } }
  }
  return { ok: true, compiled: module }
}

/** sha256(exitCode as uint32 big-endian ‖ output). */
export function resultHash(exitCode: number, output: Uint8Array): Hex {
  const bytes = new Uint8Array(4 + output.length)
  new DataView(bytes.buffer).setUint32(0, exitCode >>> 0)
  bytes.set(output, 4)
  return sha256Hex(bytes)
}
