import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { ReportBatchSchema, SignedReportSchema } from '@pinion/protocol'
import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal, parseEpoch } from './context.ts'
import { epochSchema, limitSchema, paramsSchema, querySchema } from './schemas.ts'
import { OracleError } from '../errors.ts'

type EpochRow = Record<string, unknown>

const epochParams = paramsSchema({ epoch: epochSchema })

export function epochJson(row: EpochRow) {
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
    committed: row.committed_tx ? { transaction: row.committed_tx, block: decimal(row.committed_block) } : null,
  }
}

export function registerEpochRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  app.get<{ Querystring: { limit: number } }>('/v1/epochs', { schema: { querystring: querySchema({ limit: limitSchema(50, 500) }) } }, async (request) => {
    const { rows } = await db.query('select * from epochs order by epoch desc limit $1', [request.query.limit])
    return { epochs: rows.map(epochJson) }
  })

  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch', { schema: { params: epochParams } }, async (request) => {
    const epoch = parseEpoch(request.params.epoch).toString()
    const { rows } = await db.query('select * from epochs where epoch = $1', [epoch])
    if (rows[0] === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `epoch ${epoch} has not been computed`)
    const [pools, signatures] = await Promise.all([
      db.query('select pool, basis_points, allocation, paid, remainder from pool_allocations where epoch = $1 order by pool', [epoch]),
      db.query<{ oracle: string; signature: string }>('select oracle, signature from root_signatures where epoch = $1 order by oracle', [epoch]),
    ])
    return {
      ...epochJson(rows[0]),
      pools: pools.rows.map((p) => ({ pool: p.pool, basisPoints: Number(p.basis_points), allocation: decimal(p.allocation), paid: decimal(p.paid), remainder: decimal(p.remainder) })),
      signatures: signatures.rows,
    }
  })

  // What peers fetch to check this oracle signed the same root.
  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch/signature', { schema: { params: epochParams } }, async (request) => {
    const epoch = parseEpoch(request.params.epoch).toString()
    const { rows } = await db.query(
      `select s.root, s.signature, e.total_cumulative, e.inputs_hash, e.params_hash
         from root_signatures s join epochs e on e.epoch = s.epoch where s.epoch = $1 and s.oracle = $2`,
      [epoch, context.oracle.toLowerCase()],
    )
    const row = rows[0]
    if (row === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `this oracle has not signed epoch ${epoch}`)
    return {
      oracle: context.oracle,
      epoch,
      root: row.root,
      totalCumulative: decimal(row.total_cumulative),
      inputsHash: row.inputs_hash,
      paramsHash: row.params_hash,
      signature: row.signature,
    }
  })

  // An epoch's inputs, exactly as signed: what peers merge into theirs and what anyone replays.
  // Once computed, the sealed set; before that (but after sealing), every report in the window.
  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch/inputs', { schema: { params: epochParams } }, async (request, reply) => {
    const epoch = parseEpoch(request.params.epoch)
    if (!context.isSealed(epoch)) throw new OracleError('PINION_ERR_EPOCH_NOT_SEALED', `epoch ${epoch} still accepts reports`)
    const computed = await db.query('select 1 from epochs where epoch = $1', [epoch.toString()])
    const window = context.windowOf(epoch)
    const { rows } =
      computed.rows.length > 0
        ? await db.query<{ signed: Uint8Array }>(
            `select r.signed from epoch_inputs i
               join reports r on r.device_id = i.device_id and r.sequence = i.sequence
              where i.epoch = $1 order by r.device_id, r.sequence`,
            [epoch.toString()],
          )
        : await db.query<{ signed: Uint8Array }>(
            'select signed from reports where timestamp_ms >= $1 and timestamp_ms < $2 order by device_id, sequence',
            [window.startMs.toString(), window.endMs.toString()],
          )
    const batch = create(ReportBatchSchema, { reports: rows.map((r) => fromBinary(SignedReportSchema, r.signed)) })
    return reply.type('application/x-protobuf').send(Buffer.from(toBinary(ReportBatchSchema, batch)))
  })
}
