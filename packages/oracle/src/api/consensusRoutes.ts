import type { FastifyInstance } from 'fastify'
import type { Hex } from 'viem'
import { manifestToJson } from '../consensus/manifest.ts'
import { proposalToJson } from '../consensus/proposal.ts'
import { OracleError } from '../errors.ts'
import { encodeReportBatch } from '../ingest/wire.ts'
import { loadManifest, loadProposal, reportsByIds } from '../store/consensus.ts'
import { type ApiContext, decimal, parseAddress, parseDeviceId, parseEpoch } from './context.ts'
import { attestationsOf } from '../service/attestation.ts'
import { attestationsResponse, equivocationsResponse } from './responseSchemas.ts'
import { addressSchema, deviceIdSchema, epochSchema, paramsSchema, querySchema } from './schemas.ts'

/** Ids one POST /v1/reports/by-id may ask for. */
const MAX_IDS_PER_REQUEST = 10_000

/** An oracle-set version: the distributor's uint32. */
const versionSchema = { type: 'integer', minimum: 0, maximum: 0xffff_ffff, description: 'an oracle-set version, a whole number from 0 to 4294967295' } as const
const epochParams = paramsSchema({ epoch: epochSchema })
const versionQuery = querySchema({ version: versionSchema })

/**
 * What oracles ask of each other to agree on an epoch's inputs (docs/oracle-consensus.md), and what
 * anyone fetches to replay an epoch. Every answer is read-only and idempotent.
 */
