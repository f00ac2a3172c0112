import { ENDLESS_MODULE, computeJob, testCustomer, testLeases } from '@pinion/testkit/compute/providerNodes'
import type { Hex } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { signJobDelivery } from './jobAuthorization.ts'
import { openJobStore } from './jobStore.ts'
import { buildComputeProviderApp } from './providerServer.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const DEVICE = `0x${'c3'.repeat(32)}` as Hex
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

describe('a compute provider node against a hostile module (tasks run in workers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-provider-hostile-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('stops an endless loop with fuel for years by the wall-clock timeout, keeps answering meanwhile, and keeps no result of it', async () => {
    const forever = computeJob(ENDLESS_MODULE, [new Uint8Array([2])], { fuelPerTask: 2n ** 62n, memoryPages: 1 })
    const leases = testLeases()
    leases.open(2n, { customer: testCustomer.address, specHash: forever.specHash, deviceId: DEVICE })
    const { app, runner } = buildComputeProviderApp({ store: openJobStore(dir), deviceId: DEVICE, leaseOf: leases.leaseOf, taskTimeoutMs: 300 })
    try {
      const authorization = `Pinion-Job ${await signJobDelivery(testCustomer, { leaseId: 2n, specHash: forever.specHash })}`
      const payload = { manifest: base64(forever.manifest), module: base64(forever.module), inputs: forever.inputs.map(base64) }
      expect((await app.inject({ method: 'PUT', url: '/v1/leases/2/job', payload, headers: { authorization } })).statusCode).toBe(201)
      // The node keeps answering while the task runs.
      expect((await app.inject({ url: '/v1/health' })).json().status).toBe('ok')
      await runner.idle()
      const [task] = (await app.inject({ url: '/v1/leases/2/tasks' })).json().tasks
      expect(task).toMatchObject({ state: 'failed', error: { code: 'WALL_TIME_EXCEEDED' }, countersigned: false })
      expect(task.resultHash).toBeUndefined()
      expect((await app.inject({ url: '/v1/leases/2/tasks/0/output' })).json().code).toBe('PINION_ERR_COMPUTE_TASK_NOT_DONE')
    } finally {
      await app.close()
    }
  })
})
