import { PinionError } from '@pinion/protocol'
import type { TaskRunner } from './judge.ts'
import { HOST_DEPENDENT_CODES, runTask } from './runtime/runTask.ts'

/**
 * How every oracle re-executes a sampled task: the compute runtime (runtime/runTask.ts), with the
 * job's fuel and memory limits and the task's seed, so the run is the one the provider made. A run
 * that failed because of this machine (HOST_DEPENDENT_CODES: out of stack or memory, an engine error)
 * says nothing about the task: it throws PINION_ERR_COMPUTE_HOST, and the oracle computes nothing
 * for the epoch rather than a verdict no other oracle would reach.
 */
export const reexecuteTask: TaskRunner = (task) => {
  const run = runTask({ module: task.module, input: task.input, fuel: task.fuel, memoryPages: task.memoryPages, seed: task.seed })
  if (run.error !== undefined && HOST_DEPENDENT_CODES.has(run.error.code)) {
    throw new PinionError('PINION_ERR_COMPUTE_HOST', `re-executing a task of module ${task.moduleHash} failed on this machine: ${run.error.code}: ${run.error.message}`)
  }
  return { resultHash: run.resultHash, exitCode: run.exitCode, fuelUsed: run.fuelUsed }
}
