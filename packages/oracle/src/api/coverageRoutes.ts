import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal } from './context.ts'
import { cellToHex, parentCell } from './h3Cells.ts'
import { coverageResponse } from './responseSchemas.ts'
import { querySchema, resolutionSchema } from './schemas.ts'

/** The resolution maps start at: a cell is about 5 km² (H3 resolution 7). */
const DEFAULT_RESOLUTION = 7
/** Device ids listed per cell, enough to click through from a sparse cell to its devices. */
const DEVICE_IDS_PER_CELL = 20

type CellAggregate = {
  cell: string
  devices: number
  active: number
  reporting: number
  earning: number
  earned: bigint
  deviceIds: string[]
}

export function registerCoverageRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // Coverage for maps: located devices grouped into H3 cells at `?resolution=` (their asserted
  // cells, or those cells' ancestors when coarser), with how many are active, reported validly and
  // earned in the latest computed epoch, and what they earned in it.
  const schema = { querystring: querySchema({ resolution: resolutionSchema(DEFAULT_RESOLUTION) }), response: { 200: coverageResponse } }
  app.get<{ Querystring: { resolution: number } }>('/v1/coverage', { schema }, async (request) => {
    const { resolution } = request.query
    const latest = (await db.query<{ epoch: unknown }>('select max(epoch) as epoch from epochs')).rows[0]?.epoch
    const epoch = latest === null || latest === undefined ? null : decimal(latest)
    const [devices, unlocated] = await Promise.all([
      db.query<{ device_id: string; location: string; suspended: boolean; retired: boolean; reporting: boolean; earned: unknown }>(
        `select d.device_id, d.location, d.suspended, d.retired,
                exists (select 1 from verdicts v where v.epoch = $1 and v.device_id = d.device_id and v.valid) as reporting,
                coalesce(s.amount, 0) as earned
           from devices d
           left join (select device_id, sum(amount) as amount from shares where epoch = $1 group by device_id) s on s.device_id = d.device_id
          where d.location is not null order by d.device_id`,
        [epoch ?? '-1'],
      ),
      db.query<{ n: unknown }>('select count(*) as n from devices where location is null'),
    ])
    const cells = new Map<bigint, CellAggregate>()
    for (const device of devices.rows) {
      const cell = parentCell(BigInt(device.location), resolution)
      let aggregate = cells.get(cell)
      if (aggregate === undefined) {
        aggregate = { cell: cellToHex(cell), devices: 0, active: 0, reporting: 0, earning: 0, earned: 0n, deviceIds: [] }
        cells.set(cell, aggregate)
      }
      const earned = BigInt(decimal(device.earned))
      aggregate.devices++
      if (!device.suspended && !device.retired) aggregate.active++
      if (device.reporting) aggregate.reporting++
      if (earned > 0n) aggregate.earning++
      aggregate.earned += earned
      if (aggregate.deviceIds.length < DEVICE_IDS_PER_CELL) aggregate.deviceIds.push(device.device_id)
    }
    return {
      resolution,
      epoch,
      located: devices.rows.length,
      unlocated: Number(unlocated.rows[0]?.n ?? 0),
      cells: [...cells.values()].map((c) => ({ ...c, earned: c.earned.toString() })),
    }
  })
}
