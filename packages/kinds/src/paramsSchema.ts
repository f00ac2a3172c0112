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

/**
 * An object with exactly these fields: a key it does not know is an error, which names the known
 * keys and the nearest of them (`did you mean \`oracles\`?`).
 */
export function group<shape extends z.ZodRawShape>(shape: shape) {
  const keys = `one of ${Object.keys(shape).join(', ')}`
  KNOWN_KEYS.set(keys, Object.keys(shape))
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? keys : 'an object') })
}

/**
 * Every group's keys, by what its unknown-key error expects ("one of a, b, c"): a parse's issue keeps
 * only that message, and the suggestion needs the keys (groups with one message have the same keys).
 */
const KNOWN_KEYS = new Map<string, readonly string[]>()

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
  return z.superRefine<value>((value, ctx) => rule(value, (path, given, expected) => ctx.addIssue(ruleIssue(path, given, expected))), {
    when: (payload) => payload.issues.length === 0,
  })
}

/** Where a custom issue says which sort of problem it is (ParamsProblem's sort), and its details. */
const SORT = 'pinionProblem'

/** The issue of a rule across fields broken (acrossFields): a problem of sort "rule". */
export function ruleIssue(path: readonly PropertyKey[], given: unknown, expected: string) {
  return { code: 'custom' as const, path: [...path], input: given, message: expected, params: { [SORT]: 'rule' } }
}

/**
 * The issue of a key that names nothing known (a kind Pinion does not have, a behaviour its
 * simulator does not know): what the key should name (`what`: "kind"), what was expected, and the
 * `known` names the nearest is suggested from. A problem of sort "unknown-key".
 */
export function unknownKeyIssue(path: readonly PropertyKey[], what: string, expected: string, known: readonly string[]) {
  return { code: 'custom' as const, path: [...path], message: expected, params: { [SORT]: 'unknown-key', what, known } }
}

/** The parameters `schema` gives when config says nothing, frozen all the way down. */
export function schemaDefaults<schema extends z.ZodType>(schema: schema): ParamsOf<schema> {
  return deepFreeze(schema.parse({})) as ParamsOf<schema>
}

/**
 * Parses `input` (given: config said something) with the `kind`'s schema, or throws
 * PINION_ERR_KIND_PARAMS naming every problem (the first few): the field's path, what it was given
 * (bigints with their `n`, strings quoted) and what was expected. The zod error is its cause.
 */
export function parseWithSchema<schema extends z.ZodType>(kind: string, schema: schema, input: unknown): ParamsOf<schema> {
  const result = schema.safeParse(input, { reportInput: true, error: fallbackExpected })
  if (result.success) return result.data as ParamsOf<schema>
  const problems = paramsProblems(result.error.issues, input).map(describeProblem)
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ')
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `; and ${problems.length - MAX_PROBLEMS_SHOWN} more` : ''
  throw new PinionError('PINION_ERR_KIND_PARAMS', `Invalid ${kind} params: ${shown}${more}`, { cause: result.error })
}

const MAX_PROBLEMS_SHOWN = 5

/** Every issue of parsing `input` with `schema` (none when it parses), with the input each was given. */
export function parseIssues(schema: z.ZodType, input: unknown): readonly z.core.$ZodIssue[] {
  const result = schema.safeParse(input, { reportInput: true, error: fallbackExpected })
  return result.success ? [] : result.error.issues
}

/** The issues behind a kind's parse error (parseWithSchema's), or undefined for an error of another sort. */
export function issuesOfParamsError(error: unknown): readonly z.core.$ZodIssue[] | undefined {
  return error instanceof PinionError && error.cause instanceof z.ZodError ? error.cause.issues : undefined
}

/**
 * The error for parameters that parsed but do not fit where they are used (an epoch too short for
 * them), in the same words as a parse error: `Invalid ping params: responseWindowMs is 29998n, expected …`.
 */
export function invalidParams(kind: string, path: readonly PropertyKey[], given: unknown, expected: string): PinionError {
  return new PinionError('PINION_ERR_KIND_PARAMS', `Invalid ${kind} params: ${describeProblem({ path, given: { value: given }, expected, sort: 'value' })}`)
}

