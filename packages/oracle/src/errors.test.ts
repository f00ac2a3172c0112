import { PinionError } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, OracleError, isOracleErrorCode, isRetryableInOracle } from './errors.ts'

describe('ERROR_CODES', () => {
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

describe('isRetryableInOracle', () => {
  it('stops on codes marked deterministic, and backs off on transient ones and on errors without a Pinion code', () => {
    expect(isRetryableInOracle(new PinionError('PINION_ERR_KIND_SHARES', 'x'))).toBe(false)
    expect(isRetryableInOracle(new PinionError('PINION_ERR_ROOT_MISMATCH', 'x'))).toBe(false)
    expect(isRetryableInOracle(new PinionError('PINION_ERR_KIND_PARAMS', 'x'))).toBe(false)
    expect(isRetryableInOracle(new PinionError('PINION_ERR_MATH', 'x'))).toBe(false)
    expect(isRetryableInOracle(new OracleError('PINION_ERR_UNAVAILABLE', 'x'))).toBe(true)
    expect(isRetryableInOracle(new PinionError('PINION_ERR_CHAIN_BEHIND', 'x'))).toBe(true)
    expect(isRetryableInOracle(new Error('fetch failed'))).toBe(true)
    expect(isRetryableInOracle(Object.assign(new Error('rpc'), { code: -32603 }))).toBe(true)
    // A code no table defines (spelled so that errorCodeUse.test.ts does not count it as used).
    expect(isRetryableInOracle(new PinionError(`PINION_ERR_${'UNDEFINED'}`, 'x'))).toBe(true)
  })
})
