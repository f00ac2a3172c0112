import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FIXTURE_NOW_MS,
  ALICE,
  type ApiFixture,
  BOB,
  NEIGHBOUR_DEVICE,
  REASONS,
  UNLOCATED_DEVICE,
  ZURICH_CELL,
  ZURICH_CELL_RES7,
  ZURICH_DEVICE,
  getJson,
  startApiFixture,
} from '../../../testkit/src/oracle/apiFixture.ts'

// The routes the explorer reads besides the core API, over one seeded store (see apiFixture.ts).
let api: ApiFixture
beforeAll(async () => {
  api = await startApiFixture()
})
afterAll(() => api.close())

describe('GET /v1/reasons', () => {
  it('serves every reason code the network knows, in words', async () => {
    expect(await getJson(api.app, '/v1/reasons')).toEqual({ status: 200, body: { reasons: REASONS } })
  })
})

describe('GET /v1/epochs', () => {
  it("says in one word where each epoch's rewards stand: its own root on chain, or a later one's (roots are cumulative)", async () => {
    const { body } = await getJson<{ epochs: { epoch: string; rootState: string }[] }>(api.app, '/v1/epochs')
    expect(body.epochs.map((e) => [e.epoch, e.rootState])).toEqual([
      ['1', 'committed'],
      ['0', 'in a later root'],
    ])
    expect((await getJson<{ rootState: string }>(api.app, '/v1/epochs/0')).body.rootState).toBe('in a later root')
  })
})

describe('GET /v1/emissions', () => {
  it('gives each epoch its emission, the emission so far, the total earned and the devices that reported validly', async () => {
    const { body } = await getJson<{ epochs: unknown[] }>(api.app, '/v1/emissions')
    expect(body.epochs).toEqual([
      { epoch: '0', emission: '1000', emitted: '1000', totalCumulative: '900', reportingDevices: 1, committed: false },
      { epoch: '1', emission: '800', emitted: '1800', totalCumulative: '1700', reportingDevices: 2, committed: true },
    ])
  })

  it('keeps the running total over epochs left out by the limit', async () => {
    const { body } = await getJson<{ epochs: { epoch: string; emitted: string }[] }>(api.app, '/v1/emissions?limit=1')
    expect(body.epochs).toMatchObject([{ epoch: '1', emitted: '1800' }])
  })
})

describe('GET /v1/activity', () => {
  it('counts the devices that reported within the last epoch length', async () => {
    const { body } = await getJson<Record<string, unknown>>(api.app, '/v1/activity')
    expect(body).toMatchObject({ windowMs: '60000', onlineDevices: 2, recentReports: 2 })
    expect(body.lastReportMs).toBe(String(FIXTURE_NOW_MS - 1_000))
  })
})

describe('GET /v1/coverage', () => {
  it('groups located devices into their ancestor cells at the requested resolution', async () => {
    const { status, body } = await getJson(api.app, '/v1/coverage?resolution=7')
    expect(status).toBe(200)
    expect(body).toEqual({
      resolution: 7,
      epoch: '1',
      located: 2,
      unlocated: 1,
      cells: [{ cell: ZURICH_CELL_RES7, devices: 2, active: 1, reporting: 1, earning: 1, earned: '500', deviceIds: [ZURICH_DEVICE, NEIGHBOUR_DEVICE] }],
    })
  })

  it('keeps devices apart at their own resolution', async () => {
    const { body } = await getJson<{ cells: { cell: string; devices: number }[] }>(api.app, '/v1/coverage?resolution=12')
    expect(body.cells.map((c) => [c.cell, c.devices])).toEqual([
      [ZURICH_CELL.toString(16), 1],
      ['8c1f8ed9519bbff', 1],
    ])
  })

  it('rejects a resolution H3 does not have, with a stable code', async () => {
    const { status, body } = await getJson(api.app, '/v1/coverage?resolution=16')
    expect(status).toBe(400)
    expect(body).toMatchObject({ code: 'PINION_ERR_BAD_RESOLUTION' })
  })
})

