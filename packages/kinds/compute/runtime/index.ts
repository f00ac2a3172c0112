// The compute kind's deterministic, metered WASM/WASI runtime (runTask.ts states its contract):
// `@pinion/kinds/compute/runtime`.
export { COMPILE_CACHE_ENTRIES, type CompiledTask, type CompileOutcome, compileTask, MAX_RUNTIME_MODULE_BYTES } from './compileTask.ts'
export { DEFAULT_MAX_STACK_UNITS, type FuncType, type MeteredModule, type MeterOptions, meterModule, meterModuleWithInfo, type ValType } from './meter.ts'
export {
  checkTask,
  DEFAULT_MAX_LOG_BYTES,
  DEFAULT_MAX_OUTPUT_BYTES,
  HOST_DEPENDENT_CODES,
  type RunErrorCode,
  resultHash,
  runTask,
  STATUS_EXIT_CODES,
  type Task,
  type TaskRun,
  type TaskStatus,
} from './runTask.ts'
export { runTaskInWorker, type WorkerTaskRun } from './runTaskInWorker.ts'
export type { ModuleErrorCode } from './wasmBytes.ts'
