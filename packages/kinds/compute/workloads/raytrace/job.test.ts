import { readFileSync } from 'node:fs'
import { crc32, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { workloadWasm } from '../index.ts'
import { runWasi } from '../testing/runWasi.ts'
import { DEFAULT_RAYTRACE_JOB, assembleImage, raytraceJob } from './job.ts'
import { parseRaytraceTask } from './task.ts'

/** The pixels of a PNG that encodePng wrote (8-bit RGB, filter 1 on every row), its CRCs checked. */
function decodePng(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a')
  let offset = 8
  let width = 0
  let height = 0
  const idat: Uint8Array[] = []
  while (offset < png.length) {
    const length = view.getUint32(offset)
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1')
    const data = png.subarray(offset + 8, offset + 8 + length)
    expect(view.getUint32(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)))
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8)
      height = view.getUint32(offset + 12)
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0])
    } else if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 3 + 1)]).toBe(1)
    for (let i = 0; i < width * 3; i++) rgb[y * width * 3 + i] = raw[y * (width * 3 + 1) + 1 + i]! + (i >= 3 ? rgb[y * width * 3 + i - 3]! : 0)
  }
  return { width, height, rgb }
}

describe('raytrace jobs', () => {
  it('split the image into bands of whole rows that cover every row once, in order', () => {
    const tasks = raytraceJob({ width: 50, height: 23, bands: 7, samples: 2, seed: 9 }).map(parseRaytraceTask)
    expect(tasks.map(({ firstRow, rows }) => [firstRow, rows])).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
      [9, 4],
      [13, 3],
      [16, 3],
      [19, 4],
    ])
    expect(tasks.every((task) => task.width === 50 && task.height === 23 && task.samples === 2 && task.seed === 9)).toBe(true)
    expect(raytraceJob(DEFAULT_RAYTRACE_JOB).map((input) => parseRaytraceTask(input).rows)).toEqual([30, 30, 30, 30, 30, 30, 30, 30])
  })

  it('refuse more bands than rows', () => {
    expect(() => raytraceJob({ width: 4, height: 3, bands: 4, samples: 1, seed: 0 })).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    expect(() => raytraceJob({ width: 4, height: 3, bands: 0, samples: 1, seed: 0 })).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
  })

  it('assemble the bands into a PNG of the whole image', () => {
    const outputs = [Uint8Array.of(1, 2, 3, 4, 5, 6), Uint8Array.of(7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)]
    const png = assembleImage(outputs, { width: 2, height: 3 })
    expect(decodePng(png)).toEqual({ width: 2, height: 3, rgb: Uint8Array.from({ length: 18 }, (_, i) => i + 1) })
    expect(Buffer.from(assembleImage(outputs, { width: 2, height: 3 })).equals(png)).toBe(true)
  })

  it('refuse outputs that do not fit their bands', () => {
    const band = new Uint8Array(6)
    for (const outputs of [[], [band, new Uint8Array(11)], [band, new Uint8Array(13)]]) {
      expect(() => assembleImage(outputs, { width: 2, height: 3 })).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    }
  })

  it('example.png is the default job, rendered by the workload task by task', () => {
    const wasm = workloadWasm('raytrace')
    const outputs = raytraceJob(DEFAULT_RAYTRACE_JOB).map((input) => runWasi(wasm, input).stdout)
    const rendered = decodePng(assembleImage(outputs, DEFAULT_RAYTRACE_JOB))
    const example = decodePng(new Uint8Array(readFileSync(new URL('./example.png', import.meta.url))))
    expect([example.width, example.height]).toEqual([320, 240])
    expect(Buffer.from(example.rgb).equals(rendered.rgb)).toBe(true)
  })
})
