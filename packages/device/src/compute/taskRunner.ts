import { taskSeed } from '@pinion/kinds/compute'
import { HOST_DEPENDENT_CODES, type RunErrorCode, type Task, type WorkerTaskRun, runTaskInWorker } from '@pinion/kinds/compute/runtime'
import type { JobStore, StoredTask } from './jobStore.ts'

/** How a task is run: runTaskInWorker by default (a thread of its own, ended after timeoutMs of wall-clock time). */
export type RunTask = (task: Task, options: { timeoutMs: number }) => Promise<WorkerTaskRun>

/**
 * How long one task may run on the provider's machine before its worker is terminated: ten minutes.
 * A job's fuel is its real bound (the ray tracer runs 13–19 G fuel a second metered); this only stops
 * a module whose fuel runs far slower than it was priced. It never decides pay: a task stopped by it
 * has no result, and nothing of it is committed.
 */
export const DEFAULT_TASK_TIMEOUT_MS = 600_000

export type TaskRunnerOptions = {
  store: JobStore
  run?: RunTask | undefined
  timeoutMs?: number | undefined
  /** Told of each task's end: done (a result to commit to) or failed (none). */
  onResult?: ((leaseId: bigint, task: number, record: StoredTask) => void | Promise<void>) | undefined
  /** Told of errors of the runner itself (a store it cannot read, a hook that threw). */
  onError?: ((error: unknown) => void) | undefined
}

export type TaskRunner = {
  /** Runs the lease's pending tasks, in task order, after the leases already queued. */
  enqueue(leaseId: bigint): void
  /** The task being run now, if any. */
  running(): { leaseId: bigint; task: number } | null
  /** Resolves once no task is queued or running. */
  idle(): Promise<void>
  /** Stops taking tasks. A run under way is abandoned (its worker ends by its timeout) and its result not kept: it runs again after a restart. */
  close(): void
}

/**
 * Runs stored jobs' tasks one at a time, in order, each exactly as every oracle re-executes it
 * (packages/kinds/compute/judge.ts): the module as the customer gave it, the job's fuel and memory
 * limits, the task's seed taskSeed(specHash, task), no fixed time, the runtime's default output and
 * log bounds. So the result it keeps is the one a sampled re-execution gives. A run that ends by the
 * wall-clock timeout, or by a host-dependent error (HOST_DEPENDENT_CODES), is a failure of this
 * machine, not a result: it is kept as failed and never committed to. On start it queues every
 * lease with pending tasks (a restart finishes what a crash interrupted).
 */
export function startTaskRunner(options: TaskRunnerOptions): TaskRunner {
  const { store } = options
  const run = options.run ?? runTaskInWorker
  const timeoutMs = options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS
  const queue: bigint[] = []
  let current: { leaseId: bigint; task: number } | null = null
  let pumping: Promise<void> | null = null
  let closed = false

  const report = (error: unknown) => {
    try {
      options.onError?.(error)
    } catch {}
  }

  async function runOne(leaseId: bigint, task: number): Promise<void> {
    const lease = store.lease(leaseId)!
    let record: StoredTask
    try {
      const outcome = await run(
        {
          module: store.module(leaseId),
          input: store.input(leaseId, task),
          fuel: lease.manifest.fuelPerTask,
          memoryPages: lease.manifest.memoryPages,
          seed: taskSeed(lease.specHash, task),
        },
        { timeoutMs },
      )
      if (closed) return
      if (outcome.status === 'timeout') record = store.recordFailure(leaseId, task, outcome.error)
      else if (outcome.error !== undefined && HOST_DEPENDENT_CODES.has(outcome.error.code as RunErrorCode)) record = store.recordFailure(leaseId, task, outcome.error)
      else record = store.recordResult(leaseId, task, outcome)
    } catch (error) {
      if (closed) return
      report(error)
      record = store.recordFailure(leaseId, task, { code: 'RUN_FAILED', message: error instanceof Error ? error.message : String(error) })
    }
    try {
      await options.onResult?.(leaseId, task, record)
    } catch (error) {
      report(error)
    }
  }

  async function pump(): Promise<void> {
    while (!closed && queue.length > 0) {
      const leaseId = queue[0]!
      const next = store.lease(leaseId)?.tasks.find((t) => t.state === 'pending')
      if (next === undefined) {
        queue.shift()
        continue
      }
      current = { leaseId, task: next.task }
      try {
        await runOne(leaseId, next.task)
      } finally {
        current = null
      }
    }
  }

  // One pump at a time; a lease queued while the last one was ending starts the next.
  const kick = () => {
    if (pumping !== null || closed) return
    pumping = pump().finally(() => {
      pumping = null
      if (queue.length > 0) kick()
    })
  }

  const runner: TaskRunner = {
    enqueue(leaseId) {
      if (closed) return
      if (!queue.includes(leaseId)) queue.push(leaseId)
      kick()
    },
    running: () => (current === null ? null : { ...current }),
    idle: async () => {
      while (pumping !== null) await pumping
    },
    close() {
      closed = true
      queue.length = 0
    },
  }
  for (const leaseId of store.leaseIds()) if (store.lease(leaseId)!.tasks.some((t) => t.state === 'pending')) runner.enqueue(leaseId)
  return runner
}
