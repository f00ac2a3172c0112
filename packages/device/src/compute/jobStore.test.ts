import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256TestJob, testCustomer } from '@pinion/testkit/compute/providerNodes'
import { afterEach, describe, expect, it } from 'vitest'
import { openJobStore } from './jobStore.ts'

const job = sha256TestJob(2, 9)
const newJob = (leaseId: bigint) => ({ leaseId, customer: testCustomer.address, specHash: job.specHash, manifestBytes: job.manifest, module: job.module, inputs: job.inputs })
const run = { status: 'ok' as const, exitCode: 0, fuelUsed: 10n, output: new Uint8Array([1, 2, 3]), log: new Uint8Array([4]) }

describe('compute job store', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-jobs-'))
    dirs.push(dir)
    return dir
  }

  it('drops a job whose write never completed, keeps whole ones, and forgets a removed one across a restart', () => {
    const dir = folder()
    const store = openJobStore(dir)
    expect([store.putJob(newJob(1n)), store.putJob(newJob(1n)), store.putJob(newJob(2n))]).toEqual(['stored', 'already-held', 'stored'])
    // A crash mid-write leaves a temporary folder behind.
    mkdirSync(join(dir, 'compute', 'leases', '.3.crashed.tmp'))
    expect(store.remove(2n)).toBe(true)
    const again = openJobStore(dir)
    expect(again.leaseIds()).toEqual([1n])
    expect(readdirSync(join(dir, 'compute', 'leases'))).toEqual(['1'])
    expect(Buffer.from(again.input(1n, 1)).equals(Buffer.from(job.inputs[1]!))).toBe(true)
  })

  it('refuses to run or serve bytes the disk changed: a module, an input or an output that no longer hash to their ids', () => {
    const dir = folder()
    const store = openJobStore(dir)
    store.putJob(newJob(1n))
    const resultHash = '0x7d6f0f1b5bb0b0f6f4c0c5f3b0d1a5c1e3a2d4b6c8e0f2a4b6c8d0e2f4a6b8c0'
    // A result whose hash is not its output's: reading the output back is refused.
    store.recordResult(1n, 0, { ...run, resultHash })
    const leaseFolder = join(dir, 'compute', 'leases', '1')
    writeFileSync(join(leaseFolder, 'module.wasm'), Buffer.from('not the module'))
    writeFileSync(join(leaseFolder, 'input-1.bin'), Buffer.from('not the input'))
    const codeOf = (read: () => unknown) => {
      try {
        read()
        return 'read'
      } catch (error) {
        return (error as { code?: string }).code
      }
    }
    expect([codeOf(() => store.module(1n)), codeOf(() => store.input(1n, 1)), codeOf(() => store.output(1n, 0)), codeOf(() => store.input(1n, 0))]).toEqual([
      'PINION_ERR_COMPUTE_STORE_CORRUPT',
      'PINION_ERR_COMPUTE_STORE_CORRUPT',
      'PINION_ERR_COMPUTE_STORE_CORRUPT',
      'read',
    ])
    // A task record that is not JSON makes the store refuse to open rather than guess.
    writeFileSync(join(leaseFolder, 'task-0.json'), '{ torn')
    expect(codeOf(() => openJobStore(dir))).toBe('PINION_ERR_COMPUTE_STORE_CORRUPT')
  })
})
