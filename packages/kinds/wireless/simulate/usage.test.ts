import { ONE } from '@pinion/protocol'
import { type Hex, keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import type { DeviceRecord, EpochWindow, KindReport, SimulatedDevice } from '../../src/kind.ts'
import { seededRandom } from '../../src/seededRandom.ts'
import type { WirelessParams } from '../params.ts'
import { type DataTransfer, type WirelessPayload, decodeWirelessPayload, verifyDataTransferSignature } from '../payload.ts'
import { DEVNET_ROUTER_KEY } from '../routerKey.ts'
import { USAGE_POOL, scoreWireless } from '../score.ts'
import { splitWirelessPools } from '../splitPools.ts'
import { MAX_LORA_PAYLOAD_BYTES, verifyWireless } from '../verify.ts'
import { verifyWirelessEpoch } from '../verifyEpoch.ts'
import { DAY, TOWN_WORLD, devices, id, params, placements } from '../../../testkit/src/kinds/wirelessSimulate.ts'
import { DEFAULT_WORLD, cellAt, centreOf, fromOrigin, metresBetween } from './geography.ts'
import { placeWirelessFleet } from './place.ts'
import { type LabelledReport, simulateWirelessLabelled } from './simulate.ts'
import { LORAWAN_OVERHEAD_BYTES, SIMULATED_USAGE_BYTES_PER_DAY, networkTimeScale, spotDemands } from './usage.ts'
import { NO_KIND_INPUTS } from '../../src/inputs.ts'

const devnet: WirelessParams = { ...params, beaconIntervalMs: 15_000n, reciprocityWindowMs: 120_000n, hexDensityWindowMs: 150_000n, travelCooldownMs: 60_000n }
const behaviourOf = new Map(devices.map((d) => [d.deviceId, d.behaviour]))
const records = new Map<Hex, DeviceRecord>(
  devices.map((d, i) => [
    d.deviceId,
    {
      deviceId: d.deviceId,
      owner: '0x1000000000000000000000000000000000000001',
      recipient: '0x2000000000000000000000000000000000000002',
      deviceClass: 1,
      keyType: 'ed25519',
      publicKey: d.deviceId,
      location: d.location,
      locations: d.location === null ? [] : [{ cell: d.location, atMs: 0n, antennaGain: placements[i]!.antennaGain, elevation: placements[i]!.elevation }],
      active: true,
    },
  ]),
)
const MINUTE: EpochWindow = { ...DAY, endMs: DAY.startMs + 60_000n }
const run = (epoch: EpochWindow, p: WirelessParams, fleet = devices, seed = 3) => simulateWirelessLabelled({ epoch, devices: fleet, params: p, random: seededRandom(seed) })

type Transfer = { report: LabelledReport; transfer: DataTransfer }
const transfersOf = (list: readonly LabelledReport[]): Transfer[] =>
  list.flatMap((report) => (report.payloadType === 'data_transfer' ? [{ report, transfer: decodeWirelessPayload('data_transfer', report.payload) as DataTransfer }] : []))
const bytesOf = (list: readonly Transfer[]) => list.reduce((sum, t) => sum + t.transfer.bytes, 0n)

/** The reports as the pipeline hands them to the kind: per-device sequences in time order, unique ids, canonical order. */
function asKindReports(list: readonly LabelledReport[]): KindReport<WirelessPayload>[] {
  const next = new Map<Hex, bigint>()
  return list
    .map((r, i) => {
      const sequence = (next.get(r.deviceId) ?? 0n) + 1n
      next.set(r.deviceId, sequence)
      return {
        reportId: keccak256(toBytes(`${r.deviceId}/${sequence}/${i}`)),
        deviceId: r.deviceId,
        sequence,
        timestampMs: r.timestampMs,
        payloadType: r.payloadType,
        payload: decodeWirelessPayload(r.payloadType, r.payload),
      }
    })
    .sort((a, b) => (a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0))
}

/** verify, verifyEpoch, score and splitPools over one simulated epoch, as computeEpoch runs them. */
function pipeline(epoch: EpochWindow, p: WirelessParams) {
  const labelled = run(epoch, p)
  const reports = asKindReports(labelled)
  const verdicts = new Map(reports.map((r) => [r.reportId, verifyWireless(r, { epoch, device: records.get(r.deviceId)!, params: p, carried: null, inputs: NO_KIND_INPUTS })]))
  const passed = reports.filter((r) => verdicts.get(r.reportId)!.valid)
  const ctx = { epoch, devices: records, params: p, carried: null, inputs: NO_KIND_INPUTS }
  const epochInvalid = verifyWirelessEpoch(passed, ctx)
  const valid = passed.filter((r) => !epochInvalid.has(r.reportId))
  const shares = scoreWireless(valid, ctx)
  return { labelled, reports, verdicts, epochInvalid, valid, shares, split: splitWirelessPools(shares, ctx) }
}

describe('simulated traffic (data transfers)', () => {
  const day = pipeline(DAY, params)
  const minute = pipeline(MINUTE, devnet)

  it('passes the kind: every transfer is valid in verify and verifyEpoch, and pays usage shares of exactly its bytes', () => {
    for (const { reports, verdicts, epochInvalid, valid, shares } of [day, minute]) {
      const transfers = reports.filter((r) => r.payload.type === 'data_transfer')
      expect(transfers.length).toBeGreaterThan(20)
      for (const r of transfers) {
        expect(verdicts.get(r.reportId)).toEqual({ valid: true })
        expect(epochInvalid.has(r.reportId)).toBe(false)
      }
      const usage = shares.filter((s) => s.pool === USAGE_POOL)
      const carried = new Map<Hex, bigint>()
      for (const r of valid) if (r.payload.type === 'data_transfer') carried.set(r.deviceId, (carried.get(r.deviceId) ?? 0n) + r.payload.bytes)
      expect(new Map(usage.map((s) => [s.deviceId, s.base / ONE]))).toEqual(carried)
      for (const s of usage) expect(s.base % ONE).toBe(0n)
    }
  })

  it('moves the budget toward usage, above the schedule floor, in Helium day epochs and devnet minute epochs alike', () => {
    const floor = params.usageSchedule[0]!.usageBps
    for (const { split, shares } of [day, minute]) {
      const bytes = shares.filter((s) => s.pool === USAGE_POOL).reduce((sum, s) => sum + s.base / ONE, 0n)
      expect(bytes).toBeGreaterThan(50_000_000n) // ~40 radios × 4 MB a network day
      expect(split[USAGE_POOL]).toBeGreaterThan(floor + 200)
      expect(split[USAGE_POOL]! + split.coverage!).toBe(10_000)
    }
  })

  it('builds transfers the verifier accepts for the reasons it checks: devnet router, good signature, plausible, inside the epoch', () => {
    for (const [epoch, list] of [
      [DAY, day.labelled],
      [MINUTE, minute.labelled],
    ] as const) {
      const transfers = transfersOf(list)
      const sessions = new Set<string>()
      for (const { report, transfer } of transfers) {
        expect(report.truth).toBe('honest')
        expect(transfer.routerPublicKey).toBe(DEVNET_ROUTER_KEY.publicKey)
        expect(verifyDataTransferSignature(report.deviceId, transfer)).toBe(true)
        expect(transfer.packets).toBeGreaterThan(0n)
        expect(transfer.bytes).toBeLessThanOrEqual(transfer.packets * MAX_LORA_PAYLOAD_BYTES)
        expect(transfer.bytes).toBeGreaterThanOrEqual(transfer.packets * BigInt(LORAWAN_OVERHEAD_BYTES))
        expect(transfer.startedAtMs).toBeGreaterThanOrEqual(epoch.startMs)
        expect(transfer.endedAtMs).toBeGreaterThanOrEqual(transfer.startedAtMs)
        expect(transfer.endedAtMs).toBeLessThan(epoch.endMs)
        expect(report.timestampMs).toBe(transfer.endedAtMs)
        const key = `${report.deviceId}${transfer.sessionId}`
        expect(sessions.has(key)).toBe(false)
        sessions.add(key)
      }
    }
  })

  it('comes from devices with a radio, where it is: never rings; spoofers and sybils at their actual spot, a sybil group sharing its one', () => {
    const carriers = new Set(transfersOf(day.labelled).map((t) => t.report.deviceId))
    for (const d of devices) if (d.behaviour === 'witness-ring') expect(carriers.has(d.deviceId)).toBe(false)
    for (const behaviour of ['honest', 'beacon-replayer', 'relay', 'gps-spoofer', 'sybil']) {
      expect(
        [...carriers].some((c) => behaviourOf.get(c) === behaviour),
        behaviour,
      ).toBe(true)
    }
    // More devices on one roof carry that roof's traffic between them, not more of it. (An isolated
    // spot, so no other spot's town factor changes.)
    const far = cellAt(fromOrigin(TOWN_WORLD, 80, 80))
    const alone: SimulatedDevice[] = [...devices.slice(0, 24), { deviceId: id(200), behaviour: 'honest', location: far }]
    const crowd: SimulatedDevice[] = [
      ...alone,
      ...[201, 202].map((k) => ({ deviceId: id(k), behaviour: 'sybil', location: cellAt(fromOrigin(TOWN_WORLD, 81, 80)), actualLocation: far })),
    ]
    const at = (list: LabelledReport[]) => bytesOf(transfersOf(list).filter((t) => [id(200), id(201), id(202)].includes(t.report.deviceId)))
    for (const seed of [3, 4, 5]) {
      const one = at(run(DAY, params, alone, seed))
      expect(at(run(DAY, params, crowd, seed))).toBe(one)
    }
  })

  it('is heavy-tailed, and busier in towns than in the countryside', () => {
    // A 300-hotspot honest fleet over the default world (a city, eleven towns, countryside).
    const fleet = placeWirelessFleet({ behaviours: Array<string>(300).fill('honest'), params, random: seededRandom(11) })
    const nodes = fleet.map((p, i) => ({ deviceId: id(i), behaviour: 'honest' as const, actual: p.actual }))
    const demand = spotDemands(nodes)
    const volumes = [...demand.values()].sort((a, b) => b - a)
    const total = volumes.reduce((s, v) => s + v, 0)
    // The chosen rate on average; most carry little, a few a lot.
    expect(total / volumes.length).toBeGreaterThan(SIMULATED_USAGE_BYTES_PER_DAY * 0.6)
    expect(total / volumes.length).toBeLessThan(SIMULATED_USAGE_BYTES_PER_DAY * 1.5)
    expect(volumes.slice(0, volumes.length / 5).reduce((s, v) => s + v, 0)).toBeGreaterThan(0.5 * total)
    expect(volumes[Math.floor(volumes.length / 2)]!).toBeLessThan(total / volumes.length / 2)
    // Town hotspots (within twice a cluster's radius of its centre) carry more than the countryside's.
    const inTown = (cell: bigint) => DEFAULT_WORLD.clusters.some((c) => metresBetween(centreOf(cell), fromOrigin(DEFAULT_WORLD, c.eastKm, c.northKm)) <= 2_000 * c.radiusKm)
    const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!
    const town = [...demand].filter(([cell]) => inTown(cell)).map(([, v]) => v)
    const rural = [...demand].filter(([cell]) => !inTown(cell)).map(([, v]) => v)
    expect(town.length).toBeGreaterThan(100)
    expect(rural.length).toBeGreaterThan(60)
    expect(median(town)).toBeGreaterThan(2 * median(rural))
  })

  it('scales with the epoch in network time: a 12 h Helium epoch carries about half a day, a devnet minute about a Helium day', () => {
    expect(networkTimeScale(params)).toBe(1)
    expect(networkTimeScale(devnet)).toBe(1_440)
    const dayBytes = Number(bytesOf(transfersOf(day.labelled)))
    const half = Number(bytesOf(transfersOf(run({ ...DAY, endMs: DAY.startMs + 43_200_000n }, params))))
    const minuteBytes = Number(bytesOf(transfersOf(minute.labelled)))
    expect(half / dayBytes).toBeGreaterThan(0.25)
    expect(half / dayBytes).toBeLessThan(0.9)
    expect(minuteBytes / dayBytes).toBeGreaterThan(0.4)
    expect(minuteBytes / dayBytes).toBeLessThan(2.5)
    // Around the chosen rate: 4 MB a hotspot a network day (heavy-tailed, so one epoch is loose).
    const radios = devices.filter((d) => d.behaviour !== 'witness-ring').length
    expect(dayBytes / radios).toBeGreaterThan(SIMULATED_USAGE_BYTES_PER_DAY / 4)
    expect(dayBytes / radios).toBeLessThan(SIMULATED_USAGE_BYTES_PER_DAY * 4)
  })

  it('leaves beacons and witnesses byte for byte as without traffic (own stream), and carries none when the devnet router is not authorised', () => {
    const without = run(DAY, { ...params, routers: [] })
    expect(transfersOf(without)).toHaveLength(0)
    const line = (r: LabelledReport) => `${r.deviceId} ${r.timestampMs} ${r.payloadType} ${Buffer.from(r.payload).toString('hex')} ${r.truth}`
    expect(day.labelled.filter((r) => r.payloadType !== 'data_transfer').map(line)).toEqual(without.map(line))
    // Sorted by time, as before.
    for (let i = 1; i < day.labelled.length; i++) expect(day.labelled[i]!.timestampMs >= day.labelled[i - 1]!.timestampMs).toBe(true)
  })
})
