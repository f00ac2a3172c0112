import { describe, expect, it } from 'vitest'
import { runTask } from './runTask.ts'
import { runTaskInWorker } from './runTaskInWorker.ts'
import { command } from './testing/wat.ts'

const task = (module: Uint8Array, fuel: bigint) => ({ module, input: new Uint8Array(0), fuel, memoryPages: 1, seed: new Uint8Array(0) })

describe('runTaskInWorker', () => {
  it('gives the same run as runTask, and terminates a run that passes its wall-clock timeout', async () => {
    const hello = command('(call $write (i32.const 1) (i32.const 100) (i32.const 5))', { extra: '(data (i32.const 100) "hello")' })
    // Fuel for years: only the timeout ends it.
    const endless = command('(loop $l (br $l))')
    const [ran, timedOut] = await Promise.all([runTaskInWorker(task(hello, 1000n), { timeoutMs: 30_000 }), runTaskInWorker(task(endless, 2n ** 62n), { timeoutMs: 100 })])
    expect(ran).toEqual(runTask(task(hello, 1000n)))
    expect(timedOut).toEqual({ status: 'timeout', error: expect.objectContaining({ code: 'WALL_TIME_EXCEEDED' }) })
  })
})
