import { describe, expect, it } from 'vitest'
import { WORLD_SIZE } from '../../shared/mercator.ts'
import { resolutionFor } from './resolution.ts'

describe('resolutionFor', () => {
  const equator = WORLD_SIZE / 2
  it('aggregates coarsely for the whole world and finely for a town', () => {
    expect(resolutionFor(1, equator)).toBe(0)
    expect(resolutionFor(2 ** 12, equator)).toBeGreaterThanOrEqual(7)
  })

  it('never asks for finer cells as the map zooms out', () => {
    let previous = Infinity
    for (let scale = 2 ** 14; scale >= 1; scale /= 2) {
      const resolution = resolutionFor(scale, equator)
      expect(resolution).toBeLessThanOrEqual(previous)
      previous = resolution
    }
  })
})
