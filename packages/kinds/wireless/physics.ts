/**
 * The radio and geometry the wireless kind decides with, shared by the verifier and the simulator.
 *
 * Determinism: the physics needs logarithms and trigonometry, so it runs in float64 — and only
 * here. Every quantity leaves this file as an integer (metres, tenths of a dB, tenths of a dBm),
 * rounded once with Math.round (nearest, halves toward +∞), and every rule compares integers only.
 * Math.log10, Math.sin… are deterministic for one engine version, and a difference in the last bit
 * could only matter when a value lands exactly on a rounding boundary; verdicts never compare
 * floats, and money never touches them (rewards are bigint fixed point).
 *
 * Locations are H3 cells (uint64 as bigint, as the registry stores them); distances are great-circle
 * distances between cell centres (h3-js 4.4.0, pinned), in whole metres.
 */
import { PinionError } from '@pinion/protocol'
import { cellToLatLng, cellToParent, getHexagonEdgeLengthAvg, greatCircleDistance, gridDistance, isValidCell } from 'h3-js'

/** c, m/s (exact, SI). */
export const SPEED_OF_LIGHT_MPS = 299_792_458
/** Thermal noise density at 290 K, −174 dBm/Hz, in tenths of dBm. */
export const THERMAL_NOISE_DECI_DBM_PER_HZ = -1740
/** LoRa concentrators report SNR in [−20, +10] dB (SX1301/SX1302 datasheets), in tenths. */
export const LORA_SNR_MIN_DECI_DB = -200
export const LORA_SNR_MAX_DECI_DB = 100
/**
 * The SNR a LoRa packet needs to be demodulated, by spreading factor, in tenths of dB (Semtech
 * SX1276/SX1302 datasheets: SF7 −7.5 dB … SF12 −20 dB).
 */
export const LORA_DEMODULATION_FLOOR_DECI_DB: Readonly<Record<number, number>> = Object.freeze({
  7: -75,
  8: -100,
  9: -125,
  10: -150,
  11: -175,
  12: -200,
})
/** Distances below 1 m are treated as 1 m (the log-distance model's reference distance d0). */
export const REFERENCE_DISTANCE_M = 1

/** A LoRa datarate such as "SF9BW125": spreading factor 7–12 and bandwidth 125, 250 or 500 kHz. */
export type Datarate = { spreadingFactor: number; bandwidthHz: number }

const DATARATE = /^SF(7|8|9|10|11|12)BW(125|250|500)$/

/** Parses "SF<7-12>BW<125|250|500>", or returns null. */
export function parseDatarate(datarate: string): Datarate | null {
  const match = DATARATE.exec(datarate)
  if (match === null) return null
  return { spreadingFactor: Number(match[1]), bandwidthHz: Number(match[2]) * 1000 }
}

/** The SNR (tenths of dB) a packet at `datarate` needs to be received; throws for a bad datarate. */
export function demodulationFloorDeciDb(datarate: string): number {
  const parsed = parseDatarate(datarate)
  if (parsed === null) throw new PinionError('PINION_ERR_DATARATE', `datarate "${datarate}" is not SF<7-12>BW<125|250|500>`)
  return LORA_DEMODULATION_FLOOR_DECI_DB[parsed.spreadingFactor]!
}

/** Rounds a float to the nearest integer (halves toward +∞), turning −0 into 0. */
export function toInteger(value: number): number {
  const rounded = Math.round(value)
  return rounded === 0 ? 0 : rounded
}

/**
 * Free-space path loss 20·log10(4π·d·f/c), tenths of dB, rounded (Helium's bad_rssi bound).
 * FSPL(1 km, 915 MHz) = 917 (91.7 dB); FSPL(20 km, 915 MHz) = 1177 (117.7 dB).
 */
export function fsplDeciDb(distanceM: number, frequencyHz: number): number {
  const d = Math.max(distanceM, REFERENCE_DISTANCE_M)
  return toInteger(200 * Math.log10((4 * Math.PI * d * frequencyHz) / SPEED_OF_LIGHT_MPS))
}

/**
 * Log-distance path loss without shadowing: FSPL(1 m, f) + 10·n·log10(d / 1 m), tenths of dB,
 * rounded; n = exponentTenths / 10. Shadowing (the X of the model) is what measurements add.
 */
export function pathLossDeciDb(distanceM: number, frequencyHz: number, exponentTenths: number): number {
  const d = Math.max(distanceM, REFERENCE_DISTANCE_M)
  const reference = 200 * Math.log10((4 * Math.PI * REFERENCE_DISTANCE_M * frequencyHz) / SPEED_OF_LIGHT_MPS)
  return toInteger(reference + 10 * exponentTenths * Math.log10(d / REFERENCE_DISTANCE_M))
}

/** What the model needs to predict one link. All integers. */
export type LinkBudget = {
  /** Conducted transmit power of the beacon, tenths of dBm. */
  txPowerDeciDbm: number
  /** Antenna gain of the beaconer and of the witness, tenths of dBi. */
  beaconerGainDeciDbi: number
  witnessGainDeciDbi: number
  distanceM: number
  frequencyHz: number
  pathLossExponentTenths: number
}

/**
 * Predicted RSSI without shadowing, tenths of dBm:
 * txPower + gain(beaconer) − PL(d) + gain(witness).
 */
export function predictedRssiDeciDbm(link: LinkBudget): number {
  return link.txPowerDeciDbm + link.beaconerGainDeciDbi + link.witnessGainDeciDbi - pathLossDeciDb(link.distanceM, link.frequencyHz, link.pathLossExponentTenths)
}

