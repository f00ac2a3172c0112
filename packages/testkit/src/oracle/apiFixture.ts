import type { Hex } from 'viem'
import { type DeviceRecord, issueChallenges } from '@pinion/kinds'
import { ping } from '@pinion/kinds/ping'
import Fastify, { type FastifyInstance } from 'fastify'
import { epochWindow } from '../../../oracle/src/chain/schedule.ts'
import type { Db } from '../../../oracle/src/store/db.ts'
import { openTestDb } from '@pinion/testkit/db'
import type { ApiContext } from '../../../oracle/src/api/context.ts'
import { TreeCache } from '../../../oracle/src/api/proofs.ts'
import { pinionServerOptions, useErrorHandling } from '../../../oracle/src/api/errorPlugin.ts'
import { registerApi } from '../../../oracle/src/api/registerApi.ts'

/*
 * A read API over a small hand-written network, for route tests with inject(): three devices (two
 * located in one Zürich neighbourhood, one never located), two computed epochs of 60 s each.
 * Every field a route can answer has a value somewhere in it (a device's kinds, location history,
 * multipliers and inputs, an equivocation), so responseSchemas.db.test.ts sees each one.
 */

/** The fixture oracle's clock: 2026-06-01T00:00:00Z, pinned. */
export const FIXTURE_NOW_MS = 1_780_272_000_000

export const ALICE = '0x00000000000000000000000000000000000000a1'
export const BOB = '0x00000000000000000000000000000000000000b0'
const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
/** Located at H3 resolution 12 in Zürich, owned by Alice, earns in both epochs. */
export const ZURICH_DEVICE = id(1)
/** Located in the same resolution-7 cell as ZURICH_DEVICE, owned by Bob, suspended, never valid. */
export const NEIGHBOUR_DEVICE = id(2)
/** Never asserted a location; owned by Bob, earns in epoch 1. */
export const UNLOCATED_DEVICE = id(3)
export const ZURICH_CELL = 0x8c1f8ed9519b9ffn
export const ZURICH_CELL_RES7 = '871f8ed95ffffff'
/** Another resolution-12 cell inside ZURICH_CELL_RES7 (a sibling of ZURICH_CELL). */
const NEIGHBOUR_CELL = 0x8c1f8ed9519bbffn

export const REASONS = { BAD_SIGNATURE: 'The signature is not the device key’s.', NOT_ENOUGH_HEARTBEATS: 'Too few heartbeats in the sub-interval.' }
const SCHEDULE = { genesisTime: 0n, epochDuration: 60n }

/** A report id (32 bytes of hex) for the fixture's report `sequence` of `deviceId`. */
const reportId = (deviceId: string, sequence: number) => id(Number(BigInt(deviceId)) * 1_000 + sequence)

/** The network facts the fixture oracle serves in /v1/status, shaped as startOracle gives them. */
const NETWORK = {
  chainId: 31337,
  networkId: `0x${'4e'.repeat(32)}`,
  contracts: {
    chainId: 31337,
    token: `0x${'01'.repeat(20)}`,
    registry: `0x${'02'.repeat(20)}`,
    emissions: `0x${'03'.repeat(20)}`,
    distributor: `0x${'04'.repeat(20)}`,
    params: `0x${'05'.repeat(20)}`,
    timelock: `0x${'06'.repeat(20)}`,
    governor: `0x${'07'.repeat(20)}`,
    deployer: `0x${'08'.repeat(20)}`,
    deployedBy: `0x${'09'.repeat(20)}`,
    guardian: `0x${'00'.repeat(20)}`,
    blockNumber: '12',
  },
  schedule: { genesisTime: SCHEDULE.genesisTime.toString(), epochDuration: SCHEDULE.epochDuration.toString() },
  database: 'pglite',
} as const

export type ApiFixture = { app: FastifyInstance; db: Db; close(): Promise<void> }

