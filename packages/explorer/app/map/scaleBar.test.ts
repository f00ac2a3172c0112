import { describe, expect, it } from 'vitest'
import { scaleBar } from './scaleBar.ts'

describe('scaleBar', () => {
  it('picks the longest round distance that fits', () => {
    expect(scaleBar(7)).toEqual({ label: '10 km', px: 70 })
    expect(scaleBar(0.03)).toEqual({ label: '2,000 km', px: 60 })
    expect(scaleBar(400)).toEqual({ label: '200 m', px: 80 })
  })
})
