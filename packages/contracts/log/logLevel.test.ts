import { describe, expect, it } from 'vitest'
import { LOG_LEVELS, LogLevelError, levelEnabled, parseLogLevel } from './logLevel.ts'

describe('parseLogLevel', () => {
  it('accepts every pino level and silent', () => {
    for (const level of LOG_LEVELS) expect(parseLogLevel(level)).toBe(level)
  })

  it('rejects anything else with PINION_ERR_LOG_LEVEL, naming the value and the levels', () => {
    for (const bad of ['verbose', 'INFO', '', ' info', '30']) {
      expect(() => parseLogLevel(bad)).toThrow(LogLevelError)
      try {
        parseLogLevel(bad)
      } catch (error) {
        expect((error as LogLevelError).code).toBe('PINION_ERR_LOG_LEVEL')
        expect((error as Error).message).toContain(`"${bad}"`)
        expect((error as Error).message).toContain('trace, debug, info, warn, error, fatal, silent')
      }
    }
  })
})

describe('levelEnabled', () => {
  it('follows pino order; silent lets nothing through', () => {
    expect(levelEnabled('debug', 'info')).toBe(false)
    expect(levelEnabled('info', 'info')).toBe(true)
    expect(levelEnabled('warn', 'info')).toBe(true)
    expect(levelEnabled('fatal', 'silent')).toBe(false)
    expect(levelEnabled('trace', 'trace')).toBe(true)
  })
})
