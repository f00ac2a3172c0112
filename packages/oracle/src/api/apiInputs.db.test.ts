import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ALICE, type ApiFixture, ZURICH_DEVICE, getJson, startApiFixture } from '../../../testkit/src/oracle/apiFixture.ts'

/*
 * Every route of the read API against inputs it must refuse: each answers 4xx with its stable code
 * (ERRORS.md), never 500 and never Fastify's own error format. Over one seeded store (apiFixture.ts).
 */

let api: ApiFixture
beforeAll(async () => {
  api = await startApiFixture()
})
afterAll(() => api.close())

/** The largest epoch the store can hold: 2^63 − 1 (signed 64-bit columns). */
const MAX_EPOCH = '9223372036854775807'
const DEVICE = ZURICH_DEVICE

/** The routes that take an epoch, as a function of it. */
const EPOCH_ROUTES: [string, (epoch: string) => string][] = [
  ['/v1/epochs/:n', (n) => `/v1/epochs/${n}`],
  ['/v1/epochs/:n/signature', (n) => `/v1/epochs/${n}/signature`],
  ['/v1/epochs/:n/recipients', (n) => `/v1/epochs/${n}/recipients`],
  ['/v1/epochs/:n/inputs', (n) => `/v1/epochs/${n}/inputs`],
  ['/v1/devices/:id/epochs/:n', (n) => `/v1/devices/${DEVICE}/epochs/${n}`],
  ['/v1/recipients/:a?epoch=', (n) => `/v1/recipients/${ALICE}?epoch=${n}`],
]

/** Epochs the API refuses; the first two overflowed the store's bigint columns (500) before. */
const BAD_EPOCHS = [
  '9223372036854775808', // 2^63: one past the largest stored epoch
  '9999999999999999999', // 10^19 − 1: the largest 19-digit number
  '18446744073709551615', // 2^64 − 1: the largest uint64, 20 digits
  '-1',
  '1.5',
  '1e3',
  '01',
  '0x10',
  'abc',
  '%20',
]

/** The routes that list, with their largest limit and whether they take an offset. */
const LIST_ROUTES: [string, number, boolean][] = [
  ['/v1/epochs', 500, false],
  ['/v1/devices', 1000, true],
  ['/v1/emissions', 1000, false],
  ['/v1/stats', 1000, false],
  [`/v1/devices/${DEVICE}/epochs`, 500, false],
  ['/v1/epochs/1/recipients', 1000, true],
]

/** limit and offset values that are not whole numbers in range; the first five answered 500 before. */
const BAD_COUNTS = ['1.5', '0.5', '1e308', 'Infinity', '5e-324', '-1', 'NaN', 'abc', '99999999999999999999']

async function codeOf(url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET') {
  const response = await api.app.inject({ method, url })
  const body = response.json() as { code?: unknown; message?: unknown }
  return { status: response.statusCode, code: body.code, keys: Object.keys(body).sort() }
}

describe('epochs', () => {
  it.each(EPOCH_ROUTES)('%s refuses epochs outside 0..2^63−1 with PINION_ERR_BAD_EPOCH', async (_route, url) => {
    for (const epoch of BAD_EPOCHS) {
      expect({ epoch, ...(await codeOf(url(epoch))) }).toEqual({ epoch, status: 400, code: 'PINION_ERR_BAD_EPOCH', keys: ['code', 'message'] })
    }
  })

  it('names the value and the range in the message', async () => {
    for (const [, url] of EPOCH_ROUTES) {
      const { body } = await getJson<{ message: string }>(api.app, url('9223372036854775808'))
      expect(body.message).toContain('"9223372036854775808"')
      expect(body.message).toContain(`from 0 to ${MAX_EPOCH}`)
    }
    const { body } = await getJson<{ message: string }>(api.app, '/v1/epochs/1.5')
    expect(body.message).toBe(`epoch "1.5" is not valid: expected a whole number from 0 to ${MAX_EPOCH} (2^63 − 1)`)
  })

  it('accepts the largest stored epoch and answers as for any epoch not computed', async () => {
    expect(await codeOf(`/v1/epochs/${MAX_EPOCH}`)).toMatchObject({ status: 404, code: 'PINION_ERR_EPOCH_NOT_FOUND' })
    expect(await codeOf(`/v1/epochs/${MAX_EPOCH}/signature`)).toMatchObject({ status: 404, code: 'PINION_ERR_EPOCH_NOT_FOUND' })
    expect(await codeOf(`/v1/epochs/${MAX_EPOCH}/recipients`)).toMatchObject({ status: 404, code: 'PINION_ERR_EPOCH_NOT_FOUND' })
    expect(await codeOf(`/v1/epochs/${MAX_EPOCH}/inputs`)).toMatchObject({ status: 409, code: 'PINION_ERR_EPOCH_NOT_SEALED' })
    expect(await codeOf(`/v1/devices/${DEVICE}/epochs/${MAX_EPOCH}`)).toMatchObject({ status: 404, code: 'PINION_ERR_EPOCH_NOT_FOUND' })
    const claim = await getJson<{ claim: unknown }>(api.app, `/v1/recipients/${ALICE}?epoch=${MAX_EPOCH}`)
    expect(claim).toMatchObject({ status: 200, body: { claim: null } })
    expect((await getJson(api.app, '/v1/epochs/0')).status).toBe(200)
  })
})

