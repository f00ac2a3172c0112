import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from './main.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('pinion-explorer --log-level', () => {
  it('refuses a level that is not one, with PINION_ERR_LOG_LEVEL, before starting anything', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)))
    expect(await main(['--oracle-url', 'http://127.0.0.1:1', '--rpc-url', 'http://127.0.0.1:1', '--log-level', 'loud'])).toBe(2)
    expect(errors.join('\n')).toContain('PINION_ERR_LOG_LEVEL: --log-level "loud" is not a log level; expected one of trace, debug, info, warn, error, fatal, silent')
  })
})
