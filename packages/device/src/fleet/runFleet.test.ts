import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EpochWindow } from '@pinion/kinds'
import { DEFAULT_UPTIME_PARAMS, type UptimeParams, uptime } from '@pinion/kinds/uptime'
import { type DeviceKey, deviceIdOf, generateDeviceKey, networkIdOf } from '@pinion/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock } from '../../../testkit/src/device/fakeClock.ts'
import { type FakeIngest, startFakeIngest } from '../../../testkit/src/device/fakeIngestServer.ts'
import type { DeviceError } from '../errors.ts'
import { type FleetDevice, type FleetReport, type RunFleetOptions, runFleet } from './runFleet.ts'
import { seededRandom } from './seededRandom.ts'

const networkId = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
const HOUR = 3_600_000n
const START = 1_767_225_600_000n
const epochs: EpochWindow[] = [0n, 1n].map((epoch) => ({
  epoch,
  startMs: START + epoch * HOUR,
  endMs: START + (epoch + 1n) * HOUR,
  entropy: `0x${'ab'.repeat(32)}`,
}))
/** Uptime behaviours (the kind's own misbehaviour included) and the envelope adversaries. */
const behaviours = ['honest', 'honest', 'flaky', 'offline', 'burst', 'clock-skew', 'replayer', 'forger', 'wrong-network'] as const
/** Four 15-minute sub-intervals per one-hour epoch: an honest device sends four heartbeats. */
const kindParams: UptimeParams = { ...DEFAULT_UPTIME_PARAMS, subIntervalMs: 900_000n }

let devices: FleetDevice[]
let servers: FakeIngest[] = []
beforeEach(() => {
  devices = behaviours.map((behaviour, i) => ({ key: generateDeviceKey(i % 2 === 0 ? 'ed25519' : 'p256'), behaviour }))
})
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

/** Two oracles that know every device of the fleet. */
async function startOracles(): Promise<[FakeIngest, FakeIngest]> {
  const keys: DeviceKey[] = devices.map((d) => d.key)
  servers = [await startFakeIngest({ networkId, devices: keys }), await startFakeIngest({ networkId, devices: keys })]
  return servers as [FakeIngest, FakeIngest]
}

function options(oracles: readonly FakeIngest[], overrides: Partial<RunFleetOptions<UptimeParams>> = {}): RunFleetOptions<UptimeParams> {
  return {
    devices,
    kind: uptime,
    kindParams,
    networkId,
    oracleUrls: oracles.map((o) => o.url),
    epochs,
    random: seededRandom(42),
    clock: fakeClock(),
    retry: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 },
    ...overrides,
  }
}

/** Each report's per-oracle answers as `status[:code]`, the same from every oracle or both listed. */
const verdictOf = (report: FleetReport) => {
  const answers = new Set(report.results.map((r) => (r.code === undefined ? r.status : `${r.status}:${r.code}`)))
  return [...answers].join(' | ')
}
const of = (reports: FleetReport[], behaviour: string, path?: FleetReport['path']) => reports.filter((r) => r.behaviour === behaviour && (path === undefined || r.path === path))

