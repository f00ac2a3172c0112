import { createHash } from 'node:crypto'
import { type Logger, returnRequestIds, serverLogOptions, silentLogger } from '@pinion/contracts/log'
import { type JobManifest, MAX_MODULE_BYTES, MAX_TASK_INPUT_BYTES, MAX_TASKS_PER_JOB, decodeManifest, usageSigner } from '@pinion/kinds/compute'
import { PinionError } from '@pinion/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Address, type Hex, bytesToHex, getAddress, isHex, size as sizeOfHex } from 'viem'
import { DeviceError } from '../errors.ts'
import { jobAuthorizationOf, jobDeliverySigner } from './jobAuthorization.ts'
import type { JobStore, StoredTask } from './jobStore.ts'
import { providerErrorHandler, providerNotFoundHandler, providerServerOptions } from './providerErrors.ts'
import { type RunTask, type TaskRunner, startTaskRunner } from './taskRunner.ts'

/** What the chain says of a lease, as the node's owner looks it up (ComputeMarket): null for no running lease. */
export type LeaseInfo = { customer: Address; specHash: Hex; deviceId: Hex }

export type ComputeProviderOptions = {
  store: JobStore
  /** The node's device id: it serves only the leases this device won. */
  deviceId: Hex
  /** The lease `leaseId` as the chain has it, or null if there is no such running lease. */
  leaseOf: (leaseId: bigint) => Promise<LeaseInfo | null>
  logger?: Logger | undefined
  /** How tasks run; default runTaskInWorker (tests may run them in-process). */
  run?: RunTask | undefined
  /** Wall-clock limit of one task's worker (DEFAULT_TASK_TIMEOUT_MS). */
  taskTimeoutMs?: number | undefined
  /** Told of each task's end (done or failed), once its result is stored. */
  onResult?: ((leaseId: bigint, task: number, record: StoredTask) => void | Promise<void>) | undefined
  /** Told of each counter-signature kept, once it is stored. */
  onCountersigned?: ((leaseId: bigint, task: number, signature: Hex) => void | Promise<void>) | undefined
}

/** The most fuel the runtime runs a task with (2^63 − 1): a manifest may say up to 2^64 − 1, which no run (and no oracle) could take. */
const MAX_RUNTIME_FUEL = 2n ** 63n - 1n
const BASE64 = '^[A-Za-z0-9+/]*={0,2}$'
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3)
/** The manifest's largest encoding, with room: 40 task hashes of 68 characters and the other fields. */
const MAX_MANIFEST_BYTES = 8_192
/** The largest job body: the kind's largest module and inputs, base64, and the manifest. */
export const MAX_JOB_BODY_BYTES = base64Length(MAX_MODULE_BYTES) + MAX_TASKS_PER_JOB * base64Length(MAX_TASK_INPUT_BYTES) + base64Length(MAX_MANIFEST_BYTES) + 1_024

const leaseParams = {
  type: 'object',
  required: ['leaseId'],
  properties: { leaseId: { type: 'string', pattern: '^[1-9][0-9]{0,77}$', description: 'the lease id, in decimal' } },
} as const
const taskParams = {
  type: 'object',
  required: ['leaseId', 'task'],
  properties: { ...leaseParams.properties, task: { type: 'string', pattern: '^(0|[1-9][0-9]{0,3})$', description: 'the task, from 0' } },
} as const
const jobBody = {
  type: 'object',
  required: ['manifest', 'module', 'inputs'],
  additionalProperties: false,
  properties: {
    manifest: { type: 'string', pattern: BASE64, maxLength: base64Length(MAX_MANIFEST_BYTES) },
    // Limits past the kind's are answered by the handler with PINION_ERR_COMPUTE_JOB_LIMITS, up to the body's limit.
    module: { type: 'string', pattern: BASE64, minLength: 1 },
    inputs: { type: 'array', maxItems: MAX_TASKS_PER_JOB, items: { type: 'string', pattern: BASE64 } },
  },
} as const
const usageBody = {
  type: 'object',
  required: ['signature'],
  additionalProperties: false,
  properties: { signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' } },
} as const
const errorShape = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } as const
const jobAnswer = {
  type: 'object',
  required: ['leaseId', 'specHash', 'tasks', 'stored'],
  properties: { leaseId: { type: 'string' }, specHash: { type: 'string' }, tasks: { type: 'integer' }, stored: { type: 'boolean' } },
} as const
const tasksAnswer = {
  type: 'object',
  required: ['leaseId', 'specHash', 'tasks'],
  properties: {
    leaseId: { type: 'string' },
    specHash: { type: 'string' },
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['task', 'state', 'countersigned'],
        properties: {
          task: { type: 'integer' },
          state: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] },
          status: { type: 'string' },
          exitCode: { type: 'integer' },
          fuelUsed: { type: 'string' },
          resultHash: { type: 'string' },
          error: errorShape,
          countersigned: { type: 'boolean' },
        },
      },
    },
  },
} as const
const usageAnswer = { type: 'object', required: ['task', 'countersigned'], properties: { task: { type: 'integer' }, countersigned: { type: 'boolean' } } } as const
const healthAnswer = { type: 'object', required: ['status', 'deviceId'], properties: { status: { type: 'string' }, deviceId: { type: 'string' } } } as const

