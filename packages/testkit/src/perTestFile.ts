import { expect } from 'vitest'

/**
 * State for a test fixture that starts fresh in every test file. The suite runs files one after
 * another in shared workers (vitest's isolate: false), so a fixture's module is loaded once for
 * many files; a plain module-level counter would make a file's device ids, and so its bytes,
 * depend on which files ran before it. Keyed by the running file, each file sees the state it
 * would see alone.
 */
export function perTestFile<state>(fresh: () => state): () => state {
  let file: string | undefined
  let current: state | undefined
  return () => {
    const running = expect.getState().testPath ?? ''
    if (current === undefined || running !== file) {
      file = running
      current = fresh()
    }
    return current
  }
}
