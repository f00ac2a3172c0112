import { PinionError } from '@pinion/protocol'
import { z } from 'zod'

// What every kind's parameter schema (zod) shares: the field types config gives, each carrying the
// words an error shows after "expected"; strict groups (an unknown key is an error, not ignored);
// rules across fields; the JSON Schema docs can read; and the parse that turns a schema's complaints
// into one PinionError naming each offending field by its path, what it was given and what was
// expected: `Invalid uptime params: required.fractionBps is 12000, expected an integer from 1 to 10000`.

/** What a kind's parseParams returns for its schema: the schema's output, read-only all the way down. */
export type ParamsOf<schema extends z.ZodType> = DeepReadonly<z.output<schema>>

type DeepReadonly<value> = value extends object ? { readonly [key in keyof value]: DeepReadonly<value[key]> } : value

/** A whole number in [min, max] (a JavaScript number; min and max within the safe integers). */
export function integer(min: number, max: number) {
  const error = `an integer from ${min} to ${max}`
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

const DECIMAL = /^(0|[1-9][0-9]*)$/

/**
 * A bigint of at least `min`, given as a bigint or a safe-integer number, and with `decimalStrings`
 * also as a string of decimal digits (how a bigint survives JSON).
 */
export function bigintAtLeast(min: bigint, error: string, options: { decimalStrings: true }): ReturnType<typeof bigintFrom<bigint | number | string>>
export function bigintAtLeast(min: bigint, error: string, options: { decimalStrings: false }): ReturnType<typeof bigintFrom<bigint | number>>
export function bigintAtLeast(min: bigint, error: string, { decimalStrings }: { decimalStrings: boolean }) {
  const integer = { type: 'integer', minimum: Number(min) }
  return decimalStrings
    ? bigintFrom(min, error, z.union([z.bigint({ error }), z.int({ error }), z.string({ error }).regex(DECIMAL, { error })], { error }), {
        anyOf: [integer, { type: 'string', pattern: DECIMAL.source }],
      })
    : bigintFrom(min, error, z.union([z.bigint({ error }), z.int({ error })], { error }), integer)
}

function bigintFrom<given extends bigint | number | string>(min: bigint, error: string, schema: z.ZodType<given, given>, jsonSchema: Record<string, unknown>) {
  const field = schema.transform((value) => BigInt(value)).pipe(z.bigint().min(min, { error }))
  BIGINT_JSON_SCHEMAS.set(field, jsonSchema)
  return field
}

/** How each bigint field above reads in JSON Schema (which has no bigint): an integer, or decimal digits where allowed. */
const BIGINT_JSON_SCHEMAS = new WeakMap<object, Record<string, unknown>>()

/**
 * The JSON Schema (draft 2020-12) of what config may give a kind's schema, for docs and editors:
 * types, ranges, patterns, defaults, and no other keys. Bigints read as integers (or decimal strings
 * where the field takes them), and a default beyond the safe integers as its decimal digits; rules
 * across fields are in the kind's docs, not here.
 */
export function paramsJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const bigintField = BIGINT_JSON_SCHEMAS.get(zodSchema)
      if (bigintField !== undefined) {
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key]
        Object.assign(jsonSchema, bigintField)
      }
      const def = zodSchema._zod.def
      if (def.type === 'default') jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue, (_, v: unknown) => (typeof v === 'bigint' ? bigintInJson(v) : v)))
    },
  }) as Record<string, unknown>
}

/** A bigint as JSON Schema reads it: a number when it is a safe integer, else its decimal digits. */
const bigintInJson = (value: bigint): number | string => (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString())

/** An object with exactly these fields: a key it does not know is an error. */
export function group<shape extends z.ZodRawShape>(shape: shape) {
  const keys = `one of ${Object.keys(shape).join(', ')}`
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? keys : 'an object') })
}

/** An array of `item`s, at least `minLength` of them; `error` says what the list should be. */
export function list<item extends z.ZodType>(item: item, minLength: number, error: string) {
  return z.array(item, { error }).min(minLength, { error })
}

/** Reports a field that breaks a rule across fields: its path within the checked value, its value, what was expected. */
type Problem = (path: readonly (string | number)[], given: unknown, expected: string) => void

/**
 * A rule across the fields of a group or the items of a list (`schema.check(acrossFields(…))`),
 * applied to the parsed value (defaults filled in) once every field in it parsed.
 */
export function acrossFields<value>(rule: (value: value, problem: Problem) => void): z.core.$ZodCheck<value> {
  return z.superRefine<value>((value, ctx) => rule(value, (path, given, expected) => ctx.addIssue({ code: 'custom', path: [...path], input: given, message: expected })), {
    when: (payload) => payload.issues.length === 0,
  })
}

/** The parameters `schema` gives when config says nothing, frozen all the way down. */
export function schemaDefaults<schema extends z.ZodType>(schema: schema): ParamsOf<schema> {
  return deepFreeze(schema.parse({})) as ParamsOf<schema>
}

/**
 * Parses `input` (given: config said something) with the `kind`'s schema, or throws
 * PINION_ERR_KIND_PARAMS naming every problem (the first few): the field's path, what it was given
 * (bigints with their `n`, strings quoted) and what was expected.
 */
export function parseWithSchema<schema extends z.ZodType>(kind: string, schema: schema, input: unknown): ParamsOf<schema> {
  const result = schema.safeParse(input, { reportInput: true, error: fallbackExpected })
  if (result.success) return result.data as ParamsOf<schema>
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, input))
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ')
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : ''
  throw new PinionError('PINION_ERR_KIND_PARAMS', `Invalid ${kind} params: ${shown}${more}`, { cause: result.error })
}

const MAX_PROBLEMS_SHOWN = 5

/**
 * The error for parameters that parsed but do not fit where they are used (an epoch too short for
 * them), in the same words as a parse error: `Invalid ping params: responseWindowMs is 29998n, expected …`.
 */
export function invalidParams(kind: string, path: readonly PropertyKey[], given: unknown, expected: string): PinionError {
  return new PinionError('PINION_ERR_KIND_PARAMS', `Invalid ${kind} params: ${problem(path, { value: given }, expected)}`)
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${pathName([...issue.path, key])} is an unknown key, expected ${issue.message}`)
  // What config wrote at the path; where it wrote nothing (a default a rule across fields compared), what the schema saw.
  const given = valueAt(input, issue.path) ?? ('input' in issue && issue.input !== undefined ? { value: issue.input } : undefined)
  return [problem(issue.path, given, issue.message)]
}

function problem(path: readonly PropertyKey[], given: { value: unknown } | undefined, expected: string): string {
  if (path.length === 0) return `got ${describeValue(given?.value)}, expected ${expected}`
  return `${pathName(path)} is ${given === undefined ? 'missing' : describeValue(given.value)}, expected ${expected}`
}

/** The value at `path` in `input`, boxed, or undefined where `input` has nothing (or undefined) there. */
function valueAt(input: unknown, path: readonly PropertyKey[]): { value: unknown } | undefined {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !(key in value)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value === undefined ? undefined : { value }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

function pathName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : typeof key === 'string' && IDENTIFIER.test(key) ? `${i === 0 ? '' : '.'}${key}` : `[${JSON.stringify(String(key))}]`))
    .join('')
}

function describeValue(value: unknown): string {
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

/** What was expected, for an issue whose schema did not say (every field type above says). */
function fallbackExpected(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`
    case 'too_small':
      return `at least ${issue.minimum}`
    case 'too_big':
      return `at most ${issue.maximum}`
    default:
      return undefined
  }
}

function deepFreeze<value>(value: value): value {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}
