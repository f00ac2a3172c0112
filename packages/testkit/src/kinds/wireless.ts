// Test helpers: devices placed by kilometres east/north of an origin, and reports built the way the
// epoch pipeline hands them to the kind (decoded, with ids), without signing (verify never sees
// signatures: the pipeline checked them first).
import { latLngToCell } from 'h3-js'
import { type Hex, keccak256, toBytes } from 'viem'
import type { DeviceRecord, EpochWindow, KindReport, LocationAssertion, ScoreContext } from '../../../kinds/src/kind.ts'
import { compareReports } from '../../../kinds/src/compareReports.ts'
import { NO_KIND_INPUTS } from '../../../kinds/src/inputs.ts'
import { perTestFile } from '../perTestFile.ts'
import { DAY, HOUR } from './day.ts'
import type { WirelessCarried } from '../../../kinds/wireless/carry.ts'
import { DEFAULT_WIRELESS_PARAMS, type WirelessParams } from '../../../kinds/wireless/params.ts'
import {
  type Beacon,
  type DataTransfer,
  type Witness,
  type WirelessPayload,
  beaconData,
  decodeWirelessPayload,
  encodeBeacon,
  encodeDataTransfer,
  encodeWitness,
  expectedChannel,
  expectedDatarate,
  signDataTransfer,
} from '../../../kinds/wireless/payload.ts'
import { distanceM, expectedSnrDeciDb, noiseFloorDeciDbm, parseDatarate, predictedRssiDeciDbm } from '../../../kinds/wireless/physics.ts'
import { DEVNET_ROUTER_KEY, type RouterKey } from '../../../kinds/wireless/routerKey.ts'

export { DAY, HOUR }
export const PARAMS = DEFAULT_WIRELESS_PARAMS

/** Origin of the test world: flat Iowa farmland. */
const ORIGIN = { lat: 41.9, lng: -93.1 }

/** The res-12 cell `eastKm` east and `northKm` north of the origin (flat-earth offsets, fine at tens of km). */
export function cellAt(eastKm: number, northKm: number): bigint {
  const lat = ORIGIN.lat + northKm / 111.32
  const lng = ORIGIN.lng + eastKm / (111.32 * Math.cos((ORIGIN.lat * Math.PI) / 180))
  return BigInt(`0x${latLngToCell(lat, lng, 12)}`)
}

/** What the running test file has made so far: devices, and each device's last sequence. */
const made = perTestFile(() => ({ devices: 0, sequences: new Map<Hex, bigint>() }))

/** A device asserted at (eastKm, northKm) since time 0 with `gain` tenths of dBi. */
export function device(eastKm: number, northKm: number, overrides: Partial<DeviceRecord> & { gain?: number } = {}): DeviceRecord {
  const { gain = 30, ...rest } = overrides
  const id = keccak256(toBytes(`pinion/wireless-test/device/${made().devices++}`))
  const cell = cellAt(eastKm, northKm)
  const locations: LocationAssertion[] = [{ cell, atMs: 0n, antennaGain: gain, elevation: 5 }]
  return {
    deviceId: id,
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: id,
    location: cell,
    locations,
    active: true,
    ...rest,
  }
}

function nextSequence(deviceId: Hex): bigint {
  const { sequences } = made()
  const sequence = (sequences.get(deviceId) ?? 0n) + 1n
  sequences.set(deviceId, sequence)
  return sequence
}

/** A report as the pipeline hands it over: payload encoded then decoded, a unique id. */
function report(deviceId: Hex, timestampMs: bigint, payloadType: string, bytes: Uint8Array, sequence?: bigint): KindReport<WirelessPayload> {
  const seq = sequence ?? nextSequence(deviceId)
  return {
    reportId: keccak256(toBytes(`${deviceId}/${seq}/${payloadType}/${Buffer.from(bytes).toString('hex')}`)),
    deviceId,
    sequence: seq,
    timestampMs,
    payloadType,
    payload: decodeWirelessPayload(payloadType, bytes),
  }
}

/** A valid beacon of `d` at `atMs` (local entropy from `nonce`), overridable field by field. */
export function beacon(
  d: DeviceRecord,
  atMs: bigint,
  overrides: Partial<Beacon> & { nonce?: number; timestampMs?: bigint; params?: WirelessParams; sequence?: bigint } = {},
): KindReport<WirelessPayload> & { payload: { type: 'beacon' } & Beacon } {
  const { nonce = Number(atMs % 1_000_000n), timestampMs, params = PARAMS, sequence, ...fields } = overrides
  const entropy = fields.entropy ?? (DAY.entropy as Hex)
  const localEntropy = fields.localEntropy ?? (`0x${nonce.toString(16).padStart(8, '0')}` as Hex)
  const data = fields.data ?? beaconData(entropy, localEntropy, d.deviceId)
  const b: Beacon = {
    entropy,
    localEntropy,
    data,
    frequencyHz: fields.frequencyHz ?? expectedChannel(data, params),
    datarate: fields.datarate ?? expectedDatarate(data, params),
    txPowerDeciDbm: fields.txPowerDeciDbm ?? 270,
    transmittedAtMs: fields.transmittedAtMs ?? atMs,
    ...(fields.gpsTimeNs === undefined ? {} : { gpsTimeNs: fields.gpsTimeNs }),
  }
  return report(d.deviceId, timestampMs ?? b.transmittedAtMs, 'beacon', encodeBeacon(b), sequence) as never
}

