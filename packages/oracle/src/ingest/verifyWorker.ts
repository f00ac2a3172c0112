import { parentPort, threadId } from 'node:worker_threads'
import { type JobResult, type PackedJob, verifyPackedJob } from './verifyJob.ts'

// The body of a signature-verifying worker thread (started through verifyWorker.mjs). It answers
// each job in order; the verdict array is transferred back, not copied.
if (parentPort === null) throw new Error('verifyWorker.ts runs only as a worker thread')
const port = parentPort
port.on('message', (job: PackedJob) => {
  const valid = verifyPackedJob(job)
  const result: JobResult = { id: job.id, valid, threadId }
  port.postMessage(result, [valid.buffer as ArrayBuffer])
})
port.postMessage('ready')