describe('runFleet', () => {
  it('sends every device’s reports to every oracle, and the oracles reject exactly the envelope adversaries', async () => {
    const oracles = await startOracles()
    oracles[1].failNext({ type: 'status', status: 500 }, { type: 'close' }) // a flaky second oracle changes nothing
    const { reports, failedDeliveries } = await runFleet(options(oracles))

    expect(failedDeliveries).toEqual([])
    for (const report of reports) expect(report.results.map((r) => r.oracle).sort()).toEqual(oracles.map((o) => o.url).sort())
    // The kind's misbehaviour is in the payload and timing, for the kind's verifier to judge: the
    // envelopes are sound, so ingest accepts them (this fake checks no timestamp window).
    for (const behaviour of ['honest', 'flaky', 'burst', 'clock-skew']) {
      expect(new Set(of(reports, behaviour).map(verdictOf))).toEqual(new Set(['accepted']))
    }
    expect(of(reports, 'honest')).toHaveLength(2 * 2 * 4) // two devices, two epochs, four heartbeats
    expect(of(reports, 'burst')).toHaveLength(2 * 4)
    expect(of(reports, 'flaky').length).toBeLessThan(2 * 4)
    expect(of(reports, 'offline')).toEqual([])

    // The replayer's honest reports count; each epoch's replay under a used sequence does not.
    expect(new Set(of(reports, 'replayer', 'agent').map(verdictOf))).toEqual(new Set(['accepted']))
    const replays = of(reports, 'replayer', 'adversary')
    expect(replays.map((r) => [r.epoch, verdictOf(r)])).toEqual([
      [0n, 'rejected:PINION_ERR_REPLAYED_SEQUENCE'],
      [1n, 'rejected:PINION_ERR_REPLAYED_SEQUENCE'],
    ])
    expect(replays.map((r) => r.sequence)).toEqual([1n, 5n]) // the first sequence of each epoch
    expect(new Set(of(reports, 'forger').map((r) => `${r.path} ${verdictOf(r)}`))).toEqual(new Set(['adversary rejected:PINION_ERR_BAD_SIGNATURE']))
    expect(new Set(of(reports, 'wrong-network').map((r) => `${r.path} ${verdictOf(r)}`))).toEqual(new Set(['agent rejected:PINION_ERR_WRONG_NETWORK']))
    expect(of(reports, 'forger')).toHaveLength(8)
    expect(of(reports, 'wrong-network')).toHaveLength(8)
  })

  it('is reproducible from its seed: the same reports, sequences and answers, whatever the network did', async () => {
    const summary = (reports: FleetReport[]) => reports.map((r) => [r.epoch, r.deviceId, r.path, r.sequence, r.timestampMs, r.payloadType, verdictOf(r)])
    const first = await runFleet(options(await startOracles()))
    await Promise.all(servers.map((s) => s.close()))
    const oracles = await startOracles()
    oracles[0].failNext({ type: 'status', status: 503 }, { type: 'status', status: 429, retryAfter: '1' })
    const second = await runFleet(options(oracles))
    expect(summary(second.reports)).toEqual(summary(first.reports))
  })

  it('continues sequences across runs with durable outboxes, so a rerun is not a replay', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pinion-fleet-'))
    try {
      const oracles = await startOracles()
      const honest = devices.filter((d) => d.behaviour === 'honest')
      await runFleet(options(oracles, { devices: honest, epochs: [epochs[0]!], outboxRoot: root }))
      const { reports } = await runFleet(options(oracles, { devices: honest, epochs: [epochs[1]!], outboxRoot: root }))
      expect(reports.map((r) => r.sequence)).toEqual([5n, 6n, 7n, 8n, 5n, 6n, 7n, 8n])
      expect(new Set(reports.map(verdictOf))).toEqual(new Set(['accepted']))
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('reports an oracle down past the retry budget instead of hiding it', async () => {
    const oracles = await startOracles()
    oracles[1].failNext(...Array.from({ length: 4 }, () => ({ type: 'status' as const, status: 500 })))
    const honest = devices.slice(0, 1)
    const { reports, failedDeliveries } = await runFleet(options(oracles, { devices: honest, epochs: [epochs[0]!] }))
    expect(failedDeliveries.map((d) => [d.oracle, d.deviceId, d.epoch, d.error?.code])).toEqual([
      [oracles[1].url, deviceIdOf(honest[0]!.key.publicKey), 0n, 'PINION_ERR_ORACLE_HTTP'],
    ])
    expect(reports.every((r) => r.results.length === 1 && r.results[0]!.oracle === oracles[0].url)).toBe(true)
  })

  it('refuses a simulation that reports for a device outside the fleet', async () => {
    const oracles = await startOracles()
    const stray = deviceIdOf(generateDeviceKey('ed25519').publicKey)
    const kind = { name: 'uptime', simulate: () => [{ deviceId: stray, timestampMs: 0n, payloadType: 'x', payload: new Uint8Array() }] }
    const error = await runFleet(options(oracles, { kind })).catch((e: unknown) => e)
    expect((error as DeviceError).code).toBe('PINION_ERR_FLEET_SIMULATION')
  })
})