export function registerConsensusRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // This oracle's own manifest of an epoch: made once, when the epoch sealed.
  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch/manifest', { schema: { params: epochParams } }, async (request) => {
    const epoch = parseEpoch(request.params.epoch)
    const manifest = await loadManifest(db, epoch, context.oracle)
    if (manifest === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_SEALED', `this oracle has not sealed epoch ${epoch} yet`)
    return manifestToJson(manifest)
  })

  // Any oracle's manifest this oracle holds (its own, or a peer's it checked): a proposal's
  // manifests can be had from whoever adopted it.
  app.get<{ Params: { epoch: string; address: string } }>(
    '/v1/epochs/:epoch/manifests/:address',
    { schema: { params: paramsSchema({ epoch: epochSchema, address: addressSchema }) } },
    async (request) => {
      const epoch = parseEpoch(request.params.epoch)
      const oracle = parseAddress(request.params.address)
      const manifest = await loadManifest(db, epoch, oracle)
      if (manifest === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_SEALED', `this oracle holds no manifest of ${oracle} for epoch ${epoch}`)
      return manifestToJson(manifest)
    },
  )

  // The proposal this oracle made or adopted for an epoch under an oracle-set version.
  app.get<{ Params: { epoch: string }; Querystring: { version?: number } }>(
    '/v1/epochs/:epoch/proposal',
    { schema: { params: epochParams, querystring: versionQuery } },
    async (request) => {
      const epoch = parseEpoch(request.params.epoch)
      const version = request.query.version ?? 0
      const proposal = await loadProposal(db, epoch, version)
      if (proposal === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `this oracle has no proposal for epoch ${epoch} at version ${version}`)
      return proposalToJson(proposal)
    },
  )

  // This oracle's root signature for an epoch (under `version`, default its latest).
  app.get<{ Params: { epoch: string }; Querystring: { version?: number } }>(
    '/v1/epochs/:epoch/signature',
    { schema: { params: epochParams, querystring: versionQuery } },
    async (request) => {
      const epoch = parseEpoch(request.params.epoch)
      const version = request.query.version
      const { rows } = await db.query<{ version: number; root: Hex; signature: Hex; total_cumulative: string; inputs_hash: Hex; params_hash: Hex }>(
        `select version, root, signature, total_cumulative, inputs_hash, params_hash from root_signatures
        where epoch = $1 and oracle = $2 and ($3::integer is null or version = $3) and total_cumulative is not null
        order by version desc limit 1`,
        [epoch.toString(), context.oracle.toLowerCase(), version ?? null],
      )
      const row = rows[0]
      if (row === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `this oracle has not signed epoch ${epoch}`)
      return {
        oracle: context.oracle,
        epoch: epoch.toString(),
        version: row.version,
        root: row.root,
        totalCumulative: decimal(row.total_cumulative),
        inputsHash: row.inputs_hash,
        paramsHash: row.params_hash,
        signature: row.signature,
      }
    },
  )

  // What this oracle signed for an epoch besides its root, under an oracle-set version: its receipt
  // settlement and slash orders. Peers gather these to reach a quorum (service/attestation.ts).
  app.get<{ Params: { epoch: string }; Querystring: { version?: number } }>(
    '/v1/epochs/:epoch/attestations',
    { schema: { params: epochParams, querystring: versionQuery, response: { 200: attestationsResponse } } },
    async (request) => {
      const epoch = parseEpoch(request.params.epoch)
      const version = request.query.version ?? 0
      const attestations = await attestationsOf(db, epoch, version, context.oracle)
      return { epoch: epoch.toString(), version, attestations: attestations.map(({ subject, oracle, digest, signature }) => ({ subject, oracle, digest, signature })) }
    },
  )

  // An epoch's inputs, the exact bytes this oracle stored: once computed, its agreed input set
  // (what the signed inputsHash covers, and what anyone replays); sealed but not yet computed, the
  // reports of its own manifest.
  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch/inputs', { schema: { params: epochParams } }, async (request, reply) => {
    const epoch = parseEpoch(request.params.epoch)
    const computed = await db.query<{ report_id: Hex }>('select report_id from epoch_inputs where epoch = $1 order by report_id', [epoch.toString()])
    const known = await db.query('select 1 from epochs where epoch = $1', [epoch.toString()])
    let ids: Hex[]
    if (known.rows.length > 0) ids = computed.rows.map((row) => row.report_id)
    else {
      const manifest = await loadManifest(db, epoch, context.oracle)
      if (manifest === undefined) throw new OracleError('PINION_ERR_EPOCH_NOT_SEALED', `epoch ${epoch} still accepts reports here`)
      ids = manifest.ids
    }
    const bytes = await reportsByIds(db, ids)
    const reports = ids.map((id) => bytes.get(id)).filter((b): b is Uint8Array => b !== undefined)
    return reply.type('application/x-protobuf').send(Buffer.from(encodeReportBatch(reports)))
  })

  // Evidence that a device equivocated: its reports with one sequence and different bodies, each
  // with its exact signed bytes, so anyone can check both signatures.
  const equivocations = { params: paramsSchema({ deviceId: deviceIdSchema }), response: { 200: equivocationsResponse } }
  app.get<{ Params: { deviceId: string } }>('/v1/devices/:deviceId/equivocations', { schema: equivocations }, async (request) => {
    const deviceId = parseDeviceId(request.params.deviceId)
    const { rows } = await db.query<{ epoch: string; sequence: string; report_ids: Hex[] }>(
      `select epoch, sequence, array_agg(report_id order by report_id) as report_ids from verdicts
        where device_id = $1 and reason = 'DEVICE_EQUIVOCATED'
        group by epoch, sequence having count(*) > 1 order by epoch, sequence`,
      [deviceId],
    )
    const bytes = await reportsByIds(
      db,
      rows.flatMap((row) => row.report_ids),
    )
    return {
      deviceId,
      equivocations: rows.map((row) => ({
        epoch: decimal(row.epoch),
        sequence: decimal(row.sequence),
        reports: row.report_ids.map((id) => ({ reportId: id, signed: bytes.has(id) ? `0x${Buffer.from(bytes.get(id)!).toString('hex')}` : null })),
      })),
    }
  })

  // Reports by id: what a peer asks for to complete an input set. Body: the ids, 32 bytes each.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_IDS_PER_REQUEST * 32 }, (_request, body, done) => done(null, body))
    scope.post('/v1/reports/by-id', async (request, reply) => {
      const body = request.body as Buffer | undefined
      if (body === undefined || body.length % 32 !== 0) throw new OracleError('PINION_ERR_BAD_REQUEST', 'the body must be report ids, 32 bytes each')
      const ids: Hex[] = []
      for (let at = 0; at < body.length; at += 32) ids.push(`0x${body.subarray(at, at + 32).toString('hex')}`)
      const bytes = await reportsByIds(db, ids)
      return reply.type('application/x-protobuf').send(Buffer.from(encodeReportBatch([...bytes.values()])))
    })
  })
}
