import { describe, expect, it } from 'vitest'
import { RAYTRACE_TASK_BYTES, encodeRaytraceTask, parseRaytraceTask } from './task.ts'

const TASK = { seed: 0xdeadbeef, width: 320, height: 240, firstRow: 30, rows: 30, samples: 16 }

describe('raytrace task headers', () => {
  it('are 20 little-endian bytes that parse back to the task', () => {
    const bytes = encodeRaytraceTask(TASK)
    expect(bytes.length).toBe(RAYTRACE_TASK_BYTES)
    expect(Buffer.from(bytes).toString('hex')).toBe('52415931' + 'efbeadde' + '4001' + 'f000' + '1e00' + '1e00' + '1000' + '0000')
    expect(parseRaytraceTask(bytes)).toEqual(TASK)
  })

  it('refuse tasks outside the image or the limits', () => {
    for (const task of [
      { ...TASK, seed: -1 },
      { ...TASK, seed: 2 ** 32 },
      { ...TASK, width: 0 },
      { ...TASK, height: 4097 },
      { ...TASK, rows: 0 },
      { ...TASK, firstRow: 211 },
      { ...TASK, samples: 0 },
      { ...TASK, samples: 1.5 },
    ]) {
      expect(() => encodeRaytraceTask(task)).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    }
  })

  it('refuse headers of the wrong size, magic or scene', () => {
    const bytes = encodeRaytraceTask(TASK)
    const otherScene = bytes.slice()
    otherScene[18] = 1
    const otherMagic = bytes.slice()
    otherMagic[0] = 0
    for (const input of [bytes.subarray(0, 19), Uint8Array.of(...bytes, 0), otherScene, otherMagic]) {
      expect(() => parseRaytraceTask(input)).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    }
  })
})
