import { type Kind, STORJ_AUDIT_REPUTATION, type BetaReputation, reasonWords, recordOutcomes, reputationScore } from '@pinion/kinds'
import { STORAGE_REASONS, storage } from '@pinion/kinds/storage'
import { pieceTree } from '@pinion/protocol/pdp'
import { type TestDb, openTestDb } from '@pinion/testkit/db'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COLLATERAL, CUSTOMER, FAULT_FEE, PRICE, type StorageWorld, dealPieces, fillStorageWorld, storageFleet, storageWindow } from '../../../testkit/src/oracle/storageWorld.ts'
import { registerApiDocs } from './apiDocs.ts'
import type { ApiContext } from './context.ts'
import { pinionServerOptions, useErrorHandling } from './errorPlugin.ts'
import { TreeCache } from './proofs.ts'
import { registerApi } from './registerApi.ts'

/*
 * The storage routes over a store the oracle's own code filled (storageWorld.ts): StorageMarket's
 * events as the follower stores them, the simulated providers' signed proofs, four epochs assembled,
 * computed and saved by the pipeline, the first three settled on chain.
 */

type Deal = { dealId: string; state: string; provider: string | null; periodsRecorded: number; faults: number; collateralLeft: string; escrowLeft: string; bytes: string }
type Period = { epoch: string; proven: boolean; reason: string | null; reasonText: string | null; settlement: { proven: boolean; paid: string; fee: string; block: string } | null }
type DealDetail = Deal & { termination: { epoch: string; refunded: string; slashed: string } | null; provingPeriodsTotal: number; provingPeriods: Period[] }
type Provider = Record<string, unknown> & { deviceId: string }

const device = (i: number) => storageFleet[i]!.device.deviceId
const text = (reason: keyof typeof STORAGE_REASONS) => STORAGE_REASONS[reason]

let test: TestDb
let world: StorageWorld

/** The read API over the test store, as startOracle mounts it (with the API reference); `challenges` as the oracle's challenge board serves them, or none. */
async function apiOver(db: TestDb['db'], challenges: ApiContext['challenges']): Promise<FastifyInstance> {
  const app = Fastify(pinionServerOptions)
  useErrorHandling(app)
  await registerApiDocs(app)
  const context: ApiContext = {
    db,
    trees: new TreeCache(db),
    oracle: `0x${'00'.repeat(20)}`,
    reasons: reasonWords([storage as Kind]),
    windowOf: storageWindow,
    isSealed: () => true,
    now: () => 0,
    network: {},
    ...(challenges === undefined ? {} : { challenges }),
  }
  await app.register(async (api) => registerApi(api, context))
  await app.ready()
  return app
}

let app: FastifyInstance
beforeAll(async () => {
  test = await openTestDb()
  world = await fillStorageWorld(test.db)
  app = await apiOver(test.db, world.challengesOf)
}, 120_000)
afterAll(async () => {
  await app?.close()
  await test?.cleanup()
})

async function get<body>(url: string, server = app): Promise<{ status: number; body: body }> {
  const response = await server.inject({ method: 'GET', url })
  return { status: response.statusCode, body: response.json() as body }
}
const deal = async (id: number, query = '') => (await get<DealDetail>(`/v1/kinds/storage/deals/${id}${query}`)).body

