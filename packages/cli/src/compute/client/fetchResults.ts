import { createHash } from 'node:crypto'
import { decodeManifest, taskSeed } from '@pinion/kinds/compute'
import { runTask } from '@pinion/kinds/compute/runtime'
import { type Hex, bytesToHex, numberToHex } from 'viem'
import { ComputeClientError } from './clientErrors.ts'
import { type ProviderRequestOptions, isRecord, jsonOf, leaseUrl, notTheApi, request } from './providerHttp.ts'

/** One task as the provider node reports it (GET /v1/leases/:leaseId/tasks), its shape checked. */
export type ProviderTaskState = {
  task: number
  state: 'pending' | 'running' | 'done' | 'failed'
  status?: string
  exitCode?: number
  fuelUsed?: bigint
  resultHash?: Hex
  error?: { code: string; message: string }
  countersigned: boolean
}

/** A task's result as the customer has it: done ones with their output, checked against their result hash. */
export type TaskResultView = ProviderTaskState & {
  /** The output, for a done task; null otherwise. */
  output: Uint8Array | null
  /** 'hash': the output gives the node's result hash; 're-run': a local run of the task gave the same result and fuel. */
  checked: 'hash' | 're-run' | null
}

export type FetchResultsOptions = ProviderRequestOptions & {
  /**
   * Re-runs these tasks here (the compute runtime, exactly as the oracles re-execute them) and
   * compares result, exit code, output and fuel with the node's: PINION_ERR_COMPUTE_RESULT_MISMATCH
   * on any difference. The customer's own spot check before it counter-signs, with its module and inputs.
   */
  verifySample?: { module: Uint8Array; inputs: readonly Uint8Array[]; tasks: readonly number[] } | undefined
}

const STATES = new Set(['pending', 'running', 'done', 'failed'])
const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())
/** sha256(exitCode as uint32 big-endian ‖ output): the runtime's result hash. */
const resultHashOf = (exitCode: number, output: Uint8Array): Hex => sha256(Buffer.concat([Buffer.from(numberToHex(exitCode, { size: 4 }).slice(2), 'hex'), output]))
const mismatch = (leaseId: bigint, task: number, why: string) =>
  new ComputeClientError('PINION_ERR_COMPUTE_RESULT_MISMATCH', `task ${task} of lease ${leaseId}: ${why}; do not counter-sign it`)

/** Each task's state on the provider node, and the lease's specHash as the node has it. */
export async function taskStates(providerUrl: string, leaseId: bigint, options: ProviderRequestOptions = {}): Promise<{ specHash: Hex; tasks: ProviderTaskState[] }> {
  const url = `${leaseUrl(providerUrl, leaseId)}/tasks`
  const answer = jsonOf(url, (await request(url, { method: 'GET' }, [200], options)).body)
  if (!isRecord(answer) || answer.leaseId !== leaseId.toString() || typeof answer.specHash !== 'string' || !Array.isArray(answer.tasks)) {
    throw notTheApi(url, `the tasks of lease ${leaseId}`, answer)
  }
  const tasks = answer.tasks.map((t, i): ProviderTaskState => {
    if (!isRecord(t) || t.task !== i || typeof t.state !== 'string' || !STATES.has(t.state) || typeof t.countersigned !== 'boolean') throw notTheApi(url, `task ${i}'s state`, t)
    const state: ProviderTaskState = { task: i, state: t.state as ProviderTaskState['state'], countersigned: t.countersigned }
    if (isRecord(t.error) && typeof t.error.code === 'string' && typeof t.error.message === 'string') state.error = { code: t.error.code, message: t.error.message }
    if (t.state !== 'done') return state
    if (
      typeof t.status !== 'string' ||
      !Number.isInteger(t.exitCode) ||
      typeof t.fuelUsed !== 'string' ||
      !/^(0|[1-9][0-9]{0,19})$/.test(t.fuelUsed) ||
      typeof t.resultHash !== 'string' ||
      !/^0x[0-9a-f]{64}$/.test(t.resultHash)
    ) {
      throw notTheApi(url, `task ${i}'s result`, t)
    }
    return { ...state, status: t.status, exitCode: t.exitCode as number, fuelUsed: BigInt(t.fuelUsed), resultHash: t.resultHash as Hex }
  })
  return { specHash: answer.specHash as Hex, tasks }
}

