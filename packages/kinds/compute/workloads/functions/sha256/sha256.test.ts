import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../src/seededRandom.ts'
import { workloadWasm } from '../../index.ts'
import { runWasi } from '../../testing/runWasi.ts'
import { sha256Reference } from './reference.ts'

const wasm = workloadWasm('sha256')
const expected = (input: Uint8Array) => `${createHash('sha256').update(input).digest('hex')}\n`

describe('the sha256 function', () => {
  it("hashes FIPS 180-4's examples", () => {
    const abc = new TextEncoder().encode('abc')
    expect(Buffer.from(runWasi(wasm, abc).stdout).toString()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n')
    expect(Buffer.from(runWasi(wasm, new Uint8Array(0)).stdout).toString()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n')
  })

  it('agrees with node:crypto and with its plain TypeScript reference at every padding boundary and beyond', () => {
    const random = seededRandom(256)
    const lengths = [...Array.from({ length: 130 }, (_, i) => i), 4095, 4096, 4097, 65_536 * 3 + 17, 1 << 20]
    for (const length of lengths) {
      const input = Uint8Array.from({ length }, () => Math.floor(random() * 256))
      const run = runWasi(wasm, input)
      expect([length, run.exitCode, Buffer.from(run.stdout).toString()]).toEqual([length, 0, expected(input)])
      expect([length, Buffer.from(sha256Reference(input)).toString()]).toEqual([length, expected(input)])
    }
  })
})
