import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type JobManifest, decodeManifest } from '@pinion/kinds/compute'
import type { TaskStatus } from '@pinion/kinds/compute/runtime'
import { type Address, type Hex, bytesToHex, getAddress, numberToHex } from 'viem'
import { DeviceError } from '../errors.ts'
import { fsyncDir, writeFileAtomic } from '../fs/durable.ts'

/** What a run of a task gave, as the node keeps it (output and log are files of their own). */
export type TaskResult = {
  status: TaskStatus
  exitCode: number
  fuelUsed: bigint
  /** sha256(exitCode as uint32 big-endian ‖ output). */
  resultHash: Hex
  /** Why the run did not end cleanly (a trap, out of fuel): part of the result, the same on every machine. */
  error?: { code: string; message: string }
}

/**
 * One task of a stored job: pending until its run ends; then done (a result, deterministic, to commit
 * to) or failed (the run said nothing about the task: the worker's wall-clock timeout, or the host
 * ran out of stack or memory, so there is no result any oracle would reproduce, and nothing is
 * committed). With its reporting: the salt of its commitment, drawn fresh when the result is kept,
 * the epochs its commitment and reveal were sent in, and the customer's counter-signature.
 */
export type StoredTask = {
  task: number
  state: 'pending' | 'done' | 'failed'
  result: TaskResult | null
  failure: { code: string; message: string } | null
  salt: Hex | null
  usageSignature: Hex | null
  committedEpoch: bigint | null
  revealedEpoch: bigint | null
}

/** A lease's job as the node keeps it, with what it has reported of it. */
export type StoredLease = {
  leaseId: bigint
  customer: Address
  specHash: Hex
  manifest: JobManifest
  manifestBytes: Uint8Array
  /** The last epoch the job report was sent in. */
  jobReportedEpoch: bigint | null
  /** The last epoch the module's chunks were sent in. */
  modulePublishedEpoch: bigint | null
  tasks: StoredTask[]
}

/** A report sent, as the store records it so that the schedule (provider.ts) does not send it again. */
export type ReportMark =
  | { kind: 'job'; leaseId: bigint; epoch: bigint }
  | { kind: 'module'; leaseId: bigint; epoch: bigint }
  | { kind: 'commit'; leaseId: bigint; task: number; epoch: bigint }
  | { kind: 'reveal'; leaseId: bigint; task: number; epoch: bigint }

/** A job as the node stores it: checked against the lease by the caller (jobServer.ts). */
type NewJob = { leaseId: bigint; customer: Address; specHash: Hex; manifestBytes: Uint8Array; module: Uint8Array; inputs: readonly Uint8Array[] }

/**
 * A compute provider's jobs on its disk: each lease's job (manifest, module, inputs) in a folder of
 * its own, written whole or not at all (a temporary folder renamed into place), and each task's
 * result, output and log as the node runs it, every file replaced atomically (durable.ts). A node
 * restarted after a crash finds every job it acknowledged and every result it kept; a task whose
 * run was under way is pending again and runs again (runs are deterministic: the same result).
 * Reads check the bytes against the manifest (module, inputs) or the result hash (outputs), so
 * nothing the disk changed is run, served or reported (PINION_ERR_COMPUTE_STORE_CORRUPT).
 * Synchronous, as the device's other durable files are: one process, no interleaved writes.
 */
export type JobStore = {
  /** Leases with a job, in id order. */
  leaseIds(): bigint[]
  /** A copy of the lease's record, or undefined if it has no job here. */
  lease(leaseId: bigint): StoredLease | undefined
  /** Stores a job: 'already-held' (nothing written) if the lease has one. */
  putJob(job: NewJob): 'stored' | 'already-held'
  module(leaseId: bigint): Uint8Array
  input(leaseId: bigint, task: number): Uint8Array
  /** A done task's output (checked against its result hash), or undefined. */
  output(leaseId: bigint, task: number): Uint8Array | undefined
  /** A done task's log (stderr, bounded by the runtime), or undefined. */
  log(leaseId: bigint, task: number): Uint8Array | undefined
  /** Keeps a run's result, output and log, and draws the salt of its commitment. */
  recordResult(leaseId: bigint, task: number, run: TaskResult & { output: Uint8Array; log: Uint8Array }): StoredTask
  /** Keeps that a run failed on this machine (no result). */
  recordFailure(leaseId: bigint, task: number, failure: { code: string; message: string }): StoredTask
  /** Keeps the customer's counter-signature of a done task's usage (the caller verified it). */
  recordUsageSignature(leaseId: bigint, task: number, signature: Hex): StoredTask
  /** Records that a report was sent. */
  recordReported(mark: ReportMark): void
  /** Forgets a lease's job and results (its lease has ended). Whether it had one. */
  remove(leaseId: bigint): boolean
}

