import pg from 'pg'

/**
 * What `Db.query` returns for each PostgreSQL type, the same on PGlite and on PostgreSQL (the two
 * drivers disagree by default: PGlite gives int8 as number or bigint depending on size, pg gives
 * bytea as Buffer and numeric[] as floats). One convention, so code and tests never branch on the
 * backend:
 *
 * | column type                         | JavaScript value                                   |
 * |-------------------------------------|----------------------------------------------------|
 * | bigint (int8), numeric(…)           | string, the exact decimal (parse with `BigInt`)    |
 * | bigint[], numeric[]                 | string[]                                           |
 * | integer, smallint                   | number                                             |
 * | bytea                               | Uint8Array (a plain one, never a Buffer)           |
 * | bytea[]                             | Uint8Array[]                                       |
 * | boolean                             | boolean                                            |
 * | text, varchar                       | string                                             |
 * | json, jsonb                         | the parsed value                                   |
 * | null                                | null                                               |
 *
 * Strings for int8 and numeric because token amounts are uint256 and no JavaScript number may
 * carry money; `count(*)` is int8 too, so it arrives as a string.
 *
 * Parameters: pass bigint (sent as its decimal text), string, number, boolean, Uint8Array (bytea),
 * arrays of those (cast the parameter, e.g. `$1::numeric[]`), or null.
 */
const TYPE_OIDS = {
  bytea: 17,
  int8: 20,
  numeric: 1700,
  byteaArray: 1001,
  textArray: 1009,
  int8Array: 1016,
  numericArray: 1231,
} as const

const keepText = (value: string): string => value

/** A Buffer as a plain Uint8Array (a copy: Node's small Buffers are views into a shared slab). */
const plainBytes = (buffer: Uint8Array): Uint8Array => new Uint8Array(buffer)

/**
 * PGlite parsers (by type oid) that apply the convention above. bytea is PGlite's own convention
 * already, but its parser and serializer go through one string per byte: Node's hex codec is
 * about 20× faster, which matters when ingest stores hundreds of reports per statement.
 */
export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: keepText,
  [TYPE_OIDS.numeric]: keepText,
  [TYPE_OIDS.bytea]: (value) => plainBytes(Buffer.from(value.slice(2), 'hex')),
}

/** PGlite serializers (by type oid): bytea as \\x-hex through Node's codec (see above). */
export const pgliteSerializers: Record<number, (value: unknown) => string> = {
  [TYPE_OIDS.bytea]: (value) => {
    if (!(value instanceof Uint8Array)) throw new TypeError(`a bytea parameter must be a Uint8Array, got ${typeof value}`)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
  },
}

/** pg `types` config (per pool, not the process-global registry) that applies the convention above. */
export function postgresTypes(): pg.CustomTypesConfig {
  // pg-types' TypeId enum leaves out array oids; the parsers exist all the same.
  const parserOf = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => unknown
  const textArray = parserOf(TYPE_OIDS.textArray, 'text') as (value: string) => (string | null)[]
  const bytea = parserOf(TYPE_OIDS.bytea, 'text') as (value: string) => Buffer
  const byteaArray = parserOf(TYPE_OIDS.byteaArray, 'text') as (value: string) => (Buffer | null)[]
  const overrides = new Map<number, (value: string) => unknown>([
    [TYPE_OIDS.int8, keepText],
    [TYPE_OIDS.numeric, keepText],
    [TYPE_OIDS.int8Array, textArray],
    [TYPE_OIDS.numericArray, textArray],
    [TYPE_OIDS.bytea, (value) => plainBytes(bytea(value))],
    [TYPE_OIDS.byteaArray, (value) => byteaArray(value).map((item) => (item === null ? null : plainBytes(item)))],
  ])
  const getTypeParser = (oid: number, format: 'text' | 'binary' = 'text') => (format === 'text' ? overrides.get(oid) : undefined) ?? parserOf(oid, format)
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] }
}
