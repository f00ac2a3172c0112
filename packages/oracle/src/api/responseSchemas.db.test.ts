import { isDeepStrictEqual } from 'node:util'
import { Ajv } from 'ajv'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from '@pinion/testkit/db'
import { ALICE, type ApiFixture, BOB, NEIGHBOUR_DEVICE, UNLOCATED_DEVICE, ZURICH_DEVICE, startApiFixture } from '../../../testkit/src/oracle/apiFixture.ts'
import { pinionServerOptions, useErrorHandling } from './errorPlugin.ts'
import { TreeCache } from './proofs.ts'
import { registerApi } from './registerApi.ts'
import { UNREGISTERED_DEVICES, addRejectionCounts } from '../store/rejections.ts'
import { fillStorageWorld } from '../../../testkit/src/oracle/storageWorld.ts'

/*
 * Every route's response schema (responseSchemas.ts) describes exactly what its handler returns.
 * Fastify serialises answers with these schemas, which drops any property a schema does not name
 * and coerces values to the declared types, silently: a handler that gains a field its schema lacks
 * would lose it on the wire. So each answer is taken before serialisation (a preSerialization hook)
 * and checked against its route's schema with ajv (closed objects: no undeclared field; types,
 * patterns, enums, nullability), and the serialised answer must equal plain JSON.stringify of it
 * (the same values; key order aside, which the serialiser takes from the schema).
 */

/** GET routes that answer without a response schema, and why: none of them is read by the explorer. */
const UNSCHEMAED = new Map([
  ['/v1/epochs/:epoch/manifest', 'oracle to oracle: manifestToJson (consensus/manifest.ts) is the format'],
  ['/v1/epochs/:epoch/manifests/:address', 'oracle to oracle: manifestToJson (consensus/manifest.ts) is the format'],
  ['/v1/epochs/:epoch/proposal', 'oracle to oracle: proposalToJson (consensus/proposal.ts) is the format'],
  ['/v1/epochs/:epoch/signature', 'oracle to oracle: read by the publisher of each peer'],
  ['/v1/epochs/:epoch/inputs', 'protobuf bytes, not JSON'],
])

type Schema = Record<string, unknown>

/**
 * Watches a server's routes and answers: install() before the routes are registered, then
 * problemsOf(url) says how the answer to GET `url` departs from its route's response schema.
 */
function responseChecker() {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true })
  const schemas = new Map<string, Schema | undefined>()
  const exercised = new Set<string>()
  let last: { route: string; payload: unknown } | undefined

  return {
    schemas,
    exercised,
    install(app: FastifyInstance): void {
      app.addHook('onRoute', (route) => {
        const methods = [route.method].flat()
        if (methods.includes('GET')) schemas.set(route.url, (route.schema?.response as Record<number, Schema> | undefined)?.[200])
      })
      app.addHook('preSerialization', async (request, _reply, payload) => {
        last = { route: request.routeOptions.url ?? request.url, payload }
        return payload
      })
    },
    async problemsOf(app: FastifyInstance, url: string): Promise<string[]> {
      last = undefined
      const response = await app.inject({ method: 'GET', url })
      if (response.statusCode !== 200) return [`answered ${response.statusCode}: ${response.body}`]
      if (last === undefined) return ['answered without a JSON object to serialise']
      const { route, payload } = last
      exercised.add(route)
      const schema = schemas.get(route)
      if (schema === undefined) return [`${route} has no response schema`]
      // What the route answered before it had a schema: the handler's value through JSON.stringify.
      const plain: unknown = JSON.parse(JSON.stringify(payload))
      const validate = ajv.compile(schema)
      const problems = validate(plain) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
      const served: unknown = JSON.parse(response.body)
      if (!isDeepStrictEqual(served, plain)) problems.push(`the serialiser changed the answer: handler ${JSON.stringify(plain)}, served ${response.body}`)
      return problems
    },
  }
}

