import { isDeepStrictEqual } from 'node:util'
import { type EpochWindow, type Kind, STORJ_AUDIT_REPUTATION, qualifiedName, reasonWords, reputationScore, seededRandom } from '@pinion/kinds'
import {
  COMPUTE_MARKET,
  COMPUTE_REASONS,
  type ComputeParams,
  FAULT_CODES,
  TASK_COMMIT_PAYLOAD_TYPE,
  compute,
  encodeManifest,
  holdJob,
  isSampled,
  signUsageWithKey,
} from '@pinion/kinds/compute'
import { workloadWasm } from '@pinion/kinds/compute/workloads'
import { decodeReportBody, openSignedReport, reportIdOf, signReport } from '@pinion/protocol'
import { type TestDb, openTestDb } from '@pinion/testkit/db'
import { Ajv } from 'ajv'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Address, type Hex, keccak256, sha256, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NETWORK_ID, TREASURY, makeDevices } from '../../../testkit/src/oracle/epochFixture.ts'
import { type IndexedKindEvent, insertKindEvents } from '../chain/kindEvents.ts'
import { computeEpoch } from '../epoch/computeEpoch.ts'
import { type EpochFacts, type NetworkRules, assembleEpochInput, epochChallenges } from '../service/assembleEpochInput.ts'
import { saveEpoch } from '../service/saveEpoch.ts'
import type { Db } from '../store/db.ts'
import { insertReports } from '../store/reports.ts'
import { registerApiDocs } from './apiDocs.ts'
import type { ApiContext } from './context.ts'
import { pinionServerOptions, useErrorHandling } from './errorPlugin.ts'
import { TreeCache } from './proofs.ts'
import { registerApi } from './registerApi.ts'

/*
 * The compute routes over a store the oracle's own code filled, as storageRoutes.db.test.ts fills
 * one for storage: ComputeMarket's events as the follower stores them (insertKindEvents), the
 * compute simulator's commits, reveals and module chunks, signed and stored as ingest stores them
 * (insertReports), four epochs assembled, computed and saved by the pipeline, the first three's
 * verdicts recorded on chain as ComputeMarket records them; and the market's own settlements,
 * approvals and a close between them. The world (fillComputeWorld) is written to move to
 * testkit/src/oracle/ as it stands, for responseSchemas.db.test.ts.
 */

// ─────────────────────────────── the world ───────────────────────────────

const TOKEN = 10n ** 18n
/** The winning bids' price: a thousandth of a token a second; a bid that lost asked twice as much. */
const PRICE = TOKEN / 1_000n
const MAX_PRICE = 2n * PRICE
const DURATION = 3_600n
const DEPOSIT = MAX_PRICE * DURATION
const COLLATERAL = TOKEN / 2n
const APPROVAL_WINDOW = 60n
const MARKET: Address = '0xc0c0000000000000000000000000000000000c0c'
const CUSTOMER_KEY = keccak256(stringToBytes('pinion compute api customer'))
const CUSTOMER = privateKeyToAddress(CUSTOMER_KEY).toLowerCase() as Address

/** Half the revealed tasks are re-executed: both outcomes show. */
const PARAMS: ComputeParams = { ...compute.defaultParams, sampleRatePpm: 500_000 }
const GENESIS_MS = 1_767_225_600_000n
const EPOCH_MS = 30_000n
const computeWindow = (epoch: bigint): EpochWindow => ({
  epoch,
  startMs: GENESIS_MS + EPOCH_MS * epoch,
  endMs: GENESIS_MS + EPOCH_MS * (epoch + 1n),
  entropy: `0x${(epoch + 1n).toString(16).padStart(64, 'c')}`,
})
const entropyBlock = (epoch: bigint) => 1_000n + 10n * epoch

/**
 * The providers: 0 honest (lease 1, and an open bid on order 6), 1 lazy (lease 2), 2 over-claimer
 * (lease 3, and a bid withdrawn from order 7), 3 no-show (lease 4: started, never commits), 4
 * honest (a lost bid on order 1; lease 5, closed by its customer), 5 a provider that never starts
 * its lease (lease 6: the market's no-show).
 */
const fleet = makeDevices('compute-api', ['honest', 'lazy', 'overclaimer', 'no-show', 'honest', 'honest'])
const device = (i: number) => fleet[i]!.device

const COMPUTED_EPOCHS = 4n
const SETTLED_EPOCHS = 3n
const FIRST = 0n
/** Leases 1 to 5 start 5 s before the first epoch (unix seconds). */
const STARTED_AT = (computeWindow(FIRST).startMs - 5_000n) / 1000n

/** The job every lease runs: 8 tasks of the sha256 workload, seeded. */
const job = (() => {
  const module = workloadWasm('sha256')
  const random = seededRandom(41)
  const inputs = Array.from({ length: 8 }, () => Uint8Array.from({ length: 200 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)))
  const manifest = encodeManifest({ name: 'sha256 x8', module: sha256(module), tasks: inputs.map((i) => sha256(i)), fuelPerTask: 50_000_000n, memoryPages: 32, redundancy: 1 })
  return { manifest, module, inputs, acceptUsage: (usage: Parameters<typeof signUsageWithKey>[1]) => signUsageWithKey(CUSTOMER_KEY, usage) }
})()
const SPEC_HASH = holdJob(job)