type TaskFile = {
  state: 'done' | 'failed'
  status?: TaskStatus
  exitCode?: number
  fuelUsed?: string
  resultHash?: Hex
  error?: { code: string; message: string }
  failure?: { code: string; message: string }
  salt?: Hex
  usageSignature: Hex | null
  committedEpoch: string | null
  revealedEpoch: string | null
}

type LeaseFile = { leaseId: string; customer: Address; specHash: Hex; jobReportedEpoch: string | null; modulePublishedEpoch: string | null }

const LEASE_FOLDER = /^[1-9][0-9]{0,77}$/
const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

/** sha256(exitCode as uint32 big-endian ‖ output): the runtime's result hash. */
const resultHashOf = (exitCode: number, output: Uint8Array): Hex => sha256(Buffer.concat([Buffer.from(numberToHex(exitCode, { size: 4 }).slice(2), 'hex'), output]))

const emptyTask = (task: number): StoredTask => ({
  task,
  state: 'pending',
  result: null,
  failure: null,
  salt: null,
  usageSignature: null,
  committedEpoch: null,
  revealedEpoch: null,
})

export function openJobStore(dir: string): JobStore {
  const root = join(dir, 'compute', 'leases')
  mkdirSync(root, { recursive: true })
  const leases = new Map<bigint, StoredLease>()

  const folderOf = (leaseId: bigint) => join(root, leaseId.toString())
  const corrupt = (file: string, why: string, cause?: unknown) =>
    new DeviceError('PINION_ERR_COMPUTE_STORE_CORRUPT', `${file}: ${why}`, cause === undefined ? undefined : { cause })
  const epochOf = (value: string | null): bigint | null => (value === null ? null : BigInt(value))
  const epochText = (value: bigint | null) => (value === null ? null : value.toString())

  for (const name of readdirSync(root)) {
    const folder = join(root, name)
    // A temporary folder is a job whose write never completed: it was never acknowledged.
    if (name.startsWith('.')) {
      rmSync(folder, { recursive: true, force: true })
      continue
    }
    if (!LEASE_FOLDER.test(name) || !statSync(folder).isDirectory()) continue
    leases.set(BigInt(name), readLease(folder))
  }

  function readJson<T>(file: string): T {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T
    } catch (cause) {
      throw corrupt(file, 'not readable JSON', cause)
    }
  }

  function readLease(folder: string): StoredLease {
    const record = readJson<LeaseFile>(join(folder, 'lease.json'))
    const manifestBytes = new Uint8Array(readFileSync(join(folder, 'manifest.json')))
    if (sha256(manifestBytes) !== record.specHash) throw corrupt(join(folder, 'manifest.json'), `does not hash to the lease's specHash ${record.specHash}`)
    let manifest: JobManifest
    try {
      manifest = decodeManifest(manifestBytes)
    } catch (cause) {
      throw corrupt(join(folder, 'manifest.json'), 'not a job manifest', cause)
    }
    const tasks = manifest.tasks.map((_, task): StoredTask => {
      const file = join(folder, `task-${task}.json`)
      if (!existsSync(file)) return emptyTask(task)
      const t = readJson<TaskFile>(file)
      const result: TaskResult | null =
        t.state === 'done'
          ? {
              status: t.status!,
              exitCode: t.exitCode!,
              fuelUsed: BigInt(t.fuelUsed!),
              resultHash: t.resultHash!,
              ...(t.error === undefined ? {} : { error: t.error }),
            }
          : null
      return {
        task,
        state: t.state,
        result,
        failure: t.failure ?? null,
        salt: t.salt ?? null,
        usageSignature: t.usageSignature,
        committedEpoch: epochOf(t.committedEpoch),
        revealedEpoch: epochOf(t.revealedEpoch),
      }
    })
    return {
      leaseId: BigInt(record.leaseId),
      customer: getAddress(record.customer),
      specHash: record.specHash,
      manifest,
      manifestBytes,
      jobReportedEpoch: epochOf(record.jobReportedEpoch),
      modulePublishedEpoch: epochOf(record.modulePublishedEpoch),
      tasks,
    }
  }

  function held(leaseId: bigint): StoredLease {
    const lease = leases.get(leaseId)
    if (lease === undefined) throw new DeviceError('PINION_ERR_COMPUTE_NO_JOB', `this node holds no job for lease ${leaseId}`)
    return lease
  }
  function taskOf(leaseId: bigint, task: number): StoredTask {
    const record = held(leaseId).tasks[task]
    if (record === undefined) throw new DeviceError('PINION_ERR_COMPUTE_TASK_UNKNOWN', `lease ${leaseId}'s job has no task ${task}`)
    return record
  }

  const writeLease = (lease: StoredLease) =>
    writeFileAtomic(
      join(folderOf(lease.leaseId), 'lease.json'),
      JSON.stringify({
        leaseId: lease.leaseId.toString(),
        customer: lease.customer,
        specHash: lease.specHash,
        jobReportedEpoch: epochText(lease.jobReportedEpoch),
        modulePublishedEpoch: epochText(lease.modulePublishedEpoch),
      } satisfies LeaseFile),
      0o600,
    )

  function writeTask(leaseId: bigint, t: StoredTask): void {
    if (t.state === 'pending') return
    const file: TaskFile = {
      state: t.state,
      ...(t.result === null
        ? {}
        : {
            status: t.result.status,
            exitCode: t.result.exitCode,
            fuelUsed: t.result.fuelUsed.toString(),
            resultHash: t.result.resultHash,
            ...(t.result.error === undefined ? {} : { error: t.result.error }),
          }),
      ...(t.failure === null ? {} : { failure: t.failure }),
      ...(t.salt === null ? {} : { salt: t.salt }),
      usageSignature: t.usageSignature,
      committedEpoch: epochText(t.committedEpoch),
      revealedEpoch: epochText(t.revealedEpoch),
    }
    writeFileAtomic(join(folderOf(leaseId), `task-${t.task}.json`), JSON.stringify(file), 0o600)
  }

  const copyOf = (lease: StoredLease): StoredLease => ({ ...lease, manifestBytes: lease.manifestBytes.slice(), tasks: lease.tasks.map((t) => ({ ...t })) })

  return {
    leaseIds: () => [...leases.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    lease: (leaseId) => {
      const lease = leases.get(leaseId)
      return lease === undefined ? undefined : copyOf(lease)
    },
    putJob(job) {
      if (leases.has(job.leaseId)) return 'already-held'
      const manifest = decodeManifest(job.manifestBytes)
      // Written in a folder of its own, then renamed into place whole: a crash leaves the job or nothing.
      const temp = join(root, `.${job.leaseId}.${randomUUID()}.tmp`)
      mkdirSync(temp, { mode: 0o700 })
      try {
        writeFileSync(join(temp, 'manifest.json'), job.manifestBytes, { mode: 0o600, flush: true })
        writeFileSync(join(temp, 'module.wasm'), job.module, { mode: 0o600, flush: true })
        job.inputs.forEach((input, i) => writeFileSync(join(temp, `input-${i}.bin`), input, { mode: 0o600, flush: true }))
        const lease: StoredLease = {
          leaseId: job.leaseId,
          customer: getAddress(job.customer),
          specHash: job.specHash,
          manifest,
          manifestBytes: job.manifestBytes.slice(),
          jobReportedEpoch: null,
          modulePublishedEpoch: null,
          tasks: manifest.tasks.map((_, task) => emptyTask(task)),
        }
        writeFileSync(
          join(temp, 'lease.json'),
          JSON.stringify({ leaseId: job.leaseId.toString(), customer: lease.customer, specHash: job.specHash, jobReportedEpoch: null, modulePublishedEpoch: null }),
          { mode: 0o600, flush: true },
        )
        fsyncDir(temp)
        renameSync(temp, folderOf(job.leaseId))
        fsyncDir(root)
        leases.set(job.leaseId, lease)
        return 'stored'
      } finally {
        rmSync(temp, { recursive: true, force: true })
      }
    },
    module(leaseId) {
      const lease = held(leaseId)
      const file = join(folderOf(leaseId), 'module.wasm')
      const bytes = new Uint8Array(readFileSync(file))
      if (sha256(bytes) !== lease.manifest.module) throw corrupt(file, `no longer hashes to the manifest's module ${lease.manifest.module}`)
      return bytes
    },
    input(leaseId, task) {
      const lease = held(leaseId)
      taskOf(leaseId, task)
      const file = join(folderOf(leaseId), `input-${task}.bin`)
      const bytes = new Uint8Array(readFileSync(file))
      if (sha256(bytes) !== lease.manifest.tasks[task]) throw corrupt(file, `no longer hashes to task ${task}'s input ${lease.manifest.tasks[task]}`)
      return bytes
    },
    output(leaseId, task) {
      const record = taskOf(leaseId, task)
      if (record.result === null) return undefined
      const file = join(folderOf(leaseId), `task-${task}.out`)
      const bytes = new Uint8Array(readFileSync(file))
      if (resultHashOf(record.result.exitCode, bytes) !== record.result.resultHash) throw corrupt(file, `no longer gives task ${task}'s result hash ${record.result.resultHash}`)
      return bytes
    },
    log(leaseId, task) {
      const record = taskOf(leaseId, task)
      return record.result === null ? undefined : new Uint8Array(readFileSync(join(folderOf(leaseId), `task-${task}.log`)))
    },
    recordResult(leaseId, task, run) {
      const record = taskOf(leaseId, task)
      const folder = folderOf(leaseId)
      // Output and log first: the task's record is what makes the result count, and it names them.
      writeFileAtomic(join(folder, `task-${task}.out`), run.output, 0o600)
      writeFileAtomic(join(folder, `task-${task}.log`), run.log, 0o600)
      const result: TaskResult = {
        status: run.status,
        exitCode: run.exitCode,
        fuelUsed: run.fuelUsed,
        resultHash: run.resultHash,
        ...(run.error === undefined ? {} : { error: { code: run.error.code, message: run.error.message } }),
      }
      // The salt hides the result in its commitment until the reveal: random, never derived from anything public.
      const next: StoredTask = { ...emptyTask(task), state: 'done', result, salt: bytesToHex(randomBytes(32)) }
      writeTask(leaseId, next)
      Object.assign(record, next)
      return { ...record }
    },
    recordFailure(leaseId, task, failure) {
      const record = taskOf(leaseId, task)
      const next: StoredTask = { ...emptyTask(task), state: 'failed', failure: { code: failure.code, message: failure.message } }
      writeTask(leaseId, next)
      Object.assign(record, next)
      return { ...record }
    },
    recordUsageSignature(leaseId, task, signature) {
      const record = taskOf(leaseId, task)
      if (record.state !== 'done') throw new DeviceError('PINION_ERR_COMPUTE_TASK_NOT_DONE', `task ${task} of lease ${leaseId} has no result to counter-sign`)
      const next = { ...record, usageSignature: signature }
      writeTask(leaseId, next)
      Object.assign(record, next)
      return { ...record }
    },
    recordReported(mark) {
      const lease = held(mark.leaseId)
      if (mark.kind === 'job' || mark.kind === 'module') {
        const next = { ...lease, ...(mark.kind === 'job' ? { jobReportedEpoch: mark.epoch } : { modulePublishedEpoch: mark.epoch }) }
        writeLease(next)
        Object.assign(lease, next)
        return
      }
      const record = taskOf(mark.leaseId, mark.task)
      const next = { ...record, ...(mark.kind === 'commit' ? { committedEpoch: mark.epoch } : { revealedEpoch: mark.epoch }) }
      writeTask(mark.leaseId, next)
      Object.assign(record, next)
    },
    remove(leaseId) {
      if (!leases.has(leaseId)) return false
      // Renamed away first, so a crash mid-removal leaves a temporary folder (dropped on open), never half a job.
      const doomed = join(root, `.${leaseId}.${randomUUID()}.removed`)
      renameSync(folderOf(leaseId), doomed)
      fsyncDir(root)
      leases.delete(leaseId)
      rmSync(doomed, { recursive: true, force: true })
      return true
    },
  }
}