type LeaseRoute = { Params: { leaseId: string } }
type TaskRoute = { Params: { leaseId: string; task: string } }
type JobRoute = LeaseRoute & { Body: { manifest: string; module: string; inputs: string[] } }
type UsageRoute = TaskRoute & { Body: { signature: string } }

/** One task as `GET /v1/leases/:leaseId/tasks` tells it. */
export type TaskState = {
  task: number
  state: 'pending' | 'running' | 'done' | 'failed'
  status?: string
  exitCode?: number
  /** Decimal. */
  fuelUsed?: string
  resultHash?: Hex
  error?: { code: string; message: string }
  countersigned: boolean
}

/**
 * A compute provider node's HTTP API over its job store, as a Fastify app not yet listening (tests
 * inject into it; startComputeProvider listens), with the runner that runs its tasks in the
 * background. Leases are named by their decimal id; every error is `{ code, message }` with the
 * code's status (providerErrors.ts):
 *
 *   PUT  /v1/leases/:leaseId/job            the lease's customer delivers its job: JSON `{ manifest,
 *        module, inputs }` (base64), with `Authorization: Pinion-Job <EIP-712 signature of (leaseId,
 *        specHash)>` (jobAuthorization.ts). 201 `{ leaseId, specHash, tasks, stored: true }`, or 200
 *        with stored false for a job already held. 404 PINION_ERR_COMPUTE_LEASE_UNKNOWN, 403
 *        PINION_ERR_COMPUTE_NOT_OUR_LEASE, 401 PINION_ERR_COMPUTE_UNAUTHORIZED, 400
 *        PINION_ERR_COMPUTE_JOB_INVALID, 409 PINION_ERR_COMPUTE_JOB_MISMATCH, 413
 *        PINION_ERR_COMPUTE_JOB_LIMITS (or PINION_ERR_BODY_TOO_LARGE past MAX_JOB_BODY_BYTES).
 *   GET  /v1/leases/:leaseId/tasks          `{ leaseId, specHash, tasks: TaskState[] }`; 404 PINION_ERR_COMPUTE_NO_JOB.
 *   GET  /v1/leases/:leaseId/tasks/:task/output   the output's bytes; 409 PINION_ERR_COMPUTE_TASK_NOT_DONE,
 *   GET  /v1/leases/:leaseId/tasks/:task/log      404 PINION_ERR_COMPUTE_TASK_UNKNOWN.
 *   POST /v1/leases/:leaseId/tasks/:task/usage    the customer's counter-signature of the task's usage,
 *        JSON `{ signature }`: 200 `{ task, countersigned: true }` (a task already counter-signed keeps
 *        its first), 403 PINION_ERR_COMPUTE_USAGE_SIGNATURE, 409 PINION_ERR_COMPUTE_TASK_NOT_DONE.
 *   GET  /v1/health                         `{ status: "ok", deviceId }`.
 *
 * Reads are not authenticated: whoever knows the node and the lease id can read its outputs (as
 * whoever knows a piece's hash can read it from a storage node); a customer whose outputs are secret
 * encrypts them in its module.
 */
