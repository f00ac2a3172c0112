import { createHash } from 'node:crypto'
import { runTask } from '@pinion/kinds/compute/runtime'
import { assembleImage, renderReference } from '@pinion/kinds/compute/workloads'
import { type TestComputeJob, raytraceTestJob, sha256TestJob, startProviderNodes, testCustomer, testLeases, testStranger } from '@pinion/testkit/compute/providerNodes'
import { numberToHex, sha256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countersign } from './countersign.ts'
import { deliverJob } from './deliverJob.ts'
import { fetchResults, taskStates, waitForTasks } from './fetchResults.ts'
import { raytraceImage } from './raytraceImage.ts'

const leases = testLeases()
const sha256Job = sha256TestJob(3, 4)
const raytrace = { width: 32, height: 24, bands: 2, samples: 2, seed: 1 }
const raytraceJob = raytraceTestJob(raytrace)
const lease = (leaseId: bigint, job: TestComputeJob) => ({ leaseId, specHash: job.specHash })
const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: { code?: string; nodeCode?: string }) => e,
  )
  return [error?.code, error?.nodeCode]
}

describe('the compute client against real provider nodes', () => {
  let nodes: Awaited<ReturnType<typeof startProviderNodes>>
  // Node 2 is lazy: it makes its outputs up (with result hashes that match them) and claims honest fuel.
  let lazy: Awaited<ReturnType<typeof startProviderNodes>>
  beforeAll(async () => {
    nodes = await startProviderNodes(2, { leases })
    lazy = await startProviderNodes(1, {
      leases,
      firstDevice: 3,
      run: async (task) => {
        const honest = runTask(task)
        const output = new TextEncoder().encode('made up\n')
        const resultHash = sha256(new Uint8Array([...Buffer.from(numberToHex(0, { size: 4 }).slice(2), 'hex'), ...output]))
        return { ...honest, status: 'ok', exitCode: 0, output, resultHash }
      },
    })
    leases.open(1n, { customer: testCustomer.address, specHash: sha256Job.specHash, deviceId: nodes.nodes[0]!.deviceId })
    leases.open(2n, { customer: testCustomer.address, specHash: raytraceJob.specHash, deviceId: nodes.nodes[1]!.deviceId })
    leases.open(3n, { customer: testCustomer.address, specHash: sha256Job.specHash, deviceId: lazy.nodes[0]!.deviceId })
  })
  afterAll(async () => {
    await nodes.close()
    await lazy.close()
  })

  it('delivers a sha256 job, fetches outputs checked against their hashes and a local re-run, and counter-signs each', async () => {
    const url = nodes.nodes[0]!.url
    expect(await deliverJob(url, lease(1n, sha256Job), sha256Job, testCustomer)).toEqual({ stored: true, tasks: 3 })
    expect(await deliverJob(url, lease(1n, sha256Job), sha256Job, testCustomer)).toEqual({ stored: false, tasks: 3 })
    expect((await waitForTasks(url, 1n, { intervalMs: 20 })).map((t) => t.state)).toEqual(['done', 'done', 'done'])
    const { specHash, tasks } = await fetchResults(url, 1n, sha256Job.manifest, { verifySample: { module: sha256Job.module, inputs: sha256Job.inputs, tasks: [0, 2] } })
    expect(specHash).toBe(sha256Job.specHash)
    expect(tasks.map((t) => t.checked)).toEqual(['re-run', 'hash', 're-run'])
    expect(tasks.map((t) => Buffer.from(t.output!).toString())).toEqual(sha256Job.inputs.map((input) => `${createHash('sha256').update(input).digest('hex')}\n`))

    // A stranger's counter-signature is refused; the customer's are kept.
    const first = tasks[0]!
    expect(await codeOf(countersign(url, lease(1n, sha256Job), 0, { resultHash: first.resultHash!, fuelUsed: first.fuelUsed! }, testStranger))).toEqual([
      'PINION_ERR_COMPUTE_PROVIDER_REFUSED',
      'PINION_ERR_COMPUTE_USAGE_SIGNATURE',
    ])
    for (const t of tasks) await countersign(url, lease(1n, sha256Job), t.task, { resultHash: t.resultHash!, fuelUsed: t.fuelUsed! }, testCustomer)
    expect((await taskStates(url, 1n)).tasks.map((t) => t.countersigned)).toEqual([true, true, true])
  })

  it("refuses to send a job that is not the lease's, and the node refuses a job from anyone but the lease's customer", async () => {
    const url = nodes.nodes[0]!.url
    const swapped = { ...sha256Job, inputs: [sha256Job.inputs[1]!, sha256Job.inputs[0]!, sha256Job.inputs[2]!] }
    expect(await codeOf(deliverJob(url, lease(1n, sha256Job), swapped, testCustomer))).toEqual(['PINION_ERR_COMPUTE_CLIENT_JOB', undefined])
    expect(await codeOf(deliverJob(url, lease(3n, sha256Job), sha256Job, testStranger))).toEqual(['PINION_ERR_COMPUTE_PROVIDER_REFUSED', 'PINION_ERR_COMPUTE_NOT_OUR_LEASE'])
    expect(await codeOf(deliverJob(nodes.nodes[1]!.url, lease(2n, raytraceJob), raytraceJob, testStranger))).toEqual([
      'PINION_ERR_COMPUTE_PROVIDER_REFUSED',
      'PINION_ERR_COMPUTE_UNAUTHORIZED',
    ])
  })

  it('renders a 32 × 24 raytrace job in 2 bands on a provider and puts the PNG together', async () => {
    const url = nodes.nodes[1]!.url
    expect(await codeOf(fetchResults(url, 2n, raytraceJob.manifest))).toEqual(['PINION_ERR_COMPUTE_PROVIDER_REFUSED', 'PINION_ERR_COMPUTE_NO_JOB'])
    await deliverJob(url, lease(2n, raytraceJob), raytraceJob, testCustomer)
    await waitForTasks(url, 2n, { intervalMs: 20 })
    const { tasks } = await fetchResults(url, 2n, raytraceJob.manifest, { verifySample: { module: raytraceJob.module, inputs: raytraceJob.inputs, tasks: [1] } })
    const png = raytraceImage(tasks, raytrace)
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a')
    expect(Buffer.from(png).equals(Buffer.from(assembleImage(raytraceJob.inputs.map(renderReference), raytrace)))).toBe(true)
    expect(() => raytraceImage([{ ...tasks[0]! }, { ...tasks[1]!, state: 'pending', output: null }], raytrace)).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_COMPUTE_RESULTS_INCOMPLETE' }),
    )
  })

  it("catches a lazy provider's made-up output by re-running a sample, and says a provider that is down is unavailable", async () => {
    const url = lazy.nodes[0]!.url
    await deliverJob(url, lease(3n, sha256Job), sha256Job, testCustomer)
    await waitForTasks(url, 3n, { intervalMs: 20 })
    // Its outputs give the hashes it reports: only a re-run tells.
    expect((await fetchResults(url, 3n, sha256Job.manifest)).tasks.map((t) => t.checked)).toEqual(['hash', 'hash', 'hash'])
    const sampled = fetchResults(url, 3n, sha256Job.manifest, { verifySample: { module: sha256Job.module, inputs: sha256Job.inputs, tasks: [1] } })
    expect(await codeOf(sampled)).toEqual(['PINION_ERR_COMPUTE_RESULT_MISMATCH', undefined])
    await lazy.nodes[0]!.stop()
    expect(await codeOf(fetchResults(url, 3n, sha256Job.manifest, { timeoutMs: 2_000 }))).toEqual(['PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE', undefined])
  })
})