describe('GET /v1/kinds/storage/deals', () => {
  it('folds every deal from the stored StorageMarket events: terms, pieces, state, what the market still holds', async () => {
    const { status, body } = await get<{ total: number; deals: (Deal & Record<string, unknown>)[] }>('/v1/kinds/storage/deals')
    expect(status).toBe(200)
    expect(body.total).toBe(8)
    expect(body.deals.map((d) => [d.dealId, d.state, d.periodsRecorded, d.faults])).toEqual([
      ['1', 'active', 3, 0],
      ['2', 'terminated', 3, 3],
      ['3', 'terminated', 3, 3],
      ['4', 'terminated', 3, 3],
      ['5', 'terminated', 3, 3],
      ['6', 'proposed', 0, 0],
      ['7', 'completed', 2, 0],
      ['8', 'active', 3, 0],
    ])
    const pieces = dealPieces(1n).map(pieceTree)
    expect(body.deals[0]).toEqual({
      dealId: '1',
      deviceId: device(0),
      customer: CUSTOMER,
      provider: storageFleet[0]!.device.owner.toLowerCase(),
      state: 'active',
      pricePerPeriod: PRICE.toString(),
      periods: 10,
      periodsRecorded: 3,
      faults: 0,
      faultFee: FAULT_FEE.toString(),
      maxConsecutiveFaults: 3,
      collateral: COLLATERAL.toString(),
      collateralLeft: COLLATERAL.toString(),
      // Seven of its ten periods are not recorded yet.
      escrowLeft: (7n * PRICE).toString(),
      acceptedAtMs: (storageWindow(0n).startMs - 1n).toString(),
      pieces: pieces.map((p) => ({ root: p.root, height: p.height, leafCount: String(p.leafCount) })),
      bytes: String(pieces.reduce((sum, p) => sum + p.leafCount * 32, 0)),
    })
    // A proposal holds its whole escrow and no collateral; a deal that is over holds neither.
    expect(body.deals[5]).toMatchObject({ provider: null, acceptedAtMs: null, escrowLeft: (10n * PRICE).toString(), collateralLeft: '0' })
    expect(body.deals.filter((d) => d.state === 'terminated' || d.state === 'completed').map((d) => [d.escrowLeft, d.collateralLeft])).toEqual(Array(5).fill(['0', '0']))
  })

  it('pages like every list: limit and offset, checked', async () => {
    const { body } = await get<{ total: number; deals: Deal[] }>('/v1/kinds/storage/deals?limit=2&offset=6')
    expect([body.total, body.deals.map((d) => d.dealId)]).toEqual([8, ['7', '8']])
    expect((await get<{ code: string }>('/v1/kinds/storage/deals?limit=0')).body.code).toBe('PINION_ERR_BAD_QUERY')
    expect((await get<{ code: string }>('/v1/kinds/storage/deals?offset=-1')).body.code).toBe('PINION_ERR_BAD_QUERY')
  })
})