const rules: NetworkRules = {
  networkId: NETWORK_ID,
  kinds: new Map<string, Kind>([['compute', compute as Kind]]),
  kindParams: new Map([['compute', PARAMS]]),
  pools: [
    { name: 'compute.verified', basisPoints: 9_000 },
    { name: 'treasury', basisPoints: 1_000 },
  ],
  residual: { name: 'treasury', recipient: TREASURY },
}

/** A lease as the world's market keeps it, to emit what ComputeMarket would (independently of the routes' arithmetic). */
type WorldLease = { price: bigint; state: 'active' | 'closed' | 'over'; stoppedAt: bigint | null; approvedUntil: bigint; paid: bigint; verified: number }

/** Fills `db` with the compute network above. */
async function fillComputeWorld(db: Db): Promise<void> {
  const registry = new Map(fleet.map(({ device }) => [device.deviceId, device]))
  const events: IndexedKindEvent[] = []
  const append = async (block: bigint, timestampMs: bigint, eventName: string, args: Record<string, string>) => {
    const logIndex = events.filter((e) => e.blockNumber === block).length
    const event = { kind: 'compute', contract: COMPUTE_MARKET, address: MARKET, eventName, args, blockNumber: block, logIndex, timestampMs }
    events.push(event)
    await insertKindEvents(db, [event])
  }
  const deviceArg = (i: number) => BigInt(device(i).deviceId).toString()
  const owner = (i: number) => device(i).owner.toLowerCase()
  const leases = new Map<bigint, WorldLease>()
  const startMs = STARTED_AT * 1000n
  let block = 100n
  let bidId = 0n
  const post = async (orderId: bigint, atMs: bigint) =>
    append(block++, atMs, 'OrderPosted', {
      orderId: String(orderId),
      customer: CUSTOMER,
      specHash: SPEC_HASH,
      cpuMillis: '1000',
      memoryMiB: '64',
      storageMiB: '0',
      maxPricePerSecond: MAX_PRICE.toString(),
      durationSeconds: DURATION.toString(),
      deposit: DEPOSIT.toString(),
      biddingEndsAt: String(atMs / 1000n + 60n),
      approvalWindowSeconds: APPROVAL_WINDOW.toString(),
    })
  const bid = async (orderId: bigint, provider: number, price: bigint, atMs: bigint) => {
    bidId += 1n
    await append(block++, atMs, 'BidPlaced', {
      bidId: String(bidId),
      orderId: String(orderId),
      deviceId: deviceArg(provider),
      provider: owner(provider),
      pricePerSecond: price.toString(),
      collateral: COLLATERAL.toString(),
    })
    return bidId
  }
  const form = async (leaseId: bigint, orderId: bigint, won: bigint, provider: number, atMs: bigint) =>
    append(block++, atMs, 'LeaseFormed', { leaseId: String(leaseId), orderId: String(orderId), bidId: String(won), provider: owner(provider), pricePerSecond: PRICE.toString() })
  const start = async (leaseId: bigint) => {
    await append(block++, startMs, 'LeaseStarted', { leaseId: String(leaseId), startedAt: STARTED_AT.toString(), endsAt: (STARTED_AT + DURATION).toString() })
    leases.set(leaseId, { price: PRICE, state: 'active', stoppedAt: null, approvedUntil: 0n, paid: 0n, verified: 0 })
  }

  // Order 1: two bids, the customer takes the cheaper; the other loses.
  const early = startMs - 120_000n
  await post(1n, early)
  const honestBid = await bid(1n, 0, PRICE, early)
  const lostBid = await bid(1n, 4, MAX_PRICE, early)
  await form(1n, 1n, honestBid, 0, early + 10_000n)
  await append(block++, early + 10_000n, 'BidLost', { bidId: String(lostBid), collateralReturned: COLLATERAL.toString() })
  // Orders 2 to 5: one bid each, accepted.
  for (const [orderId, provider] of [
    [2n, 1],
    [3n, 2],
    [4n, 3],
    [5n, 4],
  ] as const) {
    await post(orderId, early)
    await form(orderId, orderId, await bid(orderId, provider, PRICE, early), provider, early + 10_000n)
  }
  for (const leaseId of [1n, 2n, 3n, 4n, 5n]) await start(leaseId)
  // Order 6: its lease never starts; anyone claims the no-show, the order re-opens and takes a new bid.
  const longAgo = startMs - 900_000n
  await post(6n, longAgo)
  await form(6n, 6n, await bid(6n, 5, PRICE, longAgo), 5, longAgo + 10_000n)
  await append(block++, startMs - 60_000n, 'LeaseNoShow', { leaseId: '6', slashed: COLLATERAL.toString() })
  await append(block++, startMs - 60_000n, 'OrderReopened', { orderId: '6', biddingEndsAt: String(STARTED_AT + 3_000n) })
  await bid(6n, 0, PRICE, startMs - 30_000n)
  // Order 7: a bid withdrawn, then the order cancelled.
  await post(7n, early)
  const withdrawn = await bid(7n, 2, PRICE, early)
  await append(block++, early + 5_000n, 'BidWithdrawn', { bidId: String(withdrawn), collateralReturned: COLLATERAL.toString() })
  await append(block++, early + 6_000n, 'OrderCancelled', { orderId: '7', refunded: DEPOSIT.toString() })

  const facts: EpochFacts = {
    epochOnChain: async (epoch) => ({ window: computeWindow(epoch), entropyBlock: entropyBlock(epoch), endBlock: entropyBlock(epoch + 1n) }),
    devicesAt: async () => registry,
    kindEventsUpTo: async (kind, upTo) => (kind === 'compute' ? events.filter((e) => e.blockNumber <= upTo) : []),
    emissionOf: async () => 1_000n * TOKEN,
  }
  const keys = new Map(fleet.map(({ key, device }) => [device.deviceId, key]))
  const sequences = new Map<Hex, bigint>()
  let previous = { cumulative: new Map<Address, bigint>(), carried: new Map<string, unknown>() }
  for (let epoch = FIRST; epoch < FIRST + COMPUTED_EPOCHS; epoch++) {
    const window = computeWindow(epoch)
    const challenges = await epochChallenges(facts, rules, window, entropyBlock(epoch))
    const simulated = compute.simulate({
      epoch: window,
      devices: fleet.map(({ device, behaviour }) => ({ deviceId: device.deviceId, behaviour, location: null })),
      params: PARAMS,
      random: seededRandom(29 + Number(epoch)),
      challenges,
    })
    const signed = simulated.map((report) => {
      const sequence = (sequences.get(report.deviceId) ?? 0n) + 1n
      sequences.set(report.deviceId, sequence)
      const bytes = signReport(keys.get(report.deviceId)!, {
        networkId: NETWORK_ID,
        sequence,
        timestampMs: report.timestampMs,
        kind: 'compute',
        payloadType: report.payloadType,
        payload: report.payload,
      })
      return {
        deviceId: report.deviceId,
        sequence,
        timestampMs: report.timestampMs,
        kind: 'compute',
        payloadType: report.payloadType,
        reportId: reportIdOf(openSignedReport(bytes).body),
        signed: bytes,
        receivedMs: Number(report.timestampMs),
      }
    })
    await insertReports(db, signed)
    const { input, endBlock } = await assembleEpochInput(
      facts,
      rules,
      epoch,
      signed.map((s) => s.signed),
      previous,
    )
    const result = await computeEpoch(input, { treeThreads: 1 })
    await saveEpoch(
      db,
      window,
      endBlock,
      input.emission,
      signed.map((s) => s.reportId),
      result,
      window.endMs,
      { recovered: true },
    )
    previous = { cumulative: new Map(result.cumulative.map((c) => [c.recipient, c.cumulativeAmount])), carried: result.carried }
    // While the next epoch runs (in the blocks after its entropy block), 5 s in: this epoch's verdicts
    // recorded (its root committed meanwhile); then the customer's and the market's own moves.
    const at = entropyBlock(epoch + 1n) + 1n
    if (epoch < FIRST + SETTLED_EPOCHS) await recordVerdicts(epoch, at, computeWindow(epoch + 1n).startMs + 5_000n)
    if (epoch === FIRST) {
      // The customer closes lease 5 45 s in: nothing has aged past the 60 s window, so nothing is paid yet.
      const closedAt = STARTED_AT + 45n
      const lease = leases.get(5n)!
      lease.state = 'closed'
      lease.stoppedAt = closedAt
      await append(at + 1n, closedAt * 1000n, 'LeaseClosed', { leaseId: '5', reason: '0', stoppedAt: closedAt.toString(), refunded: (DEPOSIT - PRICE * 45n).toString() })
    }
    if (epoch === FIRST + 1n) {
      // Someone settles lease 1 80 s in (20 s aged past the window); 90 s in, its customer approves up to 85 s, which settles 65 s more.
      const lease = leases.get(1n)!
      lease.paid = PRICE * 20n
      await append(at + 1n, (STARTED_AT + 80n) * 1000n, 'LeaseSettled', { leaseId: '1', paid: lease.paid.toString(), releasedUntil: (STARTED_AT + 20n).toString() })
      lease.approvedUntil = STARTED_AT + 85n
      await append(at + 2n, (STARTED_AT + 90n) * 1000n, 'LeaseApproved', { leaseId: '1', approvedUntil: lease.approvedUntil.toString() })
      lease.paid += PRICE * 65n
      await append(at + 2n, (STARTED_AT + 90n) * 1000n, 'LeaseSettled', { leaseId: '1', paid: (PRICE * 65n).toString(), releasedUntil: lease.approvedUntil.toString() })
    }
    if (epoch === FIRST + 2n) {
      // 110 s in, lease 5's accrual has all aged past the window: settled in full, its collateral back.
      const lease = leases.get(5n)!
      await append(at + 1n, (STARTED_AT + 110n) * 1000n, 'LeaseSettled', { leaseId: '5', paid: (PRICE * 45n).toString(), releasedUntil: lease.stoppedAt!.toString() })
      lease.paid += PRICE * 45n
      lease.state = 'over'
      await append(at + 1n, (STARTED_AT + 110n) * 1000n, 'LeaseFinalized', { leaseId: '5', collateralReturned: COLLATERAL.toString() })
    }
  }

  /** ComputeMarket.recordVerdicts for `epoch`'s stored records, in one block: what _verdict emits for each, in record order. */
  async function recordVerdicts(epoch: bigint, at: bigint, timeMs: bigint): Promise<void> {
    const { rows } = await db.query<{ record: string }>(`select record from kind_settlements where kind = 'compute' and epoch = $1 order by position`, [epoch.toString()])
    const now = timeMs / 1000n
    for (const row of rows) {
      const record = JSON.parse(row.record) as { leaseId: string; fault: string }
      const lease = leases.get(BigInt(record.leaseId))
      const args = { leaseId: record.leaseId, epoch: epoch.toString() }
      if (lease === undefined || lease.state === 'over') {
        await append(at, timeMs, 'VerdictSkipped', { ...args, fault: record.fault })
      } else if (record.fault === '0') {
        lease.verified += 1
        await append(at, timeMs, 'LeaseVerified', { ...args, verifiedEpochs: String(lease.verified) })
      } else {
        const end = STARTED_AT + DURATION
        const stop = lease.state === 'active' ? (now < end ? now : end) : lease.stoppedAt!
        const aged = now - APPROVAL_WINDOW
        const releasedUntil = [lease.approvedUntil > aged ? lease.approvedUntil : aged, stop].reduce((a, b) => (a < b ? a : b))
        const paid = lease.price * (releasedUntil - STARTED_AT) - lease.paid
        const held = lease.state === 'active' ? DEPOSIT : lease.price * (stop - STARTED_AT)
        const refunded = held - lease.paid - paid
        lease.paid += paid
        lease.state = 'over'
        await append(at, timeMs, 'LeaseFaulted', { ...args, fault: record.fault, paid: paid.toString(), refunded: refunded.toString(), slashed: COLLATERAL.toString() })
      }
    }
    await append(at, timeMs, 'VerdictsRecorded', { epoch: epoch.toString(), count: String(rows.length) })
  }
}

