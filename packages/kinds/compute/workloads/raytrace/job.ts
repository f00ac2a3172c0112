import { PinionError } from '@pinion/protocol'
import { encodePng } from './png.ts'
import { encodeRaytraceTask } from './task.ts'

/** A raytrace job: an image of scene 0 rendered in `bands` tasks of whole rows, as Render splits a scene into frames. */
export interface RaytraceJob {
  width: number
  height: number
  bands: number
  samples: number
  seed: number
}

/** The default job: 320 × 240 in 8 bands of 30 rows, 16 samples per pixel (example.png). */
export const DEFAULT_RAYTRACE_JOB: Readonly<RaytraceJob> = { width: 320, height: 240, bands: 8, samples: 16, seed: 1 }

const bad = (message: string) => new PinionError('PINION_ERR_COMPUTE_WORKLOAD', message)

/**
 * The task inputs of `job`, top band first: band i covers rows [⌊i·height/bands⌋, ⌊(i+1)·height/bands⌋),
 * so bands differ by at most one row and every row is in exactly one.
 */
export function raytraceJob(job: RaytraceJob): Uint8Array[] {
  const { width, height, bands, samples, seed } = job
  if (!Number.isInteger(bands) || bands < 1 || bands > height) throw bad(`raytrace bands ${bands} is not an integer in 1..${height} (the image's rows)`)
  const inputs: Uint8Array[] = []
  for (let band = 0; band < bands; band++) {
    const firstRow = Math.floor((band * height) / bands)
    const rows = Math.floor(((band + 1) * height) / bands) - firstRow
    inputs.push(encodeRaytraceTask({ seed, width, height, firstRow, rows, samples }))
  }
  return inputs
}

/**
 * The image the tasks' outputs (in task order, as raytraceJob made them) make together, as PNG bytes.
 * Each output must be its band's rows × width × 3 bytes: a short or long one is refused, not padded.
 */
export function assembleImage(outputs: readonly Uint8Array[], image: { width: number; height: number }): Uint8Array {
  const { width, height } = image
  const bands = outputs.length
  if (bands < 1 || bands > height) throw bad(`${bands} task outputs cannot make an image of ${height} rows`)
  const rgb = new Uint8Array(width * height * 3)
  for (let band = 0; band < bands; band++) {
    const firstRow = Math.floor((band * height) / bands)
    const rows = Math.floor(((band + 1) * height) / bands) - firstRow
    const output = outputs[band]!
    if (output.length !== rows * width * 3) throw bad(`task ${band}'s output is ${output.length} bytes; its ${rows} rows of ${width} pixels are ${rows * width * 3}`)
    rgb.set(output, firstRow * width * 3)
  }
  return encodePng(rgb, width, height)
}