describe('GET /v1/kinds/storage/deals/:dealId', () => {
  it("gives an honest provider's periods newest first, each proven, paid on chain once settled", async () => {
    const honest = await deal(1)
    expect([honest.provingPeriodsTotal, honest.termination]).toEqual([4, null])
    expect(honest.provingPeriods.map((p) => [p.epoch, p.proven, p.reason, p.settlement?.paid ?? null])).toEqual([
      ['3', true, null, null], // computed, its root not committed: not settled yet
      ['2', true, null, PRICE.toString()],
      ['1', true, null, PRICE.toString()],
      ['0', true, null, PRICE.toString()],
    ])
    expect(honest.provingPeriods[1]!.settlement).toMatchObject({ proven: true, fee: '0' })
    // One page of them.
    expect((await deal(1, '?limit=2&offset=1')).provingPeriods.map((p) => p.epoch)).toEqual(['2', '1'])
  })

  it("gives each fault the kind's reason for the provider's own proof, in words, and the fee the market burnt", async () => {
    const late = await deal(2)
    expect(late.provingPeriods.map((p) => [p.reason, p.reasonText])).toEqual(Array(4).fill(['storage.ANSWERED_LATE', text('ANSWERED_LATE')]))
    const corrupter = await deal(3)
    expect(corrupter.provingPeriods.map((p) => [p.epoch, p.proven, p.reason, p.settlement?.fee ?? null])).toEqual([
      // The oracles judged epoch 3 before the termination reached the chain; the market skips it.
      ['3', false, 'storage.PROOF_INVALID', null],
      ['2', false, 'storage.PROOF_INVALID', FAULT_FEE.toString()],
      ['1', false, 'storage.PROOF_INVALID', FAULT_FEE.toString()],
      ['0', false, 'storage.PROOF_INVALID', FAULT_FEE.toString()],
    ])
    // Its third fault in a row terminated it: the 7 periods' escrow back to the customer, the collateral left (10 − 3 × 3) burnt.
    expect(corrupter.termination).toEqual({ epoch: '2', refunded: (7n * PRICE).toString(), slashed: (COLLATERAL - 3n * FAULT_FEE).toString() })
    expect(corrupter).toMatchObject({ state: 'terminated', collateralLeft: '0', escrowLeft: '0' })
  })

  it("tells a provider's two faulted deals apart by the period each proof named: one late proof, one period never answered", async () => {
    expect((await deal(4)).provingPeriods.map((p) => p.reason)).toEqual(Array(4).fill('storage.ANSWERED_LATE'))
    const lost = await deal(5)
    expect(lost.provingPeriods.map((p) => [p.reason, p.reasonText])).toEqual(Array(4).fill(['storage.PERIOD_NOT_PROVEN', expect.stringMatching(/^No proof of the period arrived/)]))
    // Without the epochs' challenges this oracle cannot tell which deal the late proof answered: it says so (null), never guesses.
    const blind = await apiOver(test.db, undefined)
    try {
      for (const id of [4, 5]) expect((await get<DealDetail>(`/v1/kinds/storage/deals/${id}`, blind)).body.provingPeriods.map((p) => p.reason)).toEqual([null, null, null, null])
      expect((await get<DealDetail>('/v1/kinds/storage/deals/3', blind)).body.provingPeriods.map((p) => p.reason)).toEqual(Array(4).fill('storage.PROOF_INVALID'))
    } finally {
      await blind.close()
    }
  })

  it("counts a period proven when a proof of it was valid, whatever the provider's later duplicates got", async () => {
    const { rows } = await test.db.query<{ reason: string }>('select distinct reason from verdicts where device_id = $1 and not valid', [device(5)])
    expect(rows.map((r) => r.reason)).toEqual(['storage.DUPLICATE_PROOF'])
    expect((await deal(8)).provingPeriods.map((p) => [p.proven, p.reason])).toEqual(Array(4).fill([true, null]))
  })

  it('shows a completed deal, and a proposal without periods', async () => {
    expect(await deal(7)).toMatchObject({
      state: 'completed',
      periods: 2,
      periodsRecorded: 2,
      provingPeriodsTotal: 2,
      provingPeriods: [
        { epoch: '1', proven: true },
        { epoch: '0', proven: true },
      ],
    })
    expect(await deal(6)).toMatchObject({ state: 'proposed', provider: null, provingPeriodsTotal: 0, provingPeriods: [], termination: null })
  })

  it('answers an unknown deal 404 and a malformed id 400, with their codes', async () => {
    for (const id of ['9', (2n ** 256n - 1n).toString()]) {
      const { status, body } = await get<{ code: string; message: string }>(`/v1/kinds/storage/deals/${id}`)
      expect([status, body.code]).toEqual([404, 'PINION_ERR_DEAL_NOT_FOUND'])
      expect(body.message).toContain(id)
    }
    for (const id of ['abc', '01', '-1', '0x10', (2n ** 256n).toString(), '1'.repeat(79)]) {
      const { status, body } = await get<{ code: string; message: string }>(`/v1/kinds/storage/deals/${id}`)
      expect([id, status, body.code]).toEqual([id, 400, 'PINION_ERR_BAD_DEAL_ID'])
      expect(body.message).toContain('expected a deal id: a whole number from 0 to 2^256 − 1')
    }
  })
})