/**
 * One thing wrong with parameters (or with a network's config): the field's path, what was given
 * there (boxed; undefined where nothing was), what was expected, and its sort: a key that names
 * nothing known (`unknown` says what it should name: "key", "kind"…), a rule across fields broken,
 * or a field's own type or range.
 */
export type ParamsProblem = {
  readonly path: readonly PropertyKey[]
  readonly given: { readonly value: unknown } | undefined
  readonly expected: string
  readonly sort: 'unknown-key' | 'rule' | 'value'
  readonly unknown?: string
}

/**
 * The problems that zod's `issues` from parsing `input` stand for, one per unknown key: the one
 * place issues become Pinion's problems. An unknown key's expectation ends with the known key
 * nearest it, when one is near: "(did you mean `oracles`?)".
 */
export function paramsProblems(issues: readonly z.core.$ZodIssue[], input: unknown): ParamsProblem[] {
  return issues.flatMap((issue): ParamsProblem[] => {
    const path = issue.path ?? []
    if (issue.code === 'unrecognized_keys') {
      const known = KNOWN_KEYS.get(issue.message) ?? []
      return issue.keys.map((key) => ({
        path: [...path, key],
        given: valueAt(input, [...path, key]),
        expected: didYouMean(issue.message, key, known),
        sort: 'unknown-key',
        unknown: 'key',
      }))
    }
    // What config wrote at the path; where it wrote nothing (a default a rule across fields compared), what the schema saw.
    const given = valueAt(input, path) ?? ('input' in issue && issue.input !== undefined ? { value: issue.input } : undefined)
    const params = issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined
    if (params?.[SORT] === 'unknown-key') {
      const expected = didYouMean(issue.message, String(path.at(-1)), params.known as readonly string[])
      return [{ path, given, expected, sort: 'unknown-key', unknown: params.what as string }]
    }
    return [{ path, given, expected: issue.message, sort: params?.[SORT] === 'rule' ? 'rule' : 'value' }]
  })
}

/** `<path> is <given>, expected <expected>` (an unknown key: `<path> is an unknown key, expected …`), as every parameter and config error says it. */
export function describeProblem(problem: ParamsProblem): string {
  const { path, given, expected } = problem
  const shown = problem.unknown !== undefined ? `an unknown ${problem.unknown}` : given === undefined ? 'missing' : describeValue(given.value)
  return path.length === 0 ? `got ${shown}, expected ${expected}` : `${pathName(path)} is ${shown}, expected ${expected}`
}

/** `expected`, and the name in `known` nearest `given` when one is near (nearestName): "… (did you mean `oracles`?)". */
export function didYouMean(expected: string, given: string, known: readonly string[]): string {
  const near = nearestName(given, known)
  return near === undefined ? expected : `${expected} (did you mean \`${near}\`?)`
}

/**
 * The known name nearest `given`, when it is near enough to be a slip: the same but for case, or
 * within an edit distance (insert, delete, substitute, swap two neighbours) of a third of its
 * length, at least 1. A tie goes to the first known.
 */
function nearestName(given: string, known: readonly string[]): string | undefined {
  const budget = Math.max(1, Math.floor(given.length / 3))
  let best: { name: string; distance: number } | undefined
  for (const name of known) {
    if (name === given) continue
    const distance = name.toLowerCase() === given.toLowerCase() ? 0 : editDistance(given, name)
    if (distance <= budget && (best === undefined || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1)
      d[i]![j] = value
    }
  }
  return d[a.length]![b.length]!
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

/** A path as config writes it: `kinds.uptime.required.fractionBps`, `pools["uptime.uptime"]`, `hexDensity[1].max`. */
export function pathName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : typeof key === 'string' && IDENTIFIER.test(key) ? `${i === 0 ? '' : '.'}${key}` : `[${JSON.stringify(String(key))}]`))
    .join('')
}

/** A value as an error shows it: bigints with their `n`, strings quoted, objects as JSON. */
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
