import { parentPort } from 'node:worker_threads'
import { kinds as allKinds, type Kind } from '@pinion/kinds'
import { computeEpoch } from './computeEpoch.ts'
import type { ComputeJob, ComputeReply } from './computeOffThread.ts'

// The body of an epoch-computing thread: computes each job (computeEpoch, all of it, signatures
// included) and answers with the result minus its tree, which the main thread rebuilds from the
// stored cumulative amounts when it serves a proof.
if (parentPort === null) throw new Error('computeWorker.ts runs only as a worker thread')
const port = parentPort
port.on('message', async (job: ComputeJob) => {
  let reply: ComputeReply
  try {
    const kinds = new Map<string, Kind>()
    for (const name of job.kindNames) kinds.set(name, allKinds.get(name)!)
    const { tree: _tree, ...result } = await computeEpoch({ ...job.input, kinds }, { treeThreads: 1 })
    reply = { id: job.id, result }
  } catch (error) {
    const e = error as Error & { code?: string }
    reply = { id: job.id, error: { message: e.message, code: e.code, stack: e.stack } }
  }
  port.postMessage(reply)
})
port.postMessage('ready')
