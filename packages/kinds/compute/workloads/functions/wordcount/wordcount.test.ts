import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../src/seededRandom.ts'
import { workloadWasm } from '../../index.ts'
import { runWasi } from '../../testing/runWasi.ts'
import { wordCountReference } from './reference.ts'

const wasm = workloadWasm('wordcount')
const text = (value: string) => new TextEncoder().encode(value)
const run = (input: Uint8Array) => runWasi(wasm, input)

describe('the wordcount function', () => {
  it('counts lower-cased ASCII words, most frequent first, ties in byte order', () => {
    const input = text('3\nThe cat and THE dog; the Cat! a-b 42 42 b\n')
    const expected = '{"words":12,"distinct":7,"top":[["the",3],["42",2],["b",2]]}\n'
    expect(Buffer.from(run(input).stdout).toString()).toBe(expected)
    expect(Buffer.from(wordCountReference(input)).toString()).toBe(expected)
  })

  it('writes the same bytes as its plain TypeScript reference', () => {
    const random = seededRandom(16)
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${(i * 7919) % 3001}${'x'.repeat(i % 5)}`)
    const words = Array.from({ length: 40_000 }, () => vocabulary[Math.floor(random() ** 3 * vocabulary.length)]!)
    const cases = ['1\n', '5\n   ', '1000\nCafé naïve CAFÉ: façade, 3.14 — 3-14\tx\r\ny', `10\n${words.join(' ')}`, `1000\n${words.join('\n')}`, `0007\n${'ab '.repeat(5000)}AB ba`]
    for (const value of cases) {
      const input = text(value)
      const result = run(input)
      expect(result.exitCode).toBe(0)
      expect(Buffer.from(result.stdout).toString()).toBe(Buffer.from(wordCountReference(input)).toString())
    }
    // Bytes that are not UTF-8 separate words like any other non-ASCII byte.
    const binary = Uint8Array.from({ length: 5000 }, () => Math.floor(random() * 256))
    const input = Uint8Array.of(...text('50\n'), ...binary)
    expect(Buffer.from(run(input).stdout).equals(wordCountReference(input))).toBe(true)
  })

  it('refuses a missing or out-of-range count with exit code 1, as the reference throws', () => {
    for (const value of ['', 'ten\nwords', '0\nwords', '1001\nwords', '10000\nwords', '00001\nwords', '12', ' 5\nwords', '5 \nwords']) {
      const result = run(text(value))
      expect([value, result.exitCode, result.stdout.length]).toEqual([value, 1, 0])
      expect(result.stderr).toContain('the first line must be the number of words wanted')
      expect(() => wordCountReference(text(value))).toThrow(expect.objectContaining({ code: 'PINION_ERR_COMPUTE_WORKLOAD' }))
    }
  })
})
