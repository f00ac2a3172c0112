import type { PinionError } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  acrossFields,
  bigintAtLeast,
  describeProblem,
  group,
  integer,
  list,
  paramsJsonSchema,
  paramsProblems,
  parseIssues,
  parseWithSchema,
  schemaDefaults,
  unknownKeyIssue,
} from './paramsSchema.ts'

const schema = group({
  count: integer(1, 10).default(3),
  windowMs: bigintAtLeast(1n, 'a positive integer number of milliseconds', { decimalStrings: true }).default(60_000n),
  band: group({ low: integer(0, 100).default(10), high: integer(0, 100).default(90) })
    .check(
      acrossFields((band, problem) => {
        if (band.high <= band.low) problem(['high'], band.high, `greater than low (${band.low})`)
      }),
    )
    .prefault({}),
  'odd-key': list(z.string({ error: 'a word' }), 0, 'a list of words').default(() => []),
})

const failure = (input: unknown) => {
  try {
    parseWithSchema('test', schema, input)
  } catch (error) {
    return error as PinionError
  }
  throw new Error('no error')
}

describe('kind parameter schemas', () => {
  it('fill in defaults, in groups too, and take bigints as bigints, numbers or decimal strings', () => {
    expect(schemaDefaults(schema)).toEqual({ count: 3, windowMs: 60_000n, band: { low: 10, high: 90 }, 'odd-key': [] })
    expect(Object.isFrozen(schemaDefaults(schema).band)).toBe(true)
    expect(parseWithSchema('test', schema, { windowMs: '5', band: { low: 20 } })).toEqual({ count: 3, windowMs: 5n, band: { low: 20, high: 90 }, 'odd-key': [] })
    expect(parseWithSchema('test', schema, { windowMs: 5 }).windowMs).toBe(5n)
  })

  it('fail with PINION_ERR_KIND_PARAMS naming the path, what was given and what was expected, the zod error as cause', () => {
    const error = failure({ count: 11 })
    expect(error.code).toBe('PINION_ERR_KIND_PARAMS')
    expect(error.message).toBe('Invalid test params: count is 11, expected an integer from 1 to 10')
    expect(error.cause).toBeInstanceOf(z.ZodError)
    expect(failure(7).message).toBe('Invalid test params: got 7, expected an object')
    expect(failure({ windowMs: 0n }).message).toBe('Invalid test params: windowMs is 0n, expected a positive integer number of milliseconds')
    expect(failure({ windowMs: '-1' }).message).toBe('Invalid test params: windowMs is "-1", expected a positive integer number of milliseconds')
    expect(failure({ band: { hi: 1 } }).message).toBe('Invalid test params: band.hi is an unknown key, expected one of low, high')
    expect(failure({ 'odd-key': ['a', 2] }).message).toBe('Invalid test params: ["odd-key"][1] is 2, expected a word')
  })

  it('apply rules across fields to the values with defaults filled in, and only once the fields parse', () => {
    expect(failure({ band: { low: 95 } }).message).toBe('Invalid test params: band.high is 90, expected greater than low (95)')
    expect(failure({ band: { low: 101 } }).message).toBe('Invalid test params: band.low is 101, expected an integer from 0 to 100')
  })

  it('name every problem, the first five of them', () => {
    expect(failure({ count: 0, windowMs: 0, band: 'wide', x: 1 }).message).toBe(
      'Invalid test params: count is 0, expected an integer from 1 to 10; windowMs is 0, expected a positive integer number of milliseconds; ' +
        'band is "wide", expected an object; x is an unknown key, expected one of count, windowMs, band, odd-key',
    )
    expect(failure({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }).message).toMatch(/; e is an unknown key, expected one of count, windowMs, band, odd-key; and 2 more$/)
  })

  it('suggest the known key nearest an unknown one, when it is near enough to be a slip', () => {
    expect(failure({ windowMS: 5 }).message).toBe('Invalid test params: windowMS is an unknown key, expected one of count, windowMs, band, odd-key (did you mean `windowMs`?)')
    expect(failure({ cuont: 5 }).message).toBe('Invalid test params: cuont is an unknown key, expected one of count, windowMs, band, odd-key (did you mean `count`?)')
    expect(failure({ band: { hgh: 5 } }).message).toBe('Invalid test params: band.hgh is an unknown key, expected one of low, high (did you mean `high`?)')
    expect(failure({ size: 5 }).message).toBe('Invalid test params: size is an unknown key, expected one of count, windowMs, band, odd-key')
  })

  it('turn issues into problems of three sorts: an unknown key, a rule across fields, a value', () => {
    const input = { count: 0, band: { low: 95 }, extra: 1 }
    const sorts = (value: unknown) => paramsProblems(parseIssues(schema, value), value).map((p) => [p.sort, describeProblem(p)])
    expect(sorts(input)).toEqual([
      ['value', 'count is 0, expected an integer from 1 to 10'],
      ['rule', 'band.high is 90, expected greater than low (95)'],
      ['unknown-key', 'extra is an unknown key, expected one of count, windowMs, band, odd-key'],
    ])
    // A rule's own unknown name (a record's key, the path's last), with what it should have named.
    const fruit = z.record(z.string(), z.number()).check(
      z.superRefine((basket, ctx) => {
        for (const name of Object.keys(basket)) if (!['apple', 'pear'].includes(name)) ctx.addIssue(unknownKeyIssue([name], 'fruit', 'apple or pear', ['apple', 'pear']))
      }),
    )
    const basket = { aple: 2, pear: 1 }
    expect(paramsProblems(parseIssues(fruit, basket), basket)).toEqual([
      { path: ['aple'], given: { value: 2 }, expected: 'apple or pear (did you mean `apple`?)', sort: 'unknown-key', unknown: 'fruit' },
    ])
    expect(describeProblem(paramsProblems(parseIssues(fruit, basket), basket)[0]!)).toBe('aple is an unknown fruit, expected apple or pear (did you mean `apple`?)')
  })

  it('read as JSON Schema: bigints as integers (or decimal strings), their defaults as numbers, no other keys', () => {
    expect(paramsJsonSchema(schema)).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
        windowMs: {
          anyOf: [
            { type: 'integer', minimum: 1 },
            { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
          ],
          default: 60_000,
        },
        band: {
          type: 'object',
          properties: { low: { type: 'integer', minimum: 0, maximum: 100, default: 10 }, high: { type: 'integer', minimum: 0, maximum: 100, default: 90 } },
          additionalProperties: false,
          default: {},
        },
        'odd-key': { type: 'array', items: { type: 'string' }, minItems: 0, default: [] },
      },
      additionalProperties: false,
    })
  })
})