// ─────────────────────────────── the tests ───────────────────────────────

/** The oracle's clock in the tests: 20 s into the fourth epoch. */
const NOW_MS = computeWindow(FIRST + 3n).startMs + 20_000n
const text = (reason: keyof typeof COMPUTE_REASONS) => COMPUTE_REASONS[reason]
const deviceId = (i: number) => device(i).deviceId

let test: TestDb
let app: FastifyInstance
const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true })
const schemas = new Map<string, unknown>()
let lastPayload: unknown

/** The read API over `db`, as startOracle mounts it (with the API reference), watching each answer before serialisation. */
async function apiOver(db: Db): Promise<FastifyInstance> {
  const server = Fastify(pinionServerOptions)
  useErrorHandling(server)
  server.addHook('onRoute', (route) => {
    if ([route.method].flat().includes('GET')) schemas.set(route.url, (route.schema?.response as Record<number, unknown> | undefined)?.[200])
  })
  server.addHook('preSerialization', async (_request, _reply, payload) => {
    lastPayload = payload
    return payload
  })
  await registerApiDocs(server)
  const context: ApiContext = {
    db,
    trees: new TreeCache(db),
    oracle: `0x${'00'.repeat(20)}`,
    reasons: reasonWords([compute as Kind]),
    windowOf: computeWindow,
    isSealed: () => true,
    now: () => Number(NOW_MS),
    network: {},
  }
  await server.register(async (api) => registerApi(api, context))
  await server.ready()
  return server
}

