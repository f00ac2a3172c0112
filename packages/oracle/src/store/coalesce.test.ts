import { describe, expect, it } from 'vitest'
import { coalesce } from './coalesce.ts'

describe('coalesce', () => {
  it('answers keys asked in one tick with one batch call, each with its value', async () => {
    const calls: number[][] = []
    const load = coalesce(async (keys: number[]) => {
      calls.push(keys)
      return new Map(keys.filter((k) => k !== 3).map((k) => [k, k * 10]))
    })
    expect(await Promise.all([load(1), load(2), load(1), load(3)])).toEqual([10, 20, 10, undefined])
    expect(calls).toEqual([[1, 2, 3]])
  })

  it('gathers keys asked while a batch runs into the next batch', async () => {
    const calls: number[][] = []
    let release = () => {}
    const load = coalesce(async (keys: number[]) => {
      calls.push(keys)
      if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve))
      return new Map(keys.map((k) => [k, k]))
    })
    const first = load(1)
    await Promise.resolve() // the first batch starts
    await Promise.resolve()
    const later = [load(2), load(3)]
    await Promise.resolve()
    const more = load(4)
    release()
    expect(await Promise.all([first, ...later, more])).toEqual([1, 2, 3, 4])
    expect(calls).toEqual([[1], [2, 3, 4]])
  })

  it('rejects every caller of a failed batch, and serves the next batch again', async () => {
    let fail = true
    const load = coalesce(async (keys: string[]) => {
      if (fail) throw new Error('down')
      return new Map(keys.map((k) => [k, k.length]))
    })
    expect((await Promise.allSettled([load('a'), load('bb')])).map((answer) => answer.status)).toEqual(['rejected', 'rejected'])
    fail = false
    expect(await load('ccc')).toBe(3)
  })
})
