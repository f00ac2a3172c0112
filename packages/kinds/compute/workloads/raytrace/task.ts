import { PinionError } from '@pinion/protocol'

/** One raytrace task: a band of `rows` rows from `firstRow` of a width × height image of scene 0. */
export interface RaytraceTask {
  seed: number
  width: number
  height: number
  firstRow: number
  rows: number
  samples: number
}

/** The task header's size and its magic, "RAY1" (raytrace.as.ts reads the same). */
export const RAYTRACE_TASK_BYTES = 20
const MAGIC = 0x31594152
/** Largest width and height, and most samples per pixel, the module accepts. */
const RAYTRACE_MAX_SIDE = 4096
const RAYTRACE_MAX_SAMPLES = 4096

const bad = (message: string) => new PinionError('PINION_ERR_COMPUTE_WORKLOAD', message)

function checkTask(task: RaytraceTask): RaytraceTask {
  const { seed, width, height, firstRow, rows, samples } = task
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`raytrace seed ${seed} is not an integer in 0..2^32 − 1`)
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > RAYTRACE_MAX_SIDE) throw bad(`raytrace ${name} ${value} is not an integer in 1..${RAYTRACE_MAX_SIDE}`)
  }
  if (!Number.isInteger(firstRow) || !Number.isInteger(rows) || firstRow < 0 || rows < 1 || firstRow + rows > height)
    throw bad(`raytrace band of ${rows} rows from row ${firstRow} is not within the image's ${height} rows`)
  if (!Number.isInteger(samples) || samples < 1 || samples > RAYTRACE_MAX_SAMPLES) throw bad(`raytrace samples ${samples} is not an integer in 1..${RAYTRACE_MAX_SAMPLES}`)
  return task
}

/** The 20-byte little-endian header the raytrace module reads from stdin for `task`. */
export function encodeRaytraceTask(task: RaytraceTask): Uint8Array {
  const { seed, width, height, firstRow, rows, samples } = checkTask(task)
  const bytes = new Uint8Array(RAYTRACE_TASK_BYTES)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, seed, true)
  view.setUint16(8, width, true)
  view.setUint16(10, height, true)
  view.setUint16(12, firstRow, true)
  view.setUint16(14, rows, true)
  view.setUint16(16, samples, true)
  view.setUint16(18, 0, true) // scene 0, the only one so far
  return bytes
}

/** The task a raytrace header describes; throws PINION_ERR_COMPUTE_WORKLOAD where the module would exit 1. */
export function parseRaytraceTask(input: Uint8Array): RaytraceTask {
  if (input.length !== RAYTRACE_TASK_BYTES) throw bad(`a raytrace task is ${RAYTRACE_TASK_BYTES} bytes, not ${input.length}`)
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  if (view.getUint32(0, true) !== MAGIC) throw bad('a raytrace task starts with "RAY1"')
  if (view.getUint16(18, true) !== 0) throw bad(`raytrace scene ${view.getUint16(18, true)} is unknown (there is scene 0)`)
  return checkTask({
    seed: view.getUint32(4, true),
    width: view.getUint16(8, true),
    height: view.getUint16(10, true),
    firstRow: view.getUint16(12, true),
    rows: view.getUint16(14, true),
    samples: view.getUint16(16, true),
  })
}