/**
 * The strongest RSSI free space allows, tenths of dBm: txPower + gains − FSPL(d, f). A witness
 * reporting more is physically impossible (Helium's bad_rssi, with gains in tenths instead of
 * Helium's integer-divided dBi).
 */
export function freeSpaceRssiDeciDbm(txPowerDeciDbm: number, gainsDeciDbi: number, distanceM: number, frequencyHz: number): number {
  return txPowerDeciDbm + gainsDeciDbi - fsplDeciDb(distanceM, frequencyHz)
}

/**
 * Receiver noise floor −174 dBm/Hz + 10·log10(bandwidth) + noise figure, tenths of dBm, rounded:
 * −1170 (−117.0 dBm) for 125 kHz and a 6 dB noise figure.
 */
export function noiseFloorDeciDbm(bandwidthHz: number, noiseFigureDeciDb: number): number {
  return toInteger(THERMAL_NOISE_DECI_DBM_PER_HZ + 100 * Math.log10(bandwidthHz) + noiseFigureDeciDb)
}

/**
 * The weakest RSSI a packet at `datarate` is demodulated at: noise floor + the spreading factor's
 * demodulation floor, tenths of dBm (−129.5 dBm for SF9 at 125 kHz and a 6 dB noise figure).
 * Throws for a bad datarate.
 */
export function sensitivityDeciDbm(datarate: string, noiseFigureDeciDb: number): number {
  const floor = demodulationFloorDeciDb(datarate)
  return noiseFloorDeciDbm(parseDatarate(datarate)!.bandwidthHz, noiseFigureDeciDb) + floor
}

/** RSSI − noise floor clamped to LoRa's reporting range [−20, +10] dB, tenths: the SNR a radio reports. */
export function expectedSnrDeciDb(rssiDeciDbm: number, noiseFloor: number): number {
  return Math.min(LORA_SNR_MAX_DECI_DB, Math.max(LORA_SNR_MIN_DECI_DB, rssiDeciDbm - noiseFloor))
}

// ── H3 geometry ───────────────────────────────────────────────────────────────────────────────────

/** h3-js reads a cell as hex digits without 0x. */
export function h3String(cell: bigint): string {
  return cell.toString(16)
}

/** Whether `cell` is a valid H3 cell index. */
export function isCell(cell: bigint): boolean {
  return cell > 0n && cell < 1n << 64n && isValidCell(h3String(cell))
}

// Cell centres are asked for again and again (one per link); cache them. Bounded so a long-running
// oracle does not grow without limit; clearing only costs recomputation.
const CENTRE_CACHE_LIMIT = 1_000_000
const centres = new Map<bigint, number[]>()

/** The centre of an H3 cell as [lat, lng] degrees. */
export function cellCentre(cell: bigint): readonly number[] {
  let centre = centres.get(cell)
  if (centre === undefined) {
    if (centres.size >= CENTRE_CACHE_LIMIT) centres.clear()
    centre = cellToLatLng(h3String(cell))
    centres.set(cell, centre)
  }
  return centre
}

/** Great-circle distance between the centres of two H3 cells, whole metres (h3-js greatCircleDistance). */
export function distanceM(a: bigint, b: bigint): number {
  if (a === b) return 0
  return toInteger(greatCircleDistance(cellCentre(a) as number[], cellCentre(b) as number[], 'm'))
}

/** The parent of `cell` at `resolution` (the cell itself when it is already that coarse). */
export function parentCell(cell: bigint, resolution: number): bigint {
  return BigInt(`0x${cellToParent(h3String(cell), resolution)}`)
}

// Parents are asked for once per link; cache them per (cell, resolution).
const parents = new Map<bigint, string>()

function parentString(cell: bigint, resolution: number): string {
  const key = (cell << 4n) | BigInt(resolution)
  let parent = parents.get(key)
  if (parent === undefined) {
    if (parents.size >= CENTRE_CACHE_LIMIT) parents.clear()
    parent = cellToParent(h3String(cell), resolution)
    parents.set(key, parent)
  }
  return parent
}

/**
 * H3 grid distance between the parents of two cells at `resolution`, or null when H3 cannot compute
 * it (cells far apart, or across a pentagon's distortion): then the cells are certainly not close.
 */
export function gridDistanceAt(a: bigint, b: bigint, resolution: number): number | null {
  try {
    return gridDistance(parentString(a, resolution), parentString(b, resolution))
  } catch {
    return null
  }
}

/**
 * Whether the parents of two cells at `resolution` are fewer than `minCells` grid steps apart, as
 * gridDistanceAt decides, without asking H3 when the cells are so far apart in metres that they
 * cannot be (neighbouring cell centres are never more than 2·√3 average edges apart, and a parent's
 * centre is within one edge of its child's): the same answer, faster. When H3 cannot compute the
 * grid distance of cells that near (a pentagon's distortion lies between them), `uncomputableIsClose`
 * decides: Helium rejects such a witness as too close (true); version 1 of the rules did not (false).
 */
export function closerThanCells(a: bigint, b: bigint, resolution: number, minCells: number, uncomputableIsClose: boolean): boolean {
  if (minCells <= 0) return false
  const edge = getHexagonEdgeLengthAvg(resolution, 'm')
  if (distanceM(a, b) > (2 * Math.sqrt(3) * minCells + 2) * edge) return false
  const grid = gridDistanceAt(a, b, resolution)
  return grid === null ? uncomputableIsClose : grid < minCells
}
