import { PinionError } from '@pinion/protocol'

/**
 * Throws the error every kind's parseParams gives for a bad parameter: the field, what was
 * expected, and what was given (bigints with their `n`, strings quoted, missing values as "nothing").
 */
export function invalidParam(name: string, value: unknown, expected: string): never {
  throw new PinionError('PINION_ERR_KIND_PARAMS', `${name} must be ${expected}, got ${describeValue(value)}`)
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
    } catch {
      return 'an object'
    }
  }
  return String(value)
}
