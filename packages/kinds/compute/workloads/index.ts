// The compute kind's example workloads: WASI preview1 command modules (compute-design.md,
// "Workloads") compiled from AssemblyScript and committed, the customer-side code that splits a job
// into task inputs and puts the outputs together, and each module's plain-TypeScript twin.
import { readFileSync } from 'node:fs'

export { COMPUTE_WORKLOAD_ERROR_CODES } from './errors.ts'
export { sha256Reference } from './functions/sha256/reference.ts'
export { wordCountReference } from './functions/wordcount/reference.ts'
export { DEFAULT_RAYTRACE_JOB, type RaytraceJob, assembleImage, raytraceJob } from './raytrace/job.ts'
export { encodePng } from './raytrace/png.ts'
export { renderReference } from './raytrace/reference.ts'
export { RAYTRACE_TASK_BYTES, type RaytraceTask, encodeRaytraceTask, parseRaytraceTask } from './raytrace/task.ts'

/** The workloads Pinion ships, by name. */
export const WORKLOAD_NAMES = ['raytrace', 'wordcount', 'sha256'] as const
export type WorkloadName = (typeof WORKLOAD_NAMES)[number]

// Beside this file in the sources and in dist/ (the package's build copies the .wasm files).
const FILES: Record<WorkloadName, URL> = {
  raytrace: new URL('./raytrace/raytrace.wasm', import.meta.url),
  wordcount: new URL('./functions/wordcount/wordcount.wasm', import.meta.url),
  sha256: new URL('./functions/sha256/sha256.wasm', import.meta.url),
}

/** The module bytes of the workload `name`, a fresh copy each call. */
export function workloadWasm(name: WorkloadName): Uint8Array {
  return new Uint8Array(readFileSync(FILES[name]))
}