beforeAll(async () => {
  test = await openTestDb()
  await fillComputeWorld(test.db)
  app = await apiOver(test.db)
}, 120_000)
afterAll(async () => {
  await app?.close()
  await test?.cleanup()
})

async function get<body>(url: string, server = app): Promise<{ status: number; body: body }> {
  const response = await server.inject({ method: 'GET', url })
  return { status: response.statusCode, body: response.json() as body }
}

type Bid = { bidId: string; deviceId: string; state: string; collateral: string; collateralLocked: string }
type Order = { orderId: string; state: string; leaseIds: string[]; bids: Bid[] } & Record<string, unknown>
type ChainVerdict = { epoch: string; outcome: string; fault: number; paid: string; refunded: string; slashed: string }
type LeaseBase = {
  leaseId: string
  state: string
  closeReason: string | null
  accrued: string
  paid: string
  releasable: string
  escrowLeft: string
  collateralLocked: string
  verifiedEpochs: number
  fault: { epoch: string; code: number; reason: string | null; reasonText: string | null; paid: string; refunded: string; slashed: string } | null
} & Record<string, unknown>
type Lease = LeaseBase & { verdicts: ChainVerdict[] }
type ReportRef = { epoch: string; reportId: Hex; valid: boolean; reason: string | null; reasonText: string | null }
type Task = {
  task: number
  commits: ReportRef[]
  reveals: (ReportRef & { fuelUsed: string })[]
  drawn: boolean | null
  verification: string
  reason: string | null
  reasonText: string | null
}
type LeaseDetail = LeaseBase & {
  asOfMs: string
  escrow: { timeMs: string; event: string; accrued: string; paid: string; escrowLeft: string; held: string }[]
  tasks: Task[]
  verdictsTotal: number
  verdicts: { epoch: string; fault: number; reason: string | null; reasonText: string | null; onChain: ChainVerdict | null }[]
}
type Provider = Record<string, unknown> & { deviceId: string; faults: { reason: string; reasonText: string; count: number }[] }

