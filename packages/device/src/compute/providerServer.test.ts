import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signUsage, taskSeed } from '@pinion/kinds/compute'
import { STATUS_EXIT_CODES, type Task, type WorkerTaskRun, runTask } from '@pinion/kinds/compute/runtime'
import { ENDLESS_MODULE, type TestComputeJob, computeJob, runInProcess, sha256TestJob, testCustomer, testLeases, testStranger } from '@pinion/testkit/compute/providerNodes'
import { seededBytes } from '@pinion/testkit/storage/storageNodes'
import type { Hex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { signJobDelivery } from './jobAuthorization.ts'
import { openJobStore } from './jobStore.ts'
import { type ComputeProviderOptions, buildComputeProviderApp } from './providerServer.ts'
import type { RunTask } from './taskRunner.ts'

const DEVICE = `0x${'c1'.repeat(32)}` as Hex
const OTHER_DEVICE = `0x${'c2'.repeat(32)}` as Hex
const job = sha256TestJob(3)
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const bodyOf = (j: Pick<TestComputeJob, 'manifest' | 'module' | 'inputs'>) => ({ manifest: base64(j.manifest), module: base64(j.module), inputs: j.inputs.map(base64) })
const honest = (j: TestComputeJob, task: number) =>
  runTask({ module: j.module, input: j.inputs[task]!, fuel: j.parsed.fuelPerTask, memoryPages: j.parsed.memoryPages, seed: taskSeed(j.specHash, task) })

/** A runner whose runs wait until the test lets them go, in order. */
function gatedRun(): { run: RunTask; release(): void; started: number[] } {
  const gates: (() => void)[] = []
  const started: number[] = []
  return {
    started,
    run: async (task: Task): Promise<WorkerTaskRun> => {
      started.push(started.length)
      await new Promise<void>((resolve) => gates.push(resolve))
      return runTask(task)
    },
    release: () => gates.shift()?.(),
  }
}

describe('compute provider node HTTP API', () => {
  const dirs: string[] = []
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-provider-'))
    dirs.push(dir)
    return dir
  }
  const leases = testLeases()
  leases.open(1n, { customer: testCustomer.address, specHash: job.specHash, deviceId: DEVICE })
  leases.open(2n, { customer: testCustomer.address, specHash: job.specHash, deviceId: OTHER_DEVICE })
  const node = (dir = folder(), options: Partial<ComputeProviderOptions> = {}) => {
    const store = openJobStore(dir)
    const { app, runner } = buildComputeProviderApp({ store, deviceId: DEVICE, leaseOf: leases.leaseOf, run: runInProcess, ...options })
    closers.push(() => app.close())
    return { dir, store, app, runner }
  }
  const authorization = async (leaseId: bigint, specHash: Hex, account = testCustomer) => ({ authorization: `Pinion-Job ${await signJobDelivery(account, { leaseId, specHash })}` })
  const deliver = async (app: ReturnType<typeof node>['app'], leaseId = 1n, body: object = bodyOf(job), headers?: Record<string, string>) =>
    app.inject({ method: 'PUT', url: `/v1/leases/${leaseId}/job`, payload: body, headers: headers ?? (await authorization(leaseId, job.specHash)) })

  it("takes the customer's job once (201, then 200), runs every task as the oracles re-execute it, and serves outputs and logs", async () => {
    const results: [bigint, number, string][] = []
    const { app, runner } = node(undefined, { onResult: (leaseId, task, record) => void results.push([leaseId, task, record.state]) })
    const first = await deliver(app)
    expect([first.statusCode, first.json()]).toEqual([201, { leaseId: '1', specHash: job.specHash, tasks: 3, stored: true }])
    const again = await deliver(app)
    expect([again.statusCode, again.json().stored]).toEqual([200, false])
    await runner.idle()
    const tasks = (await app.inject({ url: '/v1/leases/1/tasks' })).json()
    expect(tasks.specHash).toBe(job.specHash)
    expect(tasks.tasks).toEqual(
      [0, 1, 2].map((task) => {
        const run = honest(job, task)
        return { task, state: 'done', status: 'ok', exitCode: 0, fuelUsed: run.fuelUsed.toString(), resultHash: run.resultHash, countersigned: false }
      }),
    )
    expect(results).toEqual([
      [1n, 0, 'done'],
      [1n, 1, 'done'],
      [1n, 2, 'done'],
    ])
    const output = await app.inject({ url: '/v1/leases/1/tasks/1/output' })
    expect([output.statusCode, output.headers['content-type']]).toEqual([200, 'application/octet-stream'])
    expect(output.rawPayload.equals(Buffer.from(honest(job, 1).output))).toBe(true)
    expect((await app.inject({ url: '/v1/leases/1/tasks/1/log' })).rawPayload.length).toBe(0)
    expect((await app.inject({ url: '/v1/leases/1/tasks/3/output' })).json().code).toBe('PINION_ERR_COMPUTE_TASK_UNKNOWN')
    expect((await app.inject({ url: '/v1/leases/9/tasks' })).json().code).toBe('PINION_ERR_COMPUTE_NO_JOB')
    expect((await app.inject({ url: '/v1/leases/0x1/tasks' })).json().code).toBe('PINION_ERR_BAD_REQUEST')
  })

  it("answers a job that is not the customer's to deliver, or not for this node, and stores nothing", async () => {
    const { app, store } = node()
    const noHeader = await deliver(app, 1n, bodyOf(job), {})
    const stranger = await deliver(app, 1n, bodyOf(job), await authorization(1n, job.specHash, testStranger))
    const otherLease = await deliver(app, 1n, bodyOf(job), await authorization(3n, job.specHash))
    const unknown = await deliver(app, 3n)
    const notOurs = await deliver(app, 2n)
    expect([noHeader, stranger, otherLease, unknown, notOurs].map((r) => [r.statusCode, r.json().code])).toEqual([
      [401, 'PINION_ERR_COMPUTE_UNAUTHORIZED'],
      [401, 'PINION_ERR_COMPUTE_UNAUTHORIZED'],
      [401, 'PINION_ERR_COMPUTE_UNAUTHORIZED'],
      [404, 'PINION_ERR_COMPUTE_LEASE_UNKNOWN'],
      [403, 'PINION_ERR_COMPUTE_NOT_OUR_LEASE'],
    ])
    expect(stranger.json().message).toContain(testStranger.address)
    expect(store.leaseIds()).toEqual([])
  })

  it('refuses a job whose manifest, module or inputs are not the ones the lease names, or pass the limits', async () => {
    const { app, store } = node()
    const other = sha256TestJob(3, 2)
    const corrupt = job.module.slice()
    corrupt[10]! ^= 1
    const cases = [
      { ...bodyOf(job), manifest: base64(other.manifest) },
      { ...bodyOf(job), module: base64(corrupt) },
      { ...bodyOf(job), inputs: [base64(job.inputs[0]!), base64(job.inputs[2]!), base64(job.inputs[1]!)] },
      { ...bodyOf(job), inputs: bodyOf(job).inputs.slice(0, 2) },
      { ...bodyOf(job), module: '!!not base64!!' },
      { ...bodyOf(job), module: 'AAE' },
      { manifest: bodyOf(job).manifest, module: bodyOf(job).module },
    ]
    const answers = []
    for (const body of cases) answers.push(await deliver(app, 1n, body))
    expect(answers.map((r) => [r.statusCode, r.json().code])).toEqual([
      [409, 'PINION_ERR_COMPUTE_JOB_MISMATCH'],
      [409, 'PINION_ERR_COMPUTE_JOB_MISMATCH'],
      [409, 'PINION_ERR_COMPUTE_JOB_MISMATCH'],
      [409, 'PINION_ERR_COMPUTE_JOB_MISMATCH'],
      [400, 'PINION_ERR_COMPUTE_JOB_INVALID'],
      [400, 'PINION_ERR_COMPUTE_JOB_INVALID'],
      [400, 'PINION_ERR_COMPUTE_JOB_INVALID'],
    ])
    expect(answers[2]!.json().message).toContain('input 1 hashes to')
    // An input a reveal could not carry (over 2,048 bytes), in a job whose hashes are all right.
    const big = computeJob(job.module, [seededBytes(3_000, 5)])
    leases.open(4n, { customer: testCustomer.address, specHash: big.specHash, deviceId: DEVICE })
    const tooBig = await app.inject({ method: 'PUT', url: '/v1/leases/4/job', payload: bodyOf(big), headers: await authorization(4n, big.specHash) })
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'PINION_ERR_COMPUTE_JOB_LIMITS'])
    expect(store.leaseIds()).toEqual([])
  })

  it("keeps an endless loop's run out of fuel as its result: the one every oracle's re-execution gives", async () => {
    const endless = computeJob(ENDLESS_MODULE, [new Uint8Array([1])], { fuelPerTask: 1_000_000n, memoryPages: 1 })
    leases.open(5n, { customer: testCustomer.address, specHash: endless.specHash, deviceId: DEVICE })
    const { app, runner } = node()
    const put = await app.inject({ method: 'PUT', url: '/v1/leases/5/job', payload: bodyOf(endless), headers: await authorization(5n, endless.specHash) })
    expect(put.statusCode).toBe(201)
    await runner.idle()
    const [task] = (await app.inject({ url: '/v1/leases/5/tasks' })).json().tasks
    const run = honest(endless, 0)
    expect(task).toMatchObject({ state: 'done', status: 'out-of-fuel', exitCode: STATUS_EXIT_CODES['out-of-fuel'], error: { code: 'OUT_OF_FUEL' } })
    expect([task.resultHash, task.fuelUsed]).toEqual([run.resultHash, run.fuelUsed.toString()])
  })

  it("keeps the customer's counter-signature of a task's usage, and refuses a stranger's or one of other usage", async () => {
    const countersigned: [bigint, number, Hex][] = []
    const { app, runner } = node(undefined, { onCountersigned: (leaseId, task, signature) => void countersigned.push([leaseId, task, signature]) })
    await deliver(app)
    await runner.idle()
    const run = honest(job, 0)
    const usage = { leaseId: 1n, specHash: job.specHash, task: 0, resultHash: run.resultHash, fuelUsed: run.fuelUsed }
    const post = (signature: Hex, task = 0) => app.inject({ method: 'POST', url: `/v1/leases/1/tasks/${task}/usage`, payload: { signature } })
    const stranger = await post(await signUsage(testStranger, usage))
    const moreFuel = await post(await signUsage(testCustomer, { ...usage, fuelUsed: usage.fuelUsed + 1n }))
    const otherTask = await post(await signUsage(testCustomer, usage), 1)
    expect([stranger, moreFuel, otherTask].map((r) => [r.statusCode, r.json().code])).toEqual([
      [403, 'PINION_ERR_COMPUTE_USAGE_SIGNATURE'],
      [403, 'PINION_ERR_COMPUTE_USAGE_SIGNATURE'],
      [403, 'PINION_ERR_COMPUTE_USAGE_SIGNATURE'],
    ])
    expect(countersigned).toEqual([])
    const signature = await signUsage(testCustomer, usage)
    const kept = await post(signature)
    expect([kept.statusCode, kept.json()]).toEqual([200, { task: 0, countersigned: true }])
    expect((await post(signature)).statusCode).toBe(200)
    expect(countersigned).toEqual([[1n, 0, signature]])
    const states = (await app.inject({ url: '/v1/leases/1/tasks' })).json().tasks.map((t: { countersigned: boolean }) => t.countersigned)
    expect(states).toEqual([true, false, false])
  })

  it('survives a restart: the job, the results kept and their salts and counter-signatures; the task under way runs again', async () => {
    const dir = folder()
    const gate = gatedRun()
    const before = node(dir, { run: gate.run })
    await deliver(before.app)
    await waitFor(() => gate.started.length === 1)
    expect((await before.app.inject({ url: '/v1/leases/1/tasks' })).json().tasks.map((t: { state: string }) => t.state)).toEqual(['running', 'pending', 'pending'])
    // Output of a task not done yet, and a counter-signature of it, are refused.
    expect((await before.app.inject({ url: '/v1/leases/1/tasks/0/output' })).json().code).toBe('PINION_ERR_COMPUTE_TASK_NOT_DONE')
    gate.release()
    await waitFor(() => gate.started.length === 2)
    const run = honest(job, 0)
    const signature = await signUsage(testCustomer, { leaseId: 1n, specHash: job.specHash, task: 0, resultHash: run.resultHash, fuelUsed: run.fuelUsed })
    expect((await before.app.inject({ method: 'POST', url: '/v1/leases/1/tasks/0/usage', payload: { signature } })).statusCode).toBe(200)
    before.store.recordReported({ kind: 'commit', leaseId: 1n, task: 0, epoch: 20n })
    const salt = before.store.lease(1n)!.tasks[0]!.salt
    // The node goes down with task 1 under way.
    await before.app.close()
    gate.release()

    const after = node(dir)
    await after.runner.idle()
    const lease = after.store.lease(1n)!
    expect(lease.tasks.map((t) => [t.state, t.result?.resultHash])).toEqual([0, 1, 2].map((task) => ['done', honest(job, task).resultHash]))
    expect([lease.tasks[0]!.salt, lease.tasks[0]!.usageSignature, lease.tasks[0]!.committedEpoch]).toEqual([salt, signature, 20n])
    expect(lease.tasks[1]!.salt).not.toBe(salt)
    expect((await after.app.inject({ url: '/v1/leases/1/tasks/2/output' })).rawPayload.equals(Buffer.from(honest(job, 2).output))).toBe(true)
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  expect(condition()).toBe(true)
}