describe('GET /v1/devices/:id/epochs', () => {
  it('lists every computed epoch with valid and invalid reports, reasons in words and pool amounts', async () => {
    const { body } = await getJson(api.app, `/v1/devices/${ZURICH_DEVICE}/epochs`)
    expect(body).toEqual({
      deviceId: ZURICH_DEVICE,
      epochs: [
        { epoch: '0', validReports: 1, invalidReports: 0, invalidReasons: [], pools: { uptime: '900' }, amount: '900' },
        {
          epoch: '1',
          validReports: 1,
          invalidReports: 1,
          invalidReasons: [{ reason: 'NOT_ENOUGH_HEARTBEATS', reasonText: REASONS.NOT_ENOUGH_HEARTBEATS, count: 1 }],
          pools: { uptime: '500' },
          amount: '500',
        },
      ],
    })
  })

  it('shows a device that earned nothing with its reasons', async () => {
    const { body } = await getJson<{ epochs: Record<string, unknown>[] }>(api.app, `/v1/devices/${NEIGHBOUR_DEVICE}/epochs?limit=1`)
    expect(body.epochs).toEqual([
      { epoch: '1', validReports: 0, invalidReports: 2, invalidReasons: [{ reason: 'BAD_SIGNATURE', reasonText: REASONS.BAD_SIGNATURE, count: 2 }], pools: {}, amount: '0' },
    ])
  })

  it('answers 404 with a stable code for a device that is not registered', async () => {
    const { status, body } = await getJson(api.app, `/v1/devices/0x${'ff'.repeat(32)}/epochs`)
    expect(status).toBe(404)
    expect(body).toMatchObject({ code: 'PINION_ERR_DEVICE_NOT_FOUND' })
  })
})

describe('GET /v1/epochs/:n/recipients', () => {
  it("lists the epoch's tree leaves, largest first, with what each gained in the epoch", async () => {
    const { body } = await getJson(api.app, '/v1/epochs/1/recipients')
    expect(body).toEqual({
      epoch: '1',
      total: 2,
      recipients: [
        { recipient: ALICE, cumulativeAmount: '1400', earnedInEpoch: '500' },
        { recipient: BOB, cumulativeAmount: '300', earnedInEpoch: '300' },
      ],
    })
  })

  it('pages with limit and offset', async () => {
    const { body } = await getJson<{ total: number; recipients: { recipient: string }[] }>(api.app, '/v1/epochs/1/recipients?limit=1&offset=1')
    expect(body.total).toBe(2)
    expect(body.recipients.map((r) => r.recipient)).toEqual([BOB])
  })

  it('answers 404 for an epoch that was not computed', async () => {
    const { status, body } = await getJson(api.app, '/v1/epochs/7/recipients')
    expect(status).toBe(404)
    expect(body).toMatchObject({ code: 'PINION_ERR_EPOCH_NOT_FOUND' })
  })
})

describe('unlocated devices', () => {
  it('are counted on the map but not drawn', async () => {
    const { body } = await getJson<{ cells: { deviceIds: string[] }[] }>(api.app, '/v1/coverage')
    expect(body.cells.flatMap((c) => c.deviceIds)).not.toContain(UNLOCATED_DEVICE)
  })
})

describe('GET /v1/devices and /v1/devices/:id', () => {
  it('give each device the kinds of its reports, sorted, and none before its first report', async () => {
    const { body } = await getJson<{ devices: { deviceId: string; kinds: string[] }[] }>(api.app, '/v1/devices')
    expect(Object.fromEntries(body.devices.map((d) => [d.deviceId, d.kinds]))).toEqual({
      [ZURICH_DEVICE]: ['uptime', 'wireless'],
      [NEIGHBOUR_DEVICE]: [],
      [UNLOCATED_DEVICE]: ['uptime'],
    })
    const device = await getJson<{ kinds: string[] }>(api.app, `/v1/devices/${ZURICH_DEVICE}`)
    expect(device.body.kinds).toEqual(['uptime', 'wireless'])
  })

  it('lists the locations asserted since the latest registration, with their block and time', async () => {
    const { body } = await getJson<{ locations: unknown[] }>(api.app, `/v1/devices/${ZURICH_DEVICE}`)
    expect(body.locations).toEqual([{ cell: ZURICH_CELL.toString(), antennaGain: 12, elevation: -3, locationNonce: 1, block: '2', timeMs: '24000' }])
  })
})