export function buildComputeProviderApp(options: ComputeProviderOptions): { app: FastifyInstance; runner: TaskRunner } {
  const { store, deviceId, leaseOf } = options
  if (!isHex(deviceId, { strict: true }) || sizeOfHex(deviceId) !== 32 || deviceId !== deviceId.toLowerCase()) {
    throw new DeviceError('PINION_ERR_AGENT_CONFIG', `a compute provider's deviceId is 32 bytes of lower-case 0x hex, not ${JSON.stringify(deviceId)}`)
  }
  const runner = startTaskRunner({
    store,
    run: options.run,
    timeoutMs: options.taskTimeoutMs,
    onResult: options.onResult,
    onError: (error) => options.logger?.error({ err: error }, 'task runner error'),
  })

  const app = Fastify({ ...serverLogOptions(options.logger ?? silentLogger()), forceCloseConnections: true, bodyLimit: MAX_JOB_BODY_BYTES, ...providerServerOptions })
  returnRequestIds(app)
  app.setErrorHandler(providerErrorHandler)
  app.setNotFoundHandler(providerNotFoundHandler)
  app.addHook('onClose', async () => runner.close())

  const leaseIdOf = (text: string) => {
    const id = BigInt(text)
    if (id >= 2n ** 256n) throw new PinionError('PINION_ERR_BAD_REQUEST', `lease id ${text} is past uint256`)
    return id
  }
  const heldLease = (text: string) => {
    const lease = store.lease(leaseIdOf(text))
    if (lease === undefined) throw new DeviceError('PINION_ERR_COMPUTE_NO_JOB', `this node holds no job for lease ${text}`)
    return lease
  }
  const doneTask = (leaseId: string, taskText: string) => {
    const lease = heldLease(leaseId)
    const task = Number(taskText)
    const record = lease.tasks[task]
    if (record === undefined) throw new DeviceError('PINION_ERR_COMPUTE_TASK_UNKNOWN', `lease ${leaseId}'s job has ${lease.tasks.length} tasks; there is no task ${task}`)
    if (record.state !== 'done' || record.result === null) {
      const why = record.state === 'failed' ? `its run failed on this node (${record.failure?.code})` : 'it has not finished'
      throw new DeviceError('PINION_ERR_COMPUTE_TASK_NOT_DONE', `task ${task} of lease ${leaseId} has no result: ${why}`)
    }
    return { lease, task, record, result: record.result }
  }

  app.put<JobRoute>('/v1/leases/:leaseId/job', { schema: { params: leaseParams, body: jobBody, response: { 200: jobAnswer, 201: jobAnswer } } }, async (request, reply) => {
    const leaseId = leaseIdOf(request.params.leaseId)
    const lease = await leaseOf(leaseId)
    if (lease === null) throw new DeviceError('PINION_ERR_COMPUTE_LEASE_UNKNOWN', `the chain has no running lease ${leaseId}`)
    if (lease.deviceId.toLowerCase() !== deviceId)
      throw new DeviceError('PINION_ERR_COMPUTE_NOT_OUR_LEASE', `lease ${leaseId} was won by device ${lease.deviceId}, not this node's ${deviceId}`)
    const signature = jobAuthorizationOf(request.headers.authorization)
    if (signature === null) throw new DeviceError('PINION_ERR_COMPUTE_UNAUTHORIZED', 'a job is delivered with `Authorization: Pinion-Job 0x<65-byte signature>`')
    const signer = await jobDeliverySigner({ leaseId, specHash: lease.specHash }, signature)
    if (signer === null || signer !== getAddress(lease.customer)) {
      throw new DeviceError('PINION_ERR_COMPUTE_UNAUTHORIZED', `the job's signature is ${signer === null ? 'not a signature' : `by ${signer}`}, not lease ${leaseId}'s customer's`)
    }
    const held = store.lease(leaseId)
    if (held !== undefined) return reply.status(200).send({ leaseId: leaseId.toString(), specHash: held.specHash, tasks: held.tasks.length, stored: false })

    const { manifest: manifestBytes, module, inputs } = decodeJob(request.body)
    const specHash = sha256(manifestBytes)
    if (specHash !== lease.specHash) throw mismatch(`the manifest hashes to ${specHash}; lease ${leaseId}'s order says ${lease.specHash}`)
    let manifest: JobManifest
    try {
      manifest = decodeManifest(manifestBytes)
    } catch (cause) {
      throw new DeviceError('PINION_ERR_COMPUTE_JOB_INVALID', `the manifest is not a job manifest: ${(cause as Error).message}`, { cause })
    }
    checkLimits(manifest, module, inputs)
    if (sha256(module) !== manifest.module) throw mismatch(`the module hashes to ${sha256(module)}; the manifest says ${manifest.module}`)
    if (inputs.length !== manifest.tasks.length) throw mismatch(`${inputs.length} inputs for the manifest's ${manifest.tasks.length} tasks`)
    inputs.forEach((input, i) => {
      if (sha256(input) !== manifest.tasks[i]) throw mismatch(`input ${i} hashes to ${sha256(input)}; the manifest's task ${i} is ${manifest.tasks[i]}`)
    })
    const outcome = store.putJob({ leaseId, customer: getAddress(lease.customer), specHash, manifestBytes, module, inputs })
    runner.enqueue(leaseId)
    return reply.status(outcome === 'stored' ? 201 : 200).send({ leaseId: leaseId.toString(), specHash, tasks: manifest.tasks.length, stored: outcome === 'stored' })
  })

  app.get<LeaseRoute>('/v1/leases/:leaseId/tasks', { schema: { params: leaseParams, response: { 200: tasksAnswer } } }, async (request) => {
    const lease = heldLease(request.params.leaseId)
    const running = runner.running()
    const tasks = lease.tasks.map((t): TaskState => {
      const state = running?.leaseId === lease.leaseId && running.task === t.task ? 'running' : t.state
      const countersigned = t.usageSignature !== null
      if (t.result !== null) {
        const { status, exitCode, fuelUsed, resultHash, error } = t.result
        return { task: t.task, state, status, exitCode, fuelUsed: fuelUsed.toString(), resultHash, ...(error === undefined ? {} : { error }), countersigned }
      }
      return { task: t.task, state, ...(t.failure === null ? {} : { error: t.failure }), countersigned }
    })
    return { leaseId: lease.leaseId.toString(), specHash: lease.specHash, tasks }
  })

  for (const what of ['output', 'log'] as const) {
    app.get<TaskRoute>(`/v1/leases/:leaseId/tasks/:task/${what}`, { exposeHeadRoute: false, schema: { params: taskParams } }, async (request, reply) => {
      const { lease, task } = doneTask(request.params.leaseId, request.params.task)
      const bytes = what === 'output' ? store.output(lease.leaseId, task) : store.log(lease.leaseId, task)
      return reply.header('content-type', 'application/octet-stream').send(Buffer.from(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength))
    })
  }

  app.post<UsageRoute>('/v1/leases/:leaseId/tasks/:task/usage', { schema: { params: taskParams, body: usageBody, response: { 200: usageAnswer } } }, async (request) => {
    const { lease, task, record, result } = doneTask(request.params.leaseId, request.params.task)
    if (record.usageSignature !== null) return { task, countersigned: true }
    const signature = request.body.signature.toLowerCase() as Hex
    const usage = { leaseId: lease.leaseId, specHash: lease.specHash, task, resultHash: result.resultHash, fuelUsed: result.fuelUsed }
    const signer = usageSigner(usage, signature)
    if (signer !== lease.customer) {
      throw new DeviceError(
        'PINION_ERR_COMPUTE_USAGE_SIGNATURE',
        `the counter-signature of task ${task}'s usage (result ${result.resultHash}, fuel ${result.fuelUsed}) is ${signer === null ? 'not a canonical signature of it' : `by ${signer}`}, not the customer ${lease.customer}'s`,
      )
    }
    store.recordUsageSignature(lease.leaseId, task, signature)
    try {
      await options.onCountersigned?.(lease.leaseId, task, signature)
    } catch (error) {
      request.log.error({ err: error }, 'onCountersigned failed')
    }
    return { task, countersigned: true }
  })

  app.get('/v1/health', { schema: { response: { 200: healthAnswer } } }, async () => ({ status: 'ok', deviceId }))

  return { app, runner }
}