/** A lease's first non-zero verdict the oracles judged (kind_settlements), as a qualified reason, or null. */
async function firstJudgedFault(leaseId: number): Promise<{ epoch: bigint; reason: string } | null> {
  const { rows } = await test.db.query<{ epoch: unknown; record: string }>(
    `select epoch, record from kind_settlements where kind = 'compute' and (record::jsonb ->> 'leaseId') = $1 and (record::jsonb ->> 'fault') <> '0' order by epoch limit 1`,
    [String(leaseId)],
  )
  if (rows[0] === undefined) return null
  const code = Number((JSON.parse(rows[0].record) as { fault: string }).fault)
  return { epoch: BigInt(String(rows[0].epoch)), reason: `compute.${Object.entries(FAULT_CODES).find(([, c]) => c === code)![0]}` }
}

const lease = async (id: number, query = '') => (await get<LeaseDetail>(`/v1/kinds/compute/leases/${id}${query}`)).body
const seconds = (n: bigint) => (PRICE * n).toString()

describe('GET /v1/kinds/compute/orders', () => {
  it('folds every order with its bids from the stored ComputeMarket events, and what each bid locks', async () => {
    const { status, body } = await get<{ total: number; orders: Order[] }>('/v1/kinds/compute/orders')
    expect(status).toBe(200)
    expect(body.total).toBe(7)
    expect(body.orders.map((o) => [o.orderId, o.state, o.leaseIds])).toEqual([
      ['1', 'leased', ['1']],
      ['2', 'leased', ['2']],
      ['3', 'leased', ['3']],
      ['4', 'leased', ['4']],
      ['5', 'leased', ['5']],
      ['6', 'open', ['6']], // re-opened after its lease's no-show
      ['7', 'cancelled', []],
    ])
    expect(body.orders[0]).toMatchObject({
      customer: CUSTOMER,
      specHash: SPEC_HASH,
      cpuMillis: 1000,
      memoryMiB: 64,
      storageMiB: 0,
      maxPricePerSecond: MAX_PRICE.toString(),
      durationSeconds: 3600,
      deposit: DEPOSIT.toString(),
      approvalWindowSeconds: 60,
    })
    // The winner's collateral stays locked for its running lease; the loser's went back.
    expect(body.orders[0]!.bids.map((b) => [b.deviceId, b.state, b.collateralLocked])).toEqual([
      [deviceId(0), 'won', COLLATERAL.toString()],
      [deviceId(4), 'lost', '0'],
    ])
    // A lease that faulted (4, a no-show), or finalized (5), holds no collateral any more.
    expect(body.orders[3]!.bids[0]).toMatchObject({ state: 'won', collateralLocked: '0', collateral: COLLATERAL.toString() })
    expect(body.orders[4]!.bids[0]).toMatchObject({ state: 'won', collateralLocked: '0' })
    expect(body.orders[5]!.bids.map((b) => [b.deviceId, b.state, b.collateralLocked])).toEqual([
      [deviceId(5), 'no-show', '0'],
      [deviceId(0), 'open', COLLATERAL.toString()],
    ])
    expect(body.orders[6]!.bids.map((b) => b.state)).toEqual(['withdrawn'])
  })

  it('pages like every list: limit and offset, checked', async () => {
    const { body } = await get<{ total: number; orders: Order[] }>('/v1/kinds/compute/orders?limit=2&offset=5')
    expect([body.total, body.orders.map((o) => o.orderId)]).toEqual([7, ['6', '7']])
    expect((await get<{ code: string }>('/v1/kinds/compute/orders?limit=0')).body.code).toBe('PINION_ERR_BAD_QUERY')
  })
})

