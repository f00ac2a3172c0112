import type { FastifyRequest } from 'fastify'
import { invalidValue } from './errorPlugin.ts'

/*
 * JSON Schemas for the read API's path parameters and query strings, validated by Fastify (its
 * ajv) before a handler runs. Conventions, for every route:
 *
 * - Every path parameter and query value has a schema from here; every string has a maxLength.
 * - Names carry the error code a bad value answers with (errorPlugin.ts, FIELD_CODES): `epoch`
 *   (path or query) → PINION_ERR_BAD_EPOCH, `deviceId` → PINION_ERR_BAD_DEVICE_ID, `address` →
 *   PINION_ERR_BAD_ADDRESS, `resolution` → PINION_ERR_BAD_RESOLUTION, `dealId` →
 *   PINION_ERR_BAD_DEAL_ID; any other query value → PINION_ERR_BAD_QUERY. A new parameter of one
 *   of these kinds reuses the name and the schema.
 * - Each value schema has a `description` that completes "expected …": error messages quote it.
 * - Query strings are `querySchema(…)`: unknown keys are dropped before the handler sees them
 *   (Fastify's ajv runs with removeAdditional), and defaults are filled in, so handlers read
 *   numbers, never strings. Integer query values must be written in plain decimal digits
 *   (strictIntegerQuery, a hook registerApi adds), which ajv's coercion alone does not ensure.
 * - An epoch is a decimal string (it does not fit a JS number); handlers turn it into a bigint with
 *   parseEpoch (context.ts), which also checks the upper bound JSON Schema cannot compare.
 */

/**
 * Epochs are uint64 on chain, but the store keeps them in signed 64-bit columns (PostgreSQL and
 * PGlite `bigint`), so the API serves epochs 0 to 2^63 − 1: a larger one could never be stored.
 */
export const MAX_EPOCH = 2n ** 63n - 1n

/** A whole number without leading zeros, at most 19 digits (2^63 − 1 has 19). */
const EPOCH_PATTERN = '^(0|[1-9][0-9]{0,18})$'

export const epochSchema = {
  type: 'string',
  pattern: EPOCH_PATTERN,
  maxLength: 19,
  description: `a whole number from 0 to ${MAX_EPOCH} (2^63 − 1)`,
} as const

export const deviceIdSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{64}$',
  maxLength: 66,
  description: '32 bytes of hex: 0x and 64 hex digits',
} as const

export const addressSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{40}$',
  maxLength: 42,
  description: 'an address: 0x and 40 hex digits',
} as const

/** A storage deal's id, StorageMarket's uint256 in decimal: at most 78 digits (2^256 − 1 has 78), no leading zeros. */
export const dealIdSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,77})$',
  maxLength: 78,
  description: 'a deal id: a whole number from 0 to 2^256 − 1, without leading zeros',
} as const

/** H3 has resolutions 0 (continents) to 15 (about 1 m²). https://h3geo.org/docs/core-library/restable */
export function resolutionSchema(fallback: number) {
  return { type: 'integer', minimum: 0, maximum: 15, default: fallback, description: 'an H3 resolution, a whole number from 0 to 15' } as const
}

/** How many rows a list answers: 1 to `maximum` (a route's own bound on the work one request costs), `fallback` when absent. */
export function limitSchema(fallback: number, maximum: number) {
  return { type: 'integer', minimum: 1, maximum, default: fallback, description: `a whole number from 1 to ${maximum}` } as const
}

/** The largest offset a list accepts: far beyond any list the oracle keeps, well inside a safe JS integer. */
const MAX_OFFSET = 1_000_000_000

/** How many rows a list skips. */
const offsetSchema = {
  type: 'integer',
  minimum: 0,
  maximum: MAX_OFFSET,
  default: 0,
  description: `a whole number from 0 to ${MAX_OFFSET}`,
} as const

type Properties = Record<string, Readonly<Record<string, unknown>>>

/** The schema of a route's path parameters: each one required, no others. */
export function paramsSchema<properties extends Properties>(properties: properties) {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } as const
}

/** The schema of a route's query string: each value optional (defaults fill in), unknown keys dropped. */
export function querySchema<properties extends Properties>(properties: properties) {
  return { type: 'object', properties, additionalProperties: false } as const
}

/** The one query every list of pages takes. */
export function pageQuery(fallback: number, maximum: number) {
  return querySchema({ limit: limitSchema(fallback, maximum), offset: offsetSchema })
}

/** What a page query gives a handler once validated (defaults filled in). */
export type PageQuery = { limit: number; offset: number }

/** How an integer query value must be written: decimal digits, no sign, no leading zero, at most 16 digits. */
const DECIMAL_DIGITS = /^(0|[1-9][0-9]{0,15})$/

/**
 * A preValidation hook: every query value the route's schema types as an integer is plain decimal
 * digits. ajv coerces query strings to integers loosely: "Infinity" passes (and then skips
 * `maximum`), as do " 5", "0x10", "1e1", "1.0" and "-0". Values given twice are refused here too.
 */
export async function strictIntegerQuery(request: FastifyRequest): Promise<void> {
  const querystring = request.routeOptions.schema?.querystring as { properties?: Record<string, { type?: unknown }> } | undefined
  if (querystring?.properties === undefined) return
  const query = request.query as Record<string, unknown>
  for (const [field, schema] of Object.entries(querystring.properties)) {
    const value = query[field]
    if (schema.type !== 'integer' || value === undefined) continue
    if (typeof value !== 'string' || !DECIMAL_DIGITS.test(value)) throw invalidValue(request, 'querystring', field)
  }
}