describe('the response checker', () => {
  // A route whose handler returns more than its schema says, and a value of another type.
  const checker = responseChecker()
  const app = Fastify()
  beforeAll(async () => {
    checker.install(app)
    const schema = { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'], additionalProperties: false } as const
    app.get('/extra', { schema: { response: { 200: schema } } }, async () => ({ a: 1, b: 'undeclared' }))
    app.get('/coerced', { schema: { response: { 200: schema } } }, async () => ({ a: '1' }))
    app.get('/exact', { schema: { response: { 200: schema } } }, async () => ({ a: 1 }))
    app.get('/none', async () => ({ a: 1 }))
    await app.ready()
  })
  afterAll(() => app.close())

  it('fails a handler that returns a field its schema does not declare', async () => {
    const problems = await checker.problemsOf(app, '/extra')
    expect(problems).toContainEqual(expect.stringContaining('must NOT have additional properties {"additionalProperty":"b"}'))
    expect(problems).toContainEqual(expect.stringContaining('the serialiser changed the answer'))
  })

  it('fails a value the serialiser would coerce, and a route without a schema', async () => {
    expect(await checker.problemsOf(app, '/coerced')).toContainEqual(expect.stringContaining('/a must be integer'))
    expect(await checker.problemsOf(app, '/none')).toEqual(['/none has no response schema'])
    expect(await checker.problemsOf(app, '/exact')).toEqual([])
  })
})

describe('the read API over a seeded store', () => {
  const checker = responseChecker()
  let api: ApiFixture
  beforeAll(async () => {
    api = await startApiFixture({ beforeRoutes: (app) => checker.install(app) })
    // Reports ingest refused: one device named by forgeries in two epochs, and a flood for no registered device.
    await addRejectionCounts(
      api.db,
      'seed',
      [
        { epoch: 1n, deviceId: ZURICH_DEVICE, reason: 'PINION_ERR_BAD_SIGNATURE', count: 3 },
        { epoch: 1n, deviceId: ZURICH_DEVICE, reason: 'PINION_ERR_WRONG_NETWORK', count: 1 },
        { epoch: 2n, deviceId: ZURICH_DEVICE, reason: 'PINION_ERR_REPLAYED_SEQUENCE', count: 2 },
        { epoch: 1n, deviceId: UNREGISTERED_DEVICES, reason: 'PINION_ERR_UNKNOWN_DEVICE', count: 500 },
      ],
      0,
    )
    // A storage network's deals, proofs and epochs, from epoch 2 on (after the fixture's own).
    await fillStorageWorld(api.db, 2n)
  }, 120_000)
  afterAll(() => api.close())

  const devices = [ZURICH_DEVICE, NEIGHBOUR_DEVICE, UNLOCATED_DEVICE]
  // Together these reach every route with a schema, and every branch of its answer: null and not
  // (a commit, a location, a claim, signed bytes), empty lists and full ones.
  const urls = [
    '/v1/status',
    '/v1/activity',
    '/v1/reasons',
    '/v1/stats',
    '/v1/emissions',
    '/v1/epochs',
    '/v1/epochs/0',
    '/v1/epochs/1',
    '/v1/epochs/1/recipients',
    '/v1/epochs/0/recipients?limit=1',
    '/v1/devices',
    ...devices.flatMap((d) => [
      `/v1/devices/${d}`,
      `/v1/devices/${d}/epochs`,
      `/v1/devices/${d}/epochs/0`,
      `/v1/devices/${d}/epochs/1`,
      `/v1/devices/${d}/equivocations`,
      `/v1/devices/${d}/rejections`,
    ]),
    `/v1/devices/${ZURICH_DEVICE}/rejections?epoch=2`,
    '/v1/epochs/1/rejections',
    '/v1/epochs/9/rejections',
    `/v1/recipients/${ALICE}`,
    `/v1/recipients/${ALICE}?epoch=0`,
    `/v1/recipients/${BOB}`,
    `/v1/recipients/0x${'de'.repeat(20)}`,
    '/v1/coverage',
    '/v1/coverage?resolution=12',
    '/v1/coverage?resolution=0',
    '/v1/challenges?epoch=1',
    `/v1/challenges?epoch=2&deviceId=${ZURICH_DEVICE}`,
    `/v1/challenges?epoch=2&deviceId=${UNLOCATED_DEVICE}`,
    '/v1/epochs/1/attestations?version=0',
    // Deals active, terminated (with a period the market skipped), proposed; faults with reasons and
    // with none known (the fixture's challenges are another kind's).
    '/v1/kinds/storage/deals',
    '/v1/kinds/storage/deals/1',
    '/v1/kinds/storage/deals/3',
    '/v1/kinds/storage/deals/5',
    '/v1/kinds/storage/deals/6',
    '/v1/kinds/storage/providers',
    '/v1/kinds/compute/orders',
    '/v1/kinds/compute/leases',
    '/v1/kinds/compute/providers',
  ]
  // A compute lease's page needs a compute network's leases, tasks and verdicts, which this store
  // does not hold: computeRoutes.db.test.ts checks that answer against its schema over one that does.
  const checkedElsewhere = ['/v1/kinds/compute/leases/:leaseId']

  it.each(urls)('GET %s answers exactly what its schema says', async (url) => {
    expect(await checker.problemsOf(api.app, url)).toEqual([])
  })

  it('has a response schema on every JSON route, and the URLs above reach each one', () => {
    const withSchema = [...checker.schemas].filter(([, schema]) => schema !== undefined).map(([route]) => route)
    const without = [...checker.schemas].filter(([, schema]) => schema === undefined).map(([route]) => route)
    expect(without.sort()).toEqual([...UNSCHEMAED.keys()].sort())
    expect([...checker.exercised, ...checkedElsewhere].sort()).toEqual(withSchema.sort())
  })
})

describe('the read API over an empty store, without network facts', () => {
  const checker = responseChecker()
  let test: TestDb
  const app = Fastify(pinionServerOptions)
  beforeAll(async () => {
    test = await openTestDb()
    useErrorHandling(app)
    checker.install(app)
    await app.register(async (api) =>
      registerApi(api, {
        db: test.db,
        trees: new TreeCache(test.db),
        oracle: `0x${'00'.repeat(20)}`,
        reasons: {},
        windowOf: () => ({ startMs: 0n, endMs: 60_000n }),
        isSealed: () => false,
        now: () => 0,
        network: {},
      }),
    )
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await test.cleanup()
  })

  it.each([
    '/v1/status',
    '/v1/activity',
    '/v1/reasons',
    '/v1/stats',
    '/v1/emissions',
    '/v1/epochs',
    '/v1/devices',
    `/v1/recipients/${ALICE}`,
    '/v1/coverage',
    '/v1/kinds/storage/deals',
    '/v1/kinds/storage/providers',
    '/v1/kinds/compute/orders',
    '/v1/kinds/compute/leases',
    '/v1/kinds/compute/providers',
  ])('GET %s answers exactly what its schema says', async (url) => {
    expect(await checker.problemsOf(app, url)).toEqual([])
  })
})
