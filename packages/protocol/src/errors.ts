/**
 * The base of every error Pinion throws on purpose. `code` is stable (documented, never reused) so
 * that services map it to a status and callers branch on it; the message names the offending value
 * and what was expected.
 */
export class PinionError extends Error {
  override readonly name: string = 'PinionError'
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