/**
 * Every task of lease `leaseId` from its provider, with the output of each done task, checked: the
 * node's lease must be the manifest's (its specHash), each output must give the node's result hash
 * with its exit code, and fuel must be within the job's limit (PINION_ERR_COMPUTE_RESULT_MISMATCH
 * otherwise). Tasks in `verifySample` are run again here and must match exactly. Tasks not done have
 * no output (see `state`): fetch again later, or waitForTasks first.
 */
export async function fetchResults(
  providerUrl: string,
  leaseId: bigint,
  manifestBytes: Uint8Array,
  options: FetchResultsOptions = {},
): Promise<{ specHash: Hex; tasks: TaskResultView[] }> {
  const manifest = decodeManifest(manifestBytes)
  const specHash = sha256(manifestBytes)
  const { specHash: nodeSpec, tasks } = await taskStates(providerUrl, leaseId, options)
  const url = `${leaseUrl(providerUrl, leaseId)}/tasks`
  if (nodeSpec !== specHash || tasks.length !== manifest.tasks.length) {
    throw notTheApi(url, `the ${manifest.tasks.length} tasks of job ${specHash}`, { specHash: nodeSpec, tasks: tasks.length })
  }
  const sample = options.verifySample
  if (sample !== undefined) {
    if (sha256(sample.module) !== manifest.module) throw new ComputeClientError('PINION_ERR_COMPUTE_CLIENT_JOB', `verifySample's module is not the manifest's ${manifest.module}`)
    for (const task of sample.tasks) {
      const input = sample.inputs[task]
      if (input === undefined || sha256(input) !== manifest.tasks[task])
        throw new ComputeClientError('PINION_ERR_COMPUTE_CLIENT_JOB', `verifySample has no input of task ${task} that is the manifest's`)
    }
  }
  const results: TaskResultView[] = []
  for (const state of tasks) {
    if (state.state !== 'done') {
      results.push({ ...state, output: null, checked: null })
      continue
    }
    const { task } = state
    const outputUrl = `${url}/${task}/output`
    const output = (await request(outputUrl, { method: 'GET' }, [200], options)).body
    const actual = resultHashOf(state.exitCode!, output)
    if (actual !== state.resultHash)
      throw mismatch(leaseId, task, `its ${output.length}-byte output and exit code ${state.exitCode} hash to ${actual}, not the result hash ${state.resultHash} the node reports`)
    if (state.fuelUsed! > manifest.fuelPerTask) throw mismatch(leaseId, task, `the node claims ${state.fuelUsed} fuel, past the job's ${manifest.fuelPerTask}`)
    let checked: TaskResultView['checked'] = 'hash'
    if (sample?.tasks.includes(task)) {
      const run = runTask({ module: sample.module, input: sample.inputs[task]!, fuel: manifest.fuelPerTask, memoryPages: manifest.memoryPages, seed: taskSeed(specHash, task) })
      if (run.resultHash !== state.resultHash || run.exitCode !== state.exitCode)
        throw mismatch(leaseId, task, `a local run gives result ${run.resultHash} (exit ${run.exitCode}), not ${state.resultHash}`)
      if (run.fuelUsed !== state.fuelUsed) throw mismatch(leaseId, task, `a local run used ${run.fuelUsed} fuel; the node claims ${state.fuelUsed}`)
      checked = 're-run'
    }
    results.push({ ...state, output, checked })
  }
  return { specHash, tasks: results }
}

/**
 * Polls the node's task states every `intervalMs` (default 500) until no task is pending or running,
 * or `waitMs` (default 10 minutes) has passed: the last states either way.
 */
export async function waitForTasks(
  providerUrl: string,
  leaseId: bigint,
  options: ProviderRequestOptions & { waitMs?: number; intervalMs?: number } = {},
): Promise<ProviderTaskState[]> {
  const until = Date.now() + (options.waitMs ?? 600_000)
  for (;;) {
    const { tasks } = await taskStates(providerUrl, leaseId, options)
    if (tasks.every((t) => t.state === 'done' || t.state === 'failed') || Date.now() >= until) return tasks
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500))
  }
}
