import { vi } from 'vitest'
import { main } from '../../../cli/src/main.ts'

/** Runs `pinion …args` in this process, as the binary would: its exit code and what it printed to stdout and stderr. */
export async function runPinion(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  try {
    const code = await main(['node', 'pinion', ...args])
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n'), err: error.mock.calls.map((c) => c.join(' ')).join('\n') }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}
