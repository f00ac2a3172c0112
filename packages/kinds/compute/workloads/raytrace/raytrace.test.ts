import { describe, expect, it } from 'vitest'
import { workloadWasm } from '../index.ts'
import { runNodeWasi } from '../testing/runNodeWasi.ts'
import { runWasi } from '../testing/runWasi.ts'
import { DEFAULT_RAYTRACE_JOB, raytraceJob } from './job.ts'
import { renderReference } from './reference.ts'
import { encodeRaytraceTask } from './task.ts'

const wasm = workloadWasm('raytrace')

describe('the raytrace workload', () => {
  it('renders the same bytes as its plain TypeScript reference', () => {
    const inputs = raytraceJob(DEFAULT_RAYTRACE_JOB)
    // The sky band, the spheres' band and the floor's; and an odd-sized image with another seed.
    for (const input of [inputs[0]!, inputs[3]!, inputs[7]!, encodeRaytraceTask({ seed: 0xffffffff, width: 37, height: 23, firstRow: 5, rows: 13, samples: 3 })]) {
      const run = runWasi(wasm, input)
      expect(run.exitCode).toBe(0)
      expect(run.stdout.length).toBe(input[14]! * new DataView(input.buffer).getUint16(8, true) * 3)
      expect(Buffer.from(run.stdout).equals(renderReference(input))).toBe(true)
    }
  })

  it('depends on the seed, and on nothing but its input', () => {
    const task = { seed: 7, width: 40, height: 30, firstRow: 10, rows: 10, samples: 2 }
    const first = runWasi(wasm, encodeRaytraceTask(task)).stdout
    expect(Buffer.from(runWasi(wasm, encodeRaytraceTask(task)).stdout).equals(first)).toBe(true)
    expect(Buffer.from(runWasi(wasm, encodeRaytraceTask({ ...task, seed: 8 })).stdout).equals(first)).toBe(false)
  })

  it("keeps the standard WASI ABI: Node's own WASI gets the same bytes", () => {
    const input = encodeRaytraceTask({ seed: 3, width: 24, height: 16, firstRow: 4, rows: 8, samples: 2 })
    const run = runNodeWasi(wasm, input)
    expect(run.exitCode).toBe(0)
    expect(Buffer.from(run.stdout).equals(renderReference(input))).toBe(true)
  })

  it('refuses a bad header with exit code 1 and a message on stderr, as the reference throws', () => {
    const good = encodeRaytraceTask({ seed: 1, width: 8, height: 8, firstRow: 0, rows: 8, samples: 1 })
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /20-byte header, got 0 bytes/],
      [new Uint8Array(4096), /input is longer than 20 bytes/],
      [Uint8Array.of(0, ...good.subarray(1)), /not a RAY1 header/],
      [Uint8Array.of(...good.subarray(0, 14), 9, 0, ...good.subarray(16)), /rows must be at least 1 and end within the image/],
      [Uint8Array.of(...good.subarray(0, 16), 0, 0, 0, 0), /samples must be 1 to 4096/],
      [Uint8Array.of(...good.subarray(0, 18), 1, 0), /unknown scene 1/],
    ]
    for (const [input, message] of cases) {
      const run = runWasi(wasm, input)
      expect([run.exitCode, run.stdout.length]).toEqual([1, 0])
      expect(run.stderr).toMatch(message)
      expect(() => renderReference(input)).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    }
  })
})
