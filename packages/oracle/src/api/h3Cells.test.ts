import { describe, expect, it } from 'vitest'
import { cellToHex, parentCell, resolutionOf } from './h3Cells.ts'

// Vectors from h3-js 4.4.0: latLngToCell(47.3769, 8.5417, 12) (Zürich) and
// latLngToCell(-33.8688, 151.2093, 9) (Sydney), with cellToParent at the resolutions below.
const zurich = 0x8c1f8ed9519b9ffn
const sydney = 0x89be0e35cbbffffn

describe('H3 cell maths', () => {
  it('reads the resolution from the index', () => {
    expect(resolutionOf(zurich)).toBe(12)
    expect(resolutionOf(sydney)).toBe(9)
  })

  it('finds the same parents as h3-js', () => {
    expect(cellToHex(parentCell(zurich, 7))).toBe('871f8ed95ffffff')
    expect(cellToHex(parentCell(zurich, 0))).toBe('801ffffffffffff')
    expect(cellToHex(parentCell(sydney, 4))).toBe('84be0e3ffffffff')
    expect(resolutionOf(parentCell(sydney, 4))).toBe(4)
  })

  it('leaves a cell as it is at its own or a finer resolution', () => {
    expect(parentCell(zurich, 12)).toBe(zurich)
    expect(parentCell(sydney, 15)).toBe(sydney)
  })
})