describe('limit and offset', () => {
  it.each(LIST_ROUTES)('%s takes only whole numbers in range (limit ≤ %i)', async (route, maxLimit, paged) => {
    const names = paged ? ['limit', 'offset'] : ['limit']
    for (const name of names) {
      for (const value of [...BAD_COUNTS, name === 'limit' ? '0' : '1000000001', name === 'limit' ? String(maxLimit + 1) : '-0.5']) {
        expect({ name, value, ...(await codeOf(`${route}?${name}=${value}`)) }).toEqual({ name, value, status: 400, code: 'PINION_ERR_BAD_QUERY', keys: ['code', 'message'] })
      }
    }
    expect(await codeOf(`${route}?limit=1&limit=2`)).toMatchObject({ status: 400, code: 'PINION_ERR_BAD_QUERY' })
    expect((await getJson(api.app, `${route}?limit=${maxLimit}`)).status).toBe(200)
    expect((await getJson(api.app, `${route}?limit=1`)).status).toBe(200)
    if (paged) expect((await getJson(api.app, `${route}?offset=1000000000`)).status).toBe(200)
  })

  it('names the value and the range in the message', async () => {
    const { body } = await getJson<{ message: string }>(api.app, '/v1/devices?offset=Infinity')
    expect(body.message).toBe('offset "Infinity" is not valid: expected a whole number from 0 to 1000000000')
    const limit = await getJson<{ message: string }>(api.app, '/v1/epochs?limit=1e308')
    expect(limit.body.message).toBe('limit "1e308" is not valid: expected a whole number from 1 to 500')
  })

  it('pages as before, and drops query keys a route does not take', async () => {
    const { body } = await getJson<{ recipients: { recipient: string }[] }>(api.app, '/v1/epochs/1/recipients?limit=1&offset=1&sort=evil')
    expect(body.recipients).toHaveLength(1)
    const epochs = await getJson<{ epochs: unknown[] }>(api.app, '/v1/epochs?limit=1&foo=bar')
    expect(epochs.body.epochs).toHaveLength(1)
  })
})

describe('ids, addresses and resolutions', () => {
  const BAD_IDS = ['0x1234', 'x', `0x${'g'.repeat(64)}`, `0x${'0'.repeat(63)}`, `${'0'.repeat(66)}`]
  it.each([
    ['/v1/devices/:id', (id: string) => `/v1/devices/${id}`],
    ['/v1/devices/:id/epochs', (id: string) => `/v1/devices/${id}/epochs`],
    ['/v1/devices/:id/epochs/:n', (id: string) => `/v1/devices/${id}/epochs/1`],
  ])('%s refuses a device id that is not 32 bytes of hex', async (_route, url) => {
    for (const id of BAD_IDS) expect({ id, ...(await codeOf(url(id))) }).toMatchObject({ id, status: 400, code: 'PINION_ERR_BAD_DEVICE_ID' })
  })

  it('/v1/recipients/:a refuses what is not an address', async () => {
    for (const address of ['0x12', `0x${'zz'.repeat(20)}`, ALICE.slice(2)]) {
      expect({ address, ...(await codeOf(`/v1/recipients/${address}`)) }).toMatchObject({ address, status: 400, code: 'PINION_ERR_BAD_ADDRESS' })
    }
  })

  it('/v1/coverage refuses a resolution H3 does not have', async () => {
    for (const resolution of ['16', '-1', '3.5', 'x', '1e308', 'Infinity']) {
      expect({ resolution, ...(await codeOf(`/v1/coverage?resolution=${resolution}`)) }).toMatchObject({ resolution, status: 400, code: 'PINION_ERR_BAD_RESOLUTION' })
    }
    expect((await getJson(api.app, '/v1/coverage?resolution=0')).status).toBe(200)
    expect((await getJson(api.app, '/v1/coverage?resolution=15')).status).toBe(200)
  })
})

describe('requests no route answers', () => {
  it('answer 404 PINION_ERR_NOT_FOUND in the {code, message} format', async () => {
    for (const [method, url] of [
      ['GET', '/v1/nope'],
      ['GET', '/'],
      ['GET', '/v2/epochs'],
      ['POST', '/v1/epochs'],
      ['DELETE', '/v1/devices'],
    ] as const) {
      const response = await api.app.inject({ method, url })
      expect({ url, method, status: response.statusCode, body: response.json() }).toEqual({
        url,
        method,
        status: 404,
        body: { code: 'PINION_ERR_NOT_FOUND', message: `no route answers ${method} ${url}` },
      })
    }
  })

  it('answer a path parameter over 100 characters with 414 PINION_ERR_URI_TOO_LONG', async () => {
    for (const url of [`/v1/devices/0x${'a'.repeat(100)}`, `/v1/epochs/${'9'.repeat(101)}`, `/v1/recipients/${'b'.repeat(200)}`]) {
      expect({ url, ...(await codeOf(url)) }).toEqual({ url, status: 414, code: 'PINION_ERR_URI_TOO_LONG', keys: ['code', 'message'] })
    }
  })

  it('answer a path that is not valid percent-encoding with 400 PINION_ERR_BAD_REQUEST', async () => {
    expect(await codeOf('/v1/devices/%zz')).toEqual({ status: 400, code: 'PINION_ERR_BAD_REQUEST', keys: ['code', 'message'] })
    expect((await getJson(api.app, '/v1/devices/%zz')).body).toEqual({ code: 'PINION_ERR_BAD_REQUEST', message: 'the path "/v1/devices/%zz" is not valid percent-encoding' })
    const long = await getJson(api.app, `/v1/devices/${'a'.repeat(101)}`)
    expect(long.body).toEqual({ code: 'PINION_ERR_URI_TOO_LONG', message: `a segment of the path "/v1/devices/${'a'.repeat(68)}…" is longer than 100 characters` })
  })

  it('answer a body that does not parse with 400 PINION_ERR_MALFORMED_BODY', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/v1/epochs', headers: { 'content-type': 'application/json' }, payload: '{"a":' })
    expect([response.statusCode, response.json()]).toEqual([400, { code: 'PINION_ERR_MALFORMED_BODY', message: expect.any(String) }])
  })
})
