import { Worker } from 'node:worker_threads'
import { compiledTaskOf } from './compileTask.ts'
import type { Task, TaskRun } from './executeTask.ts'
import { checkTask } from './runTask.ts'

/** A run in a worker: the run, or the wall-clock timeout ended it. */
export type WorkerTaskRun = TaskRun | { status: 'timeout'; error: { code: 'WALL_TIME_EXCEEDED'; message: string } }

// The worker's body, plain JavaScript (a worker starts with its own loader): from TypeScript sources
// (the checkout) it registers tsx's loader first; built, executeTask.js loads as it is. It loads the
// engine alone, not runTask.ts, whose @pinion/protocol import costs seconds under tsx (the task was
// checked here). No file of its own, so the build copies nothing.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
;(async () => {
  if (workerData.tsx !== undefined) (await import(workerData.tsx)).register()
  const { executeTask } = await import(workerData.executeTask)
  parentPort.postMessage({ ready: true })
  parentPort.postMessage({ run: executeTask(workerData.task) })
})().catch((error) => parentPort.postMessage({ failed: String(error && error.stack ? error.stack : error) }))
`
const FROM_SOURCES = import.meta.url.endsWith('.ts')
const EXECUTE_TASK_URL = new URL(FROM_SOURCES ? './executeTask.ts' : './executeTask.js', import.meta.url).href

/**
 * Runs a task on a worker thread of its own and terminates the thread if the run takes longer than
 * timeoutMs of wall-clock time (counted from when the worker has loaded the runtime). This is the
 * provider's protection of its own machine against a task whose fuel runs slower than it priced (a
 * wall-clock limit is not deterministic, so it never decides pay or a verdict: an oracle re-executes
 * with runTask and fuel alone). One thread per run: starting one costs tens of milliseconds built,
 * and about a second from TypeScript sources (tsx); a provider running many short tasks should keep a
 * pool (not built yet).
 */
export async function runTaskInWorker(task: Task, options: { timeoutMs: number }): Promise<WorkerTaskRun> {
  checkTask(task)
  // A WebAssembly.Module crosses to the worker (structured clone); its metering facts go with it.
  const module = task.module instanceof WebAssembly.Module ? (compiledTaskOf(task.module) ?? task.module) : task.module
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { task: { ...task, module }, executeTask: EXECUTE_TASK_URL, tsx: FROM_SOURCES ? import.meta.resolve('tsx/esm/api') : undefined },
  })
  return await new Promise<WorkerTaskRun>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    const finish = (settle: () => void) => {
      clearTimeout(timer)
      worker.removeAllListeners()
      void worker.terminate()
      settle()
    }
    worker.on('message', (message: { ready?: true; run?: TaskRun; failed?: string }) => {
      if (message.ready === true) {
        timer = setTimeout(
          () => finish(() => resolve({ status: 'timeout', error: { code: 'WALL_TIME_EXCEEDED', message: `the run took longer than ${options.timeoutMs} ms of wall-clock time` } })),
          options.timeoutMs,
        )
      } else if (message.run !== undefined) {
        const run = message.run
        finish(() => resolve(run))
      } else finish(() => reject(new Error(`the task worker failed: ${message.failed}`)))
    })
    worker.on('error', (error) => finish(() => reject(error)))
    worker.on('exit', (code) => finish(() => reject(new Error(`the task worker exited (${code}) before it answered`))))
  })
}
