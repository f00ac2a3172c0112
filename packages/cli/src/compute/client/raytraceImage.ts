import { type RaytraceJob, assembleImage } from '@pinion/kinds/compute/workloads'
import { ComputeClientError } from './clientErrors.ts'
import type { TaskResultView } from './fetchResults.ts'

/**
 * The PNG a raytrace job's results make (workloads' assembleImage: band i is task i's output), from
 * fetchResults' tasks. PINION_ERR_COMPUTE_RESULTS_INCOMPLETE while a task has no output, or exited
 * other than 0 (its output is not rows of pixels); PINION_ERR_COMPUTE_WORKLOAD for an output of the
 * wrong length for its band.
 */
export function raytraceImage(tasks: readonly TaskResultView[], job: Pick<RaytraceJob, 'width' | 'height'>): Uint8Array {
  const outputs = tasks.map((t) => {
    if (t.output === null || t.exitCode !== 0) {
      const why =
        t.output === null ? `is ${t.state}${t.error === undefined ? '' : ` (${t.error.code})`}` : `exited ${t.exitCode}${t.error === undefined ? '' : ` (${t.error.code})`}`
      throw new ComputeClientError('PINION_ERR_COMPUTE_RESULTS_INCOMPLETE', `raytrace task ${t.task} ${why}: the image cannot be put together yet`)
    }
    return t.output
  })
  return assembleImage(outputs, job)
}