/** `beforeRoutes` runs on the server before the API's routes are registered: hooks added there see every route. */
export async function startApiFixture(options: { beforeRoutes?: (app: FastifyInstance) => void } = {}): Promise<ApiFixture> {
  const { db, cleanup } = await openTestDb()
  await seed(db)
  const context: ApiContext = {
    db,
    trees: new TreeCache(db),
    oracle: '0x0000000000000000000000000000000000000001',
    reasons: REASONS,
    windowOf: (epoch) => epochWindow(SCHEDULE, epoch, '0x'),
    // One ping challenge to the Zurich device in each epoch up to 5; later epochs have not begun.
    challenges: async (epoch) =>
      epoch > 5n
        ? { status: 'not-started' }
        : {
            status: 'issued',
            challenges: issueChallenges(ping, {
              epoch: epochWindow(SCHEDULE, epoch, `0x${'ab'.repeat(32)}`),
              devices: new Map([[ZURICH_DEVICE as Hex, { deviceId: ZURICH_DEVICE, active: true } as DeviceRecord]]),
              stake: new Map([[ZURICH_DEVICE as Hex, 10n ** 30n]]),
              params: { ...ping.defaultParams, challengesPerEpoch: 1 },
            }),
          },
    // As an oracle does: an epoch is sealed once its window has passed (these are, long ago).
    isSealed: (epoch) => epochWindow(SCHEDULE, epoch, '0x').endMs <= BigInt(FIXTURE_NOW_MS),
    now: () => FIXTURE_NOW_MS,
    network: NETWORK,
  }
  // As startOracle builds its server: errors before routing, route errors and 404s in one format.
  const app = Fastify(pinionServerOptions)
  useErrorHandling(app)
  options.beforeRoutes?.(app)
  await app.register(async (api) => registerApi(api, context))
  await app.ready()
  return {
    app,
    db,
    async close() {
      await app.close()
      await cleanup()
    },
  }
}

/** GET `url` through inject; the parsed JSON body and the status. */
export async function getJson<body = Record<string, unknown>>(app: FastifyInstance, url: string): Promise<{ status: number; body: body }> {
  const response = await app.inject({ method: 'GET', url })
  return { status: response.statusCode, body: response.json() as body }
}

