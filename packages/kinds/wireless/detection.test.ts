// End to end against the simulator's adversaries (simulate/): a small fleet over towns and
// countryside, one 24 h epoch, every report decoded, verified and judged as the pipeline would.
// bench/fraud.ts measures the same at scale, with rewards; this keeps the classifiers honest in CI.
import { describe, expect, it } from 'vitest'
import { type Hex, keccak256, toBytes } from 'viem'
import type { DeviceRecord, KindReport } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { DEFAULT_WIRELESS_PARAMS as params } from './params.ts'
import { type WirelessPayload, decodeWirelessPayload } from './payload.ts'
import { placeWirelessFleet, simulateWirelessLabelled } from './simulate/index.ts'
import { verifyWireless } from './verify.ts'
import { judgeEpoch } from './verifyEpoch.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'

const EPOCH = { epoch: 1n, startMs: 1_767_225_600_000n, endMs: 1_767_225_600_000n + 86_400_000n, entropy: keccak256(toBytes('detection')) }

function run(seed: number) {
  const behaviours = [...Array(200).fill('honest'), ...['gps-spoofer', 'sybil', 'witness-ring', 'beacon-replayer'].flatMap((b) => Array(8).fill(b))]
  const placements = placeWirelessFleet({ behaviours, params, random: seededRandom(seed) })
  const devices: DeviceRecord[] = placements.map((p, i) => {
    const id = keccak256(toBytes(`detection/${seed}/${i}`))
    return {
      deviceId: id,
      owner: '0x1000000000000000000000000000000000000001',
      recipient: '0x1000000000000000000000000000000000000001',
      deviceClass: 1,
      keyType: 'ed25519',
      publicKey: id,
      location: p.asserted,
      locations: p.asserted === null ? [] : [{ cell: p.asserted, atMs: 0n, antennaGain: p.antennaGain, elevation: p.elevation }],
      active: true,
    }
  })
  const simulated = simulateWirelessLabelled({
    epoch: EPOCH,
    params,
    random: seededRandom(seed + 1),
    devices: devices.map((d, i) => ({
      deviceId: d.deviceId,
      behaviour: behaviours[i]!,
      location: placements[i]!.asserted,
      actualLocation: placements[i]!.actual,
      antennaGain: placements[i]!.antennaGain,
    })),
  })
  const byId = new Map(devices.map((d) => [d.deviceId, d]))
  const behaviourOf = new Map(devices.map((d, i) => [d.deviceId, behaviours[i]!]))
  const sequences = new Map<Hex, bigint>()
  const truthOf = new Map<Hex, string>()
  const reports: KindReport<WirelessPayload>[] = simulated.map((r) => {
    const sequence = (sequences.get(r.deviceId) ?? 0n) + 1n
    sequences.set(r.deviceId, sequence)
    const reportId = keccak256(toBytes(`${r.deviceId}/${sequence}`))
    truthOf.set(reportId, r.truth)
    return { reportId, deviceId: r.deviceId, sequence, timestampMs: r.timestampMs, payloadType: r.payloadType, payload: decodeWirelessPayload(r.payloadType, r.payload) }
  })
  reports.sort((a, b) => (a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.sequence < b.sequence ? -1 : 1))
  // Everyone listened and was heard just before the epoch: reciprocity is not what this tests.
  const carried = {
    devices: Object.fromEntries(devices.map((d) => [d.deviceId, { lastBeaconMs: null, lastWitnessMs: EPOCH.startMs - 1n, lastBeaconWithWitnessMs: EPOCH.startMs - 1n }])),
  }
  const rejected = new Map<Hex, string>()
  const valid = reports.filter((r) => {
    const verdict = verifyWireless(r, { epoch: EPOCH, device: byId.get(r.deviceId)!, params, carried, inputs: NO_KIND_INPUTS })
    if (!verdict.valid) rejected.set(r.reportId, verdict.reason)
    return verdict.valid
  })
  const judged = judgeEpoch(valid, { epoch: EPOCH, devices: byId, params, carried, inputs: NO_KIND_INPUTS })
  for (const [id, reason] of judged.invalid) rejected.set(id, reason)
  const flagged = (behaviour: string) => devices.filter((d) => behaviourOf.get(d.deviceId) === behaviour && judged.flagged.has(d.deviceId)).length
  return { reports, rejected, truthOf, flagged, judged, behaviourOf }
}

describe('wireless detection against the simulator', () => {
  it.each([11, 12])(
    'seed %i: judges rings, sybils and spoofers, rejects every replay, and no honest hotspot',
    (seed) => {
      const { reports, rejected, truthOf, flagged, judged, behaviourOf } = run(seed)
      expect(flagged('witness-ring')).toBe(8)
      expect(flagged('sybil')).toBeGreaterThanOrEqual(6)
      // Spoofers are judged by the reciprocity of their two-way links; in a fleet this sparse some have
      // too few (or only links at the edge of range, where both directions sit at the sensitivity floor)
      // and keep their beacons — bench/fraud.ts shows what they still earn.
      expect(flagged('gps-spoofer')).toBeGreaterThanOrEqual(3)
      expect(flagged('honest') + flagged('beacon-replayer')).toBe(0)
      for (const [id, reason] of judged.flagged) expect(['WITNESS_RING', 'CO_LOCATED', 'ASYMMETRIC_HOTSPOT', 'MISPLACED_HOTSPOT'], `${behaviourOf.get(id)}`).toContain(reason)
      const replays = reports.filter((r) => truthOf.get(r.reportId) === 'replayed')
      expect(replays.length).toBeGreaterThan(0)
      for (const r of replays) expect(rejected.has(r.reportId)).toBe(true)
    },
    60_000,
  )
})
