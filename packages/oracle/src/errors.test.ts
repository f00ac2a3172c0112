import { readFile } from 'node:fs/promises'
import { PinionError } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, OracleError, isOracleErrorCode } from './errors.ts'

describe('ERROR_CODES', () => {
  it('lists exactly the codes and statuses that ERRORS.md documents', async () => {
    const doc = await readFile(new URL('../ERRORS.md', import.meta.url), 'utf8')
    const documented = [...doc.matchAll(/^\| `(PINION_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])])
    const table = Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status])
    expect(documented).toEqual(table)
  })

  it('maps each code to a 4xx or 5xx status and a description', () => {
    for (const { status, description } of Object.values(ERROR_CODES)) {
      expect(status).toBeGreaterThanOrEqual(400)
      expect(status).toBeLessThan(600)
      expect(description.length).toBeGreaterThan(10)
    }
  })
})

describe('OracleError', () => {
  it('is a PinionError carrying its code, status, message and cause', () => {
    const cause = new Error('root')
    const error = new OracleError('PINION_ERR_REPLAYED_SEQUENCE', 'sequence 3 is not above 7', { cause })
    expect(error).toBeInstanceOf(PinionError)
    expect(error).toMatchObject({ name: 'OracleError', code: 'PINION_ERR_REPLAYED_SEQUENCE', status: 409, message: 'sequence 3 is not above 7', cause })
    expect(isOracleErrorCode('PINION_ERR_BAD_SIGNATURE')).toBe(true)
    expect(isOracleErrorCode('PINION_ERR_KEY_TYPE')).toBe(false)
    expect(isOracleErrorCode('toString')).toBe(false)
  })
})