describe('GET /v1/kinds/storage/providers', () => {
  // Each epoch's periods update a provider's reputation once, Storj's way (carry.ts): here every one failed.
  const afterFailedEpochs = (epochs: number, periodsEach: number) => {
    let reputation: BetaReputation = STORJ_AUDIT_REPUTATION.initial
    for (let i = 0; i < epochs; i++) reputation = recordOutcomes(reputation, STORJ_AUDIT_REPUTATION, false, periodsEach)
    const score = reputationScore(reputation)
    return `0.${score.toString().padStart(18, '0').replace(/0+$/, '')}`
  }

  it('sums each provider: bytes of its active deals, periods and pay on chain, fees burnt, collateral held, reputation as carried', async () => {
    const { body } = await get<{ total: number; reputationEpoch: string; providers: Provider[] }>('/v1/kinds/storage/providers')
    expect([body.total, body.reputationEpoch]).toEqual([6, '3'])
    expect(body.providers.map((p) => p.deviceId)).toEqual([0, 1, 2, 3, 4, 5].map(device))
    const bytesOf = (id: bigint) => String(dealPieces(id).reduce((sum, payload) => sum + pieceTree(payload).leafCount * 32, 0))
    expect(body.providers[0]).toEqual({
      deviceId: device(0),
      provider: storageFleet[0]!.device.owner.toLowerCase(),
      bytesCommitted: bytesOf(1n), // deal 7 completed: only deal 1's pieces are held for a deal now
      dealsProposed: 0,
      dealsActive: 1,
      dealsEnded: 1,
      periodsProven: 5, // deal 1's three settled periods and deal 7's two
      periodsFaulted: 0,
      paid: (5n * PRICE).toString(),
      feesBurnt: '0',
      collateralHeld: COLLATERAL.toString(),
      reputation: '1',
      disqualified: false,
    })
    expect(body.providers[2]).toMatchObject({ dealsEnded: 1, periodsFaulted: 3, paid: '0', feesBurnt: (3n * FAULT_FEE).toString(), collateralHeld: '0', bytesCommitted: '0' })
    // Reputation counts every period judged (4 epochs), the chain only those settled (3).
    expect(body.providers[2]!.reputation).toBe(afterFailedEpochs(4, 1))
    expect(body.providers[3]).toMatchObject({ dealsEnded: 2, periodsFaulted: 6, feesBurnt: (6n * FAULT_FEE).toString(), reputation: afterFailedEpochs(4, 2), disqualified: false })
    // Only proposed to: no provider address yet, never audited.
    expect(body.providers[4]).toMatchObject({ provider: null, dealsProposed: 1, dealsActive: 0, reputation: '1', periodsProven: 0 })
    expect((await get<{ providers: Provider[] }>('/v1/kinds/storage/providers?limit=1&offset=5')).body.providers.map((p) => p.deviceId)).toEqual([device(5)])
  })
})

describe('the storage routes on a network without the storage kind', () => {
  it('answer empty lists and no deal', async () => {
    const empty = await openTestDb()
    const server = await apiOver(empty.db, undefined)
    try {
      expect((await get('/v1/kinds/storage/deals', server)).body).toEqual({ total: 0, deals: [] })
      expect((await get('/v1/kinds/storage/providers', server)).body).toEqual({ total: 0, reputationEpoch: null, providers: [] })
      expect((await get<{ code: string }>('/v1/kinds/storage/deals/1', server)).body.code).toBe('PINION_ERR_DEAL_NOT_FOUND')
    } finally {
      await server.close()
      await empty.cleanup()
    }
  })
})

describe('the API reference', () => {
  it('documents the storage routes from their schemas', async () => {
    const { paths } = (await get<{ paths: Record<string, { get?: { tags?: string[]; parameters?: { name: string; in: string }[] } }> }>('/docs/json')).body
    for (const path of ['/v1/kinds/storage/deals', '/v1/kinds/storage/deals/{dealId}', '/v1/kinds/storage/providers']) expect(paths[path]?.get?.tags, path).toEqual(['read'])
    expect(paths['/v1/kinds/storage/deals/{dealId}']!.get!.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:dealId', 'query:limit', 'query:offset'])
  })
})
