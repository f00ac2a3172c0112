import { describe, expect, it } from 'vitest'
import { labelEvery, linear, niceTicks } from './scale.ts'

describe('niceTicks', () => {
  it('covers the range with steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceTicks(0, 97)).toEqual([0, 25, 50, 75, 100])
    expect(niceTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(niceTicks(0, 10_000)).toEqual([0, 2500, 5000, 7500, 10_000])
    expect(niceTicks(0, 13)).toEqual([0, 5, 10, 15])
  })

  it('gives a usable axis for a flat or empty series', () => {
    expect(niceTicks(0, 0)).toEqual([0, 1])
    expect(niceTicks(5, 5)).toEqual([0, 2, 4, 6])
  })
})

describe('linear', () => {
  it('maps the domain onto the range, inverted ranges included', () => {
    const y = linear(0, 100, 200, 0)
    expect([y(0), y(50), y(100)]).toEqual([200, 100, 0])
  })
})

describe('labelEvery', () => {
  it('thins labels on narrow charts', () => {
    expect(labelEvery(10, 600)).toBe(1)
    expect(labelEvery(60, 300)).toBe(9)
  })
})