/** A running provider node: where it listens, its task runner, and how to stop it. */
export type RunningComputeProvider = { url: string; runner: TaskRunner; close(): Promise<void> }

/** Starts a provider node's HTTP API (buildComputeProviderApp) on `host`:`port` (0: any free port). */
export async function startComputeProvider(options: ComputeProviderOptions & { host: string; port: number }): Promise<RunningComputeProvider> {
  const { app, runner } = buildComputeProviderApp(options)
  const url = await app.listen({ host: options.host, port: options.port })
  return { url, runner, close: () => app.close() }
}

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())
const mismatch = (message: string) => new DeviceError('PINION_ERR_COMPUTE_JOB_MISMATCH', `the job is not the lease's: ${message}`)

/** The body's bytes; base64 in its one form (padded, no line breaks), so no two bodies stand for one job. */
function decodeJob(body: JobRoute['Body']): { manifest: Uint8Array; module: Uint8Array; inputs: Uint8Array[] } {
  const bytesOf = (field: string, text: string) => {
    const bytes = Buffer.from(text, 'base64')
    if (bytes.toString('base64') !== text) throw new DeviceError('PINION_ERR_COMPUTE_JOB_INVALID', `${field} is not padded base64`)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return { manifest: bytesOf('manifest', body.manifest), module: bytesOf('module', body.module), inputs: body.inputs.map((input, i) => bytesOf(`inputs[${i}]`, input)) }
}

/** The kind's limits (a reveal carries the input, the oracles take the module in chunks) and the runtime's. */
function checkLimits(manifest: JobManifest, module: Uint8Array, inputs: readonly Uint8Array[]): void {
  const limits = (message: string) => new DeviceError('PINION_ERR_COMPUTE_JOB_LIMITS', message)
  if (module.length > MAX_MODULE_BYTES) throw limits(`the module is ${module.length} bytes; the compute kind takes at most ${MAX_MODULE_BYTES}`)
  inputs.forEach((input, i) => {
    if (input.length > MAX_TASK_INPUT_BYTES) throw limits(`input ${i} is ${input.length} bytes; a task input is at most ${MAX_TASK_INPUT_BYTES} (a reveal carries it)`)
  })
  if (manifest.fuelPerTask > MAX_RUNTIME_FUEL) throw limits(`fuelPerTask ${manifest.fuelPerTask} is past the runtime's ${MAX_RUNTIME_FUEL}`)
}