async function seed(db: Db): Promise<void> {
  const devices: [string, string, bigint | null, boolean][] = [
    [ZURICH_DEVICE, ALICE, ZURICH_CELL, false],
    [NEIGHBOUR_DEVICE, BOB, NEIGHBOUR_CELL, true],
    [UNLOCATED_DEVICE, BOB, null, false],
  ]
  for (const [deviceId, owner, location, suspended] of devices) {
    await db.query(
      `insert into devices (device_id, owner, device_class, key_type, public_key, maker, serial, location, suspended,
                            registered_block, registered_time_ms, updated_block)
       values ($1, $2, 1, 'ed25519', $1, $2, $1, $3, $4, 1, 0, 1)`,
      [deviceId, owner, location?.toString() ?? null, suspended],
    )
  }
  // Epoch 0 emits 1,000, epoch 1 emits 800; only epoch 1 is committed on chain.
  for (const [epoch, emission, total, committed] of [
    [0, 1000, 900, null],
    [1, 800, 1700, '0xc0ffee'],
  ] as const) {
    await db.query(
      `insert into epochs (epoch, start_ms, end_ms, entropy, inputs_hash, params_hash, emission, root, total_cumulative,
                           report_count, valid_count, device_count, computed_at_ms, committed_tx, committed_block)
       values ($1, $2, $3, '0x', '0x01', '0x02', $4, '0x03', $5, 4, 3, 3, 0, $6, $7)`,
      [epoch, epoch * 60_000, (epoch + 1) * 60_000, emission, total, committed, committed ? 42 : null],
    )
  }
  await db.query('update epochs set end_block = 40 where epoch = 1')
  await db.query(`insert into pool_allocations (epoch, pool, basis_points, allocation, paid, remainder) values (1, 'uptime', 10000, 800, 800, 0)`)
  await db.query(
    `insert into root_signatures (epoch, oracle, root, signature, version, total_cumulative, inputs_hash, params_hash)
     values (1, '0x0000000000000000000000000000000000000001', '0x03', $1, 0, 1700, '0x01', '0x02')`,
    [`0x${'5e'.repeat(65)}`],
  )
  // The registry's events for the located devices: registration, then the location they asserted.
  for (const [deviceId, owner, cell, block] of [
    [ZURICH_DEVICE, ALICE, ZURICH_CELL, 1],
    [NEIGHBOUR_DEVICE, BOB, NEIGHBOUR_CELL, 3],
  ] as const) {
    const registered = { owner, deviceClass: 1, keyType: 1, key: deviceId, serial: deviceId, maker: owner }
    const located = { cell: cell.toString(), antennaGain: 12, elevation: -3, locationNonce: 1 }
    for (const [offset, event, args] of [
      [0, 'DeviceRegistered', registered],
      [1, 'LocationAsserted', located],
    ] as const) {
      await db.query('insert into registry_events (block_number, log_index, block_time_ms, event, device_id, args) values ($1, 0, $2, $3, $4, $5)', [
        block + offset,
        (block + offset) * 12_000,
        event,
        deviceId,
        JSON.stringify(args),
      ])
    }
  }
  const verdicts: [number, string, number, boolean, string | null][] = [
    [0, ZURICH_DEVICE, 1, true, null],
    [0, NEIGHBOUR_DEVICE, 1, false, 'BAD_SIGNATURE'],
    [1, ZURICH_DEVICE, 2, true, null],
    [1, ZURICH_DEVICE, 3, false, 'NOT_ENOUGH_HEARTBEATS'],
    [1, NEIGHBOUR_DEVICE, 2, false, 'BAD_SIGNATURE'],
    [1, NEIGHBOUR_DEVICE, 3, false, 'BAD_SIGNATURE'],
    [1, UNLOCATED_DEVICE, 1, true, null],
    // Two reports signed under one sequence: one stored (the first received), one this oracle never held.
    [1, UNLOCATED_DEVICE, 7, false, 'DEVICE_EQUIVOCATED'],
    [1, UNLOCATED_DEVICE, 8, false, 'DEVICE_EQUIVOCATED'],
  ]
  for (const [epoch, deviceId, sequence, valid, reason] of verdicts) {
    await db.query('insert into verdicts (epoch, report_id, device_id, sequence, valid, reason) values ($1, $2, $3, $4, $5, $6)', [
      epoch,
      reportId(deviceId, sequence),
      deviceId,
      // The equivocating pair share one sequence.
      reason === 'DEVICE_EQUIVOCATED' ? 7 : sequence,
      valid,
      reason,
    ])
  }
  const shares: [number, string, string, string, number][] = [
    [0, ZURICH_DEVICE, 'uptime', ALICE, 900],
    [1, ZURICH_DEVICE, 'uptime', ALICE, 500],
    [1, UNLOCATED_DEVICE, 'uptime', BOB, 300],
  ]
  for (const [epoch, deviceId, pool, recipient, amount] of shares) {
    await db.query(
      `insert into shares (epoch, device_id, pool, recipient, base, weight, multipliers, inputs, amount)
       values ($1, $2, $3, $4, 1, 1, '[]', '{}', $5)`,
      [epoch, deviceId, pool, recipient, amount],
    )
  }
  // One share explained as a kind explains it: multipliers with their reasons, and the inputs.
  await db.query('update shares set base = $1, weight = $1, multipliers = $2, inputs = $3 where epoch = 1 and device_id = $4', [
    10n ** 18n,
    JSON.stringify([{ name: 'qualification', value: (10n ** 18n).toString(), why: 'Heartbeats in enough sub-intervals.' }]),
    JSON.stringify({ subIntervalsCovered: 5, qualified: true, rules: 'v1' }),
    ZURICH_DEVICE,
  ])
  for (const [epoch, recipient, amount] of [
    [0, ALICE, 900],
    [1, ALICE, 1400],
    [1, BOB, 300],
  ] as const) {
    await db.query('insert into cumulative (epoch, recipient, amount) values ($1, $2, $3)', [epoch, recipient, amount])
  }
  // Two recent reports from two devices: what /v1/activity counts as online now. Older ones too: the
  // Zürich device also sent a report of a second kind, and the unlocated one the equivocation it kept.
  const now = FIXTURE_NOW_MS
  for (const [deviceId, sequence, ageMs, kind, payloadType] of [
    [ZURICH_DEVICE, 10, 5_000, 'uptime', 'heartbeat'],
    [UNLOCATED_DEVICE, 10, 1_000, 'uptime', 'heartbeat'],
    [ZURICH_DEVICE, 9, 3_600_000, 'uptime', 'heartbeat'],
    [ZURICH_DEVICE, 8, 7_200_000, 'wireless', 'beacon'],
    [UNLOCATED_DEVICE, 7, 3_600_000, 'uptime', 'heartbeat'],
  ] as const) {
    await db.query(
      `insert into reports (device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, signed)
       values ($1, $2, $3, $3, $4, $5, $6, $7)`,
      [deviceId, sequence, now - ageMs, kind, payloadType, reportId(deviceId, sequence), new Uint8Array([1])],
    )
  }
}
