import { PinionError } from '@pinion/protocol'

/**
 * A canonical JSON encoding, so that the same parameters hash the same in every implementation:
 * object keys sorted (by UTF-16 code unit, as Array.prototype.sort does), no whitespace, bigints as
 * decimal strings, integers only (a float has no single canonical spelling across languages, and
 * nothing that decides money may be one), undefined object members left out.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$')
}

function encode(value: unknown, path: string): string {
  switch (typeof value) {
    case 'bigint':
      return `"${value.toString()}"`
    case 'number':
      if (!Number.isSafeInteger(value)) throw unsupported(path, `${value}`, 'a safe integer (use a bigint or basis points)')
      return Object.is(value, -0) ? '0' : String(value)
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[${value.map((item, i) => encode(item, `${path}[${i}]`)).join(',')}]`
      const prototype = Object.getPrototypeOf(value) as unknown
      if (prototype !== Object.prototype && prototype !== null) throw unsupported(path, 'an instance of a class', 'plain data')
      const members = Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${encode((value as Record<string, unknown>)[key], `${path}.${key}`)}`)
      return `{${members.join(',')}}`
    }
    default:
      throw unsupported(path, typeof value, 'plain data (objects, arrays, strings, integers, bigints, booleans, null)')
  }
}

function unsupported(path: string, given: string, expected: string): PinionError {
  return new PinionError('PINION_ERR_CANONICAL_JSON', `${path} is ${given}; canonical JSON takes ${expected}`)
}
