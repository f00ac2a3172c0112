/**
 * # The compute kind's runtime: deterministic, metered WASI tasks
 *
 * A task is a WASI preview1 command module (exports `_start`) run on an input. Providers run tasks
 * with it and every oracle re-executes a sample of them with it (synchronously, inside `verify`), so a
 * run is a pure function of the task. The determinism contract:
 *
 * - Same task (module bytes, input, fuel, memoryPages, seed, timeNs, output bounds) ⇒ same TaskRun:
 *   same status, exitCode, output, log, fuelUsed and resultHash, byte for byte, on any machine running
 *   Node ≥ 20 — except a run whose error code is in HOST_DEPENDENT_CODES (the host ran out of stack or
 *   memory, or failed), which says nothing about the task and must never be judged.
 * - The module sees nothing of the machine (wasi.ts): args ["task"], no environment, stdin = input,
 *   stdout = output, stderr = log, clocks fixed at timeNs, random_get a sha256 stream keyed by seed,
 *   no files, no sockets. Imports other than WASI preview1 functions are refused.
 * - Work is fuel (meter.ts): instructions counted statically per function entry and loop iteration,
 *   plus bulk-memory and host-call bytes. fuelUsed is the task's work units; out of fuel ends the run.
 *   Float NaNs are canonicalised, so NaN bits do not differ between x86 and ARM; call depth is
 *   counted in the module, so a deep recursion traps at the same depth everywhere.
 * - Memory is capped at memoryPages (64 KiB pages): a module whose minimum is above the cap is
 *   refused ('memory-limit'); growth past the cap fails (memory.grow returns -1, as the spec lets it).
 *   The metered module imports its memory, so the runtime creates it with maximum min(declared, cap)
 *   and one compiled module serves every cap.
 * - resultHash = sha256(exitCode as uint32 big-endian ‖ output). Runs that end without an exit code
 *   use STATUS_EXIT_CODES, so a trap never hashes like a clean exit.
 * - Wall-clock time never decides anything here; runTaskInWorker's timeout protects the provider's
 *   machine only.
 */
import { PinionError } from '@pinion/protocol'
import { MAX_TASK_FUEL, MAX_TASK_PAGES, type Task, type TaskRun, executeTask } from './executeTask.ts'

export { DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_OUTPUT_BYTES, HOST_DEPENDENT_CODES, STATUS_EXIT_CODES, resultHash } from './executeTask.ts'
export type { RunErrorCode, Task, TaskRun, TaskStatus } from './executeTask.ts'

/** Runs a task to its end, synchronously (see the contract above). Throws only on a task that breaks its own type (PINION_ERR_KIND_PARAMS). */
export function runTask(task: Task): TaskRun {
  checkTask(task)
  return executeTask(task)
}

/** Throws PINION_ERR_KIND_PARAMS on a task that breaks its own type. */
export function checkTask(task: Task): void {
  const bad = (what: string, expected: string) => new PinionError('PINION_ERR_KIND_PARAMS', `a compute task's ${what} is invalid; expected ${expected}`)
  const isBytes = (value: unknown) => value instanceof Uint8Array
  const isModule = isBytes(task.module) || task.module instanceof WebAssembly.Module || (typeof task.module === 'object' && task.module !== null && 'module' in task.module)
  if (!isModule) throw bad('module', 'a Uint8Array, a CompiledTask or a WebAssembly.Module')
  if (!isBytes(task.input)) throw bad('input', 'a Uint8Array')
  if (!isBytes(task.seed)) throw bad('seed', 'a Uint8Array')
  if (typeof task.fuel !== 'bigint' || task.fuel < 0n || task.fuel > MAX_TASK_FUEL) throw bad('fuel', 'a bigint in 0..2^63 − 1')
  if (!Number.isSafeInteger(task.memoryPages) || task.memoryPages < 0 || task.memoryPages > MAX_TASK_PAGES) throw bad('memoryPages', `an integer in 0..${MAX_TASK_PAGES}`)
  if (task.timeNs !== undefined && (typeof task.timeNs !== 'bigint' || task.timeNs < 0n || task.timeNs >= 2n ** 64n)) throw bad('timeNs', 'a bigint in 0..2^64 − 1')
  for (const key of ['maxOutputBytes', 'maxLogBytes'] as const) {
    const value = task[key]
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > 1 << 30)) throw bad(key, 'an integer in 0..2^30')
  }
}
