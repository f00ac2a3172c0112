import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson.ts'

describe('canonicalJson', () => {
  it('sorts keys at every depth, writes bigints as strings, and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3n, 'x', true, null], c: undefined } })).toBe('{"a":{"d":["3","x",true,null]},"b":1}')
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }))
    expect(canonicalJson('é"\n')).toBe('"é\\"\\n"')
    expect(canonicalJson(-0)).toBe('0')
  })

  it('refuses floats, functions and class instances, naming where', () => {
    expect(() => canonicalJson({ a: [1, 0.5] })).toThrow('$.a[1] is 0.5; canonical JSON takes a safe integer (use a bigint or basis points)')
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f is function')
    expect(() => canonicalJson({ m: new Map() })).toThrow('$.m is an instance of a class; canonical JSON takes plain data')
  })
})