describe('GET /v1/kinds/compute/leases', () => {
  it("gives each lease's state, its money as ComputeMarket's views compute it at the chain's time, and the verdicts recorded", async () => {
    const { body } = await get<{ total: number; asOfMs: string; leases: Lease[] }>('/v1/kinds/compute/leases')
    expect([body.total, body.asOfMs]).toEqual([6, NOW_MS.toString()])
    const onChain = async (leaseId: number) => {
      const fault = await firstJudgedFault(leaseId)
      return fault !== null && fault.epoch < SETTLED_EPOCHS ? ['faulted', fault.reason] : ['active', null]
    }
    expect(body.leases.map((l) => [l.leaseId, l.state, l.fault?.reason ?? null])).toEqual([
      ['1', 'active', null],
      ['2', ...(await onChain(2))],
      ['3', ...(await onChain(3))],
      ['4', 'faulted', 'compute.NO_SHOW'],
      ['5', 'finalized', null],
      ['6', 'no-show', null],
    ])
    const now = NOW_MS / 1000n
    const honest = body.leases[0]!
    // Ran from STARTED_AT to now; 85 s paid (20 s aged past the window, 65 more approved); nothing released since (now − 60 s is before 85 s).
    expect(honest).toMatchObject({
      deviceId: deviceId(0),
      customer: CUSTOMER,
      pricePerSecond: PRICE.toString(),
      accrued: seconds(now - STARTED_AT),
      paid: seconds(85n),
      releasable: '0',
      escrowLeft: (DEPOSIT - PRICE * 85n).toString(),
      collateralLocked: COLLATERAL.toString(),
      startedAtMs: (STARTED_AT * 1000n).toString(),
      endsAtMs: ((STARTED_AT + DURATION) * 1000n).toString(),
      approvedUntilMs: ((STARTED_AT + 85n) * 1000n).toString(),
      closeReason: null,
      fault: null,
    })
    expect(honest.verdicts.map((v) => [v.epoch, v.outcome])).toEqual([
      ['0', 'verified'],
      ['1', 'verified'],
      ['2', 'verified'],
    ])
    expect(honest.verifiedEpochs).toBe(3)
    // The no-show lease: faulted on chain in the epoch after its second, its held pay back to the customer, its collateral burnt; nothing held any more.
    const idle = body.leases[3]!
    expect(idle.fault).toMatchObject({ epoch: '2', code: FAULT_CODES.NO_SHOW, reason: 'compute.NO_SHOW', slashed: COLLATERAL.toString() })
    expect(idle.fault!.reasonText).toMatch(/^The lease ran for its no-show epochs/)
    expect(BigInt(idle.fault!.paid) + BigInt(idle.fault!.refunded)).toBe(DEPOSIT)
    expect(idle).toMatchObject({ escrowLeft: '0', releasable: '0', collateralLocked: '0', paid: idle.fault!.paid })
    expect(idle.verdicts.map((v) => [v.epoch, v.outcome, v.fault])).toEqual([
      ['0', 'verified', 0],
      ['1', 'verified', 0],
      ['2', 'faulted', FAULT_CODES.NO_SHOW],
    ])
    // Closed by its customer 45 s in, paid in full, collateral returned.
    expect(body.leases[4]).toMatchObject({
      closeReason: 'customer',
      accrued: seconds(45n),
      paid: seconds(45n),
      escrowLeft: '0',
      collateralLocked: '0',
      endsAtMs: ((STARTED_AT + 45n) * 1000n).toString(),
    })
    expect(body.leases[5]).toMatchObject({ startedAtMs: null, endsAtMs: null, accrued: '0', escrowLeft: '0', collateralLocked: '0', verdicts: [] })
  })
})

