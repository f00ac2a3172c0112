import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal, parseEpoch } from './context.ts'
import { epochDetailResponse, epochsResponse } from './responseSchemas.ts'
import { epochSchema, limitSchema, paramsSchema, querySchema } from './schemas.ts'
import { OracleError } from '../errors.ts'

type EpochRow = Record<string, unknown>

const epochListSchemas = { querystring: querySchema({ limit: limitSchema(50, 500) }), response: { 200: epochsResponse } }
const epochDetailSchemas = { params: paramsSchema({ epoch: epochSchema }), response: { 200: epochDetailResponse } }

/** The words for where an epoch's rewards stand (`rootState`), shared by every reader of the API. */
const ROOT_STATES = { committed: 'committed', later: 'in a later root', pending: 'pending' } as const

/** The latest epoch whose root went on chain, or null. */
async function latestCommittedEpoch(db: ApiContext['db']): Promise<bigint | null> {
  const { rows } = await db.query<{ latest: unknown }>('select max(epoch) as latest from epochs where committed_tx is not null')
  const latest = rows[0]?.latest
  return latest === null || latest === undefined ? null : BigInt(decimal(latest))
}

function epochJson(row: EpochRow, latestCommitted: bigint | null) {
  const committed = Boolean(row.committed_tx)
  const coveredLater = latestCommitted !== null && BigInt(decimal(row.epoch)) < latestCommitted
  return {
    epoch: decimal(row.epoch),
    startMs: decimal(row.start_ms),
    endMs: decimal(row.end_ms),
    endBlock: row.end_block === null || row.end_block === undefined ? null : decimal(row.end_block),
    entropy: row.entropy,
    inputsHash: row.inputs_hash,
    paramsHash: row.params_hash,
    emission: decimal(row.emission),
    root: row.root,
    totalCumulative: decimal(row.total_cumulative),
    reports: Number(row.report_count),
    validReports: Number(row.valid_count),
    devices: Number(row.device_count),
    committed: committed ? { transaction: row.committed_tx, block: decimal(row.committed_block) } : null,
    rootState: committed ? ROOT_STATES.committed : coveredLater ? ROOT_STATES.later : ROOT_STATES.pending,
  }
}

export function registerEpochRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  app.get<{ Querystring: { limit: number } }>('/v1/epochs', { schema: epochListSchemas }, async (request) => {
    const [{ rows }, latest] = await Promise.all([db.query('select * from epochs order by epoch desc limit $1', [request.query.limit]), latestCommittedEpoch(db)])
    return { epochs: rows.map((row) => epochJson(row, latest)) }
  })

  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch', { schema: epochDetailSchemas }, async (request) => {
    const epoch = parseEpoch(request.params.epoch).toString()
    const { rows } = await db.query('select * from epochs where epoch = $1', [epoch])
    if (rows[0] === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `epoch ${epoch} has not been computed`)
    const [pools, signatures] = await Promise.all([
      db.query('select pool, basis_points, allocation, paid, remainder, total_weight from pool_allocations where epoch = $1 order by pool', [epoch]),
      db.query<{ oracle: string; version: number; root: string; signature: string }>(
        'select oracle, version, root, signature from root_signatures where epoch = $1 order by version, oracle',
        [epoch],
      ),
    ])
    const stored = rows[0].rules
    return {
      ...epochJson(rows[0], await latestCommittedEpoch(db)),
      rules: (typeof stored === 'string' ? JSON.parse(stored) : (stored ?? {})) as Record<string, number>,
      paramsDocument: Number(rows[0].params_document),
      pools: pools.rows.map((p) => ({
        pool: p.pool,
        basisPoints: Number(p.basis_points),
        allocation: decimal(p.allocation),
        paid: decimal(p.paid),
        remainder: decimal(p.remainder),
        totalWeight: decimal(p.total_weight),
      })),
      signatures: signatures.rows,
    }
  })
}