/**
 * A witness by `w` of `of` (a beacon report of `beaconer`), received `lagMs` after it, with the RSSI
 * the model predicts at their asserted distance plus `offsetDeciDb`, and the SNR that RSSI implies.
 */
export function witness(
  w: DeviceRecord,
  of: KindReport<WirelessPayload>,
  beaconer: DeviceRecord,
  overrides: Partial<Witness> & { lagMs?: bigint; offsetDeciDb?: number; timestampMs?: bigint; params?: WirelessParams; sequence?: bigint } = {},
): KindReport<WirelessPayload> & { payload: { type: 'witness' } & Witness } {
  const b = of.payload as Beacon
  const { lagMs = 120n, offsetDeciDb = 0, timestampMs, params = PARAMS, sequence, ...fields } = overrides
  const rssi =
    fields.rssiDeciDbm ??
    predictedRssiDeciDbm({
      txPowerDeciDbm: b.txPowerDeciDbm,
      beaconerGainDeciDbi: beaconer.locations.at(-1)?.antennaGain ?? 0,
      witnessGainDeciDbi: w.locations.at(-1)?.antennaGain ?? 0,
      distanceM: distanceM(beaconer.location!, w.location!),
      frequencyHz: b.frequencyHz,
      pathLossExponentTenths: params.pathLossExponentTenths,
    }) + offsetDeciDb
  const datarate = fields.datarate ?? b.datarate
  const wt: Witness = {
    beaconerId: fields.beaconerId ?? of.deviceId,
    beaconData: fields.beaconData ?? b.data,
    frequencyHz: fields.frequencyHz ?? b.frequencyHz,
    datarate,
    rssiDeciDbm: rssi,
    snrDeciDb: fields.snrDeciDb ?? expectedSnrDeciDb(rssi, noiseFloorDeciDbm(parseDatarate(datarate)?.bandwidthHz ?? 125_000, params.noiseFigureDeciDb)),
    receivedAtMs: fields.receivedAtMs ?? b.transmittedAtMs + lagMs,
    ...(fields.gpsTimeNs === undefined ? {} : { gpsTimeNs: fields.gpsTimeNs }),
  }
  return report(w.deviceId, timestampMs ?? wt.receivedAtMs, 'witness', encodeWitness(wt), sequence) as never
}

/** A data transfer carried by `d`, signed by `router` (the devnet's by default). */
export function transfer(
  d: DeviceRecord,
  fields: Partial<Omit<DataTransfer, 'routerPublicKey' | 'routerSignature'>> = {},
  router: RouterKey = DEVNET_ROUTER_KEY,
  timestampMs?: bigint,
): KindReport<WirelessPayload> & { payload: { type: 'data_transfer' } & DataTransfer } {
  const signed = signDataTransfer(router, d.deviceId, {
    sessionId: fields.sessionId ?? '0x0001',
    bytes: fields.bytes ?? 10_000n,
    packets: fields.packets ?? 100n,
    startedAtMs: fields.startedAtMs ?? DAY.startMs + HOUR,
    endedAtMs: fields.endedAtMs ?? DAY.startMs + 2n * HOUR,
  })
  return report(d.deviceId, timestampMs ?? signed.endedAtMs, 'data_transfer', encodeDataTransfer(signed)) as never
}

/** The context verifyEpoch and score get. */
export function contextOf(
  devices: readonly DeviceRecord[],
  overrides: { params?: WirelessParams; carried?: WirelessCarried | null; epoch?: EpochWindow } = {},
): ScoreContext<WirelessParams, WirelessCarried> {
  return {
    epoch: overrides.epoch ?? DAY,
    devices: new Map(devices.map((d) => [d.deviceId, d])),
    params: overrides.params ?? PARAMS,
    carried: overrides.carried ?? null,
    inputs: NO_KIND_INPUTS,
  }
}

/** Canonical order, as the pipeline hands reports over: device id, sequence, report id. */
export function canonical<report extends KindReport<unknown>>(reports: readonly report[]): report[] {
  return [...reports].sort(compareReports)
}