describe('GET /v1/kinds/compute/leases/:leaseId', () => {
  it("draws an honest lease's escrow from its events: what is left to accrue, what is held, and now", async () => {
    const honest = await lease(1)
    const at = (s: bigint) => (s * 1000n).toString()
    const covered = PRICE * DURATION
    const now = NOW_MS / 1000n
    expect(honest.escrow.map((p) => [p.event, p.timeMs, p.accrued, p.paid, p.escrowLeft, p.held])).toEqual([
      ['formed', honest.formedAtMs, '0', '0', covered.toString(), '0'],
      ['started', at(STARTED_AT), '0', '0', covered.toString(), '0'],
      ['settled', at(STARTED_AT + 80n), seconds(80n), seconds(20n), seconds(DURATION - 80n), seconds(60n)],
      ['approved', at(STARTED_AT + 90n), seconds(90n), seconds(20n), seconds(DURATION - 90n), seconds(70n)],
      ['settled', at(STARTED_AT + 90n), seconds(90n), seconds(85n), seconds(DURATION - 90n), seconds(5n)],
      ['now', NOW_MS.toString(), seconds(now - STARTED_AT), seconds(85n), seconds(DURATION - (now - STARTED_AT)), seconds(now - STARTED_AT - 85n)],
    ])
  })

  it('gives each task its commit and reveal with their verdicts, and whether the oracles re-executed it, as the sample drew it', async () => {
    const { tasks, verdicts, verdictsTotal } = await lease(1)
    expect(tasks.map((t) => t.task)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    for (const t of tasks) {
      expect([t.commits.length, t.reveals.length, t.commits[0]!.valid, t.reveals[0]!.valid]).toEqual([1, 1, true, true])
      expect(BigInt(t.reveals[0]!.epoch)).toBe(BigInt(t.commits[0]!.epoch) + 1n)
      // Drawn from the entropy of the epoch after the commitment's, by the commitment itself.
      const { rows } = await test.db.query<{ signed: Uint8Array }>('select signed from reports where report_id = $1', [t.commits[0]!.reportId])
      const body = decodeReportBody(openSignedReport(rows[0]!.signed).body)
      const commit = compute.decodePayload(TASK_COMMIT_PAYLOAD_TYPE, body.payload) as { commitment: Hex }
      const drawn = isSampled(computeWindow(BigInt(t.commits[0]!.epoch) + 1n).entropy, commit.commitment, PARAMS.sampleRatePpm)
      expect([t.task, t.drawn, t.verification]).toEqual([t.task, drawn, drawn ? 'agreed' : 'accepted'])
    }
    // Both outcomes occur, so both were checked.
    expect(new Set(tasks.map((t) => t.verification))).toEqual(new Set(['agreed', 'accepted']))
    // Verdicts newest first: the fourth epoch's is judged, not yet on chain.
    expect(verdictsTotal).toBe(4)
    expect(verdicts.map((v) => [v.epoch, v.fault, v.reason, v.onChain?.outcome ?? null])).toEqual([
      ['3', 0, null, null],
      ['2', 0, null, 'verified'],
      ['1', 0, null, 'verified'],
      ['0', 0, null, 'verified'],
    ])
    expect((await lease(1, '?limit=1&offset=1')).verdicts.map((v) => v.epoch)).toEqual(['2'])
  })

  it("shows a lazy provider's rejected reveals with the kind's reason, drawn, and the fault the market recorded", async () => {
    const lazy = await lease(2)
    const rejected = lazy.tasks.filter((t) => t.verification === 'rejected')
    expect(rejected.length).toBeGreaterThan(0)
    for (const t of rejected) expect([t.reason, t.reasonText, t.drawn, t.reveals[0]!.valid]).toEqual(['compute.RESULT_MISMATCH', text('RESULT_MISMATCH'), true, false])
    // Its lease's first fault, as the oracles judged it, in words; on chain once its epoch's verdicts are.
    const judged = (await firstJudgedFault(2))!
    const fault = lazy.verdicts.find((v) => v.fault !== 0)!
    expect(fault).toMatchObject({
      epoch: String(judged.epoch),
      reason: judged.reason,
      reasonText: expect.any(String),
      onChain: judged.epoch < SETTLED_EPOCHS ? { outcome: 'faulted' } : null,
    })
    expect(fault.reasonText).not.toBe(fault.reason)
    // A faulted lease's escrow ends at its fault: nothing left to accrue, nothing held.
    const idle = await lease(4)
    expect(idle.escrow.map((p) => p.event)).toEqual(['formed', 'started', 'faulted'])
    expect(idle.escrow.at(-1)).toMatchObject({ event: 'faulted', escrowLeft: '0', held: '0', paid: idle.fault!.paid })
    expect(idle.tasks).toEqual([])
  })

  it('shows a lease closed by its customer down to its finalizing, and a no-show that never started', async () => {
    const closed = await lease(5)
    expect(closed.escrow.map((p) => [p.event, p.escrowLeft, p.held])).toEqual([
      ['formed', seconds(DURATION), '0'],
      ['started', seconds(DURATION), '0'],
      ['closed', '0', seconds(45n)],
      ['settled', '0', '0'],
      ['finalized', '0', '0'],
    ])
    const noShow = await lease(6)
    expect(noShow.escrow.map((p) => [p.event, p.escrowLeft])).toEqual([
      ['formed', seconds(DURATION)],
      ['no-show', '0'],
    ])
    expect([noShow.tasks, noShow.verdictsTotal]).toEqual([[], 0])
  })

  it('answers an unknown lease 404 and a malformed id 400, with their codes', async () => {
    for (const id of ['9', (2n ** 256n - 1n).toString()]) {
      const { status, body } = await get<{ code: string; message: string }>(`/v1/kinds/compute/leases/${id}`)
      expect([status, body.code]).toEqual([404, 'PINION_ERR_NOT_FOUND'])
      expect(body.message).toContain(`no compute lease ${id}`)
    }
    for (const id of ['abc', '01', '-1', '0x10', (2n ** 256n).toString()]) {
      const { status, body } = await get<{ code: string; message: string }>(`/v1/kinds/compute/leases/${id}`)
      expect([id, status, body.code]).toEqual([id, 400, 'PINION_ERR_BAD_REQUEST'])
      expect(body.message).toContain('expected a lease id: a whole number from 0 to 2^256 − 1')
    }
  })
})

describe('GET /v1/kinds/compute/providers', () => {
  it('sums each provider: leases, accepted and re-executed work from its shares, faults by reason, collateral, reputation as carried', async () => {
    const { body } = await get<{ total: number; reputationEpoch: string; providers: Provider[] }>('/v1/kinds/compute/providers')
    expect([body.total, body.reputationEpoch]).toEqual([6, '3'])
    expect(body.providers.map((p) => p.deviceId)).toEqual([0, 4, 1, 2, 3, 5].map(deviceId)) // by first bid
    const { tasks } = await lease(1)
    const agreed = tasks.filter((t) => t.verification === 'agreed').length
    const { rows } = await test.db.query<{ alpha: string; beta: string }>(
      `select carried->'compute'->'reputations'->$1->>'alpha' as alpha, carried->'compute'->'reputations'->$1->>'beta' as beta from epochs where epoch = 3`,
      [deviceId(0)],
    )
    const reputation = { alpha: BigInt(rows[0]!.alpha), beta: BigInt(rows[0]!.beta) }
    const score = reputationScore(reputation)
    expect(body.providers[0]).toMatchObject({
      provider: device(0).owner.toLowerCase(),
      bids: 2,
      leasesWon: 1,
      leasesRunning: 1,
      tasksAccepted: 8,
      tasksReexecuted: agreed,
      faults: [],
      paid: seconds(85n),
      // Its lease's collateral and its open bid on order 6.
      collateralLocked: (2n * COLLATERAL).toString(),
      alpha: reputation.alpha.toString(),
      beta: '0',
      disqualified: false,
    })
    expect(body.providers[0]!.reputation).toBe(score === 10n ** 18n ? '1' : `0.${score.toString().padStart(18, '0').replace(/0+$/, '')}`)
    for (const [index, leaseId] of [
      [2, 2],
      [3, 3],
    ]) {
      const fault = (await firstJudgedFault(leaseId!))!
      expect(body.providers[index!]!.faults).toEqual([{ reason: fault.reason, reasonText: expect.any(String), count: 1 }])
    }
    // Caught: a failure in its reputation.
    const lazy = body.providers[2]!
    expect(BigInt(lazy.beta as string)).toBeGreaterThan(0n)
    expect(reputationScore({ alpha: BigInt(lazy.alpha as string), beta: BigInt(lazy.beta as string) })).toBeLessThan(STORJ_AUDIT_REPUTATION.initial.alpha + 10n ** 18n)
    expect(body.providers[4]!.faults).toEqual([{ reason: qualifiedName('compute', 'NO_SHOW'), reasonText: expect.stringMatching(/no-show epochs/), count: 1 }])
    expect(body.providers[4]).toMatchObject({ tasksAccepted: 0, collateralLocked: '0' })
    // Never started its lease: no faults the oracles judged, its collateral burnt by the market.
    expect(body.providers[5]).toMatchObject({ leasesWon: 1, leasesRunning: 0, faults: [], collateralLocked: '0', reputation: '1' })
    expect((await get<{ providers: Provider[] }>('/v1/kinds/compute/providers?limit=1&offset=5')).body.providers.map((p) => p.deviceId)).toEqual([deviceId(5)])
  })
})

describe('the compute routes on a network without the compute kind', () => {
  it('answer empty lists and no lease', async () => {
    const empty = await openTestDb()
    const server = await apiOver(empty.db)
    try {
      expect((await get('/v1/kinds/compute/orders', server)).body).toEqual({ total: 0, orders: [] })
      expect((await get('/v1/kinds/compute/leases', server)).body).toEqual({ total: 0, asOfMs: ((NOW_MS / 1000n) * 1000n).toString(), leases: [] })
      expect((await get('/v1/kinds/compute/providers', server)).body).toEqual({ total: 0, reputationEpoch: null, providers: [] })
      expect((await get<{ code: string }>('/v1/kinds/compute/leases/1', server)).body.code).toBe('PINION_ERR_NOT_FOUND')
    } finally {
      await server.close()
      await empty.cleanup()
    }
  })
})

describe('the compute routes’ response schemas', () => {
  // As responseSchemas.db.test.ts checks every route: the handler's answer, before serialisation,
  // against its schema (closed objects, types, patterns, enums), and served unchanged.
  it.each([
    '/v1/kinds/compute/orders',
    '/v1/kinds/compute/leases',
    '/v1/kinds/compute/leases/1',
    '/v1/kinds/compute/leases/2',
    '/v1/kinds/compute/leases/5',
    '/v1/kinds/compute/leases/6',
    '/v1/kinds/compute/providers',
  ])('GET %s answers exactly what its schema says', async (url) => {
    lastPayload = undefined
    const response = await app.inject({ method: 'GET', url })
    expect(response.statusCode).toBe(200)
    const route = url.replace(/\/leases\/[0-9]+$/, '/leases/:leaseId')
    const validate = ajv.compile(schemas.get(route) as object)
    const plain: unknown = JSON.parse(JSON.stringify(lastPayload))
    expect(validate(plain) ? [] : validate.errors).toEqual([])
    expect(isDeepStrictEqual(JSON.parse(response.body), plain)).toBe(true)
  })

  it('documents the compute routes from their schemas', async () => {
    const { paths } = (await get<{ paths: Record<string, { get?: { tags?: string[]; parameters?: { name: string; in: string }[] } }> }>('/docs/json')).body
    for (const path of ['/v1/kinds/compute/orders', '/v1/kinds/compute/leases', '/v1/kinds/compute/leases/{leaseId}', '/v1/kinds/compute/providers']) {
      expect(paths[path]?.get?.tags, path).toEqual(['read'])
    }
    expect(paths['/v1/kinds/compute/leases/{leaseId}']!.get!.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:leaseId', 'query:limit', 'query:offset'])
  })
})
