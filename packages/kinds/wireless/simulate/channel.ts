import { cellToParent } from 'h3-js'
import { STREAM, gaussian, streamOf, words64 } from './streams.ts'

/**
 * The simulator's radio channel beyond the mean path loss (which is physics.ts's log-distance model):
 *
 * - Shadowing, spatially consistent: X(a, b) = σ·N(0, 1) drawn from a hash of the unordered pair of
 *   the two ends' *actual* res-10 cells (about 66 m across). It is a property of the places, like the
 *   terrain and buildings it stands for: the same in both directions, in every epoch, and shared by
 *   every device in the same res-10 cell — two hotspots on one roof see the same world, which is
 *   what gives co-located sybils away.
 * - Fast fading, per packet: σ_f·N(0, 1), drawn from the link's event stream.
 */
const SHADOWING_RESOLUTION = 10
/** Per-packet fading σ, tenths of dB (≈ 2 dB: LoRa's narrowband fading after its own averaging). */
export const FAST_FADING_SIGMA_DECI_DB = 20

/** The res-10 cell a device's shadowing is keyed by. */
export const shadowingCell = (cell: bigint): bigint => BigInt(`0x${cellToParent(cell.toString(16), SHADOWING_RESOLUTION)}`)

/** A standard normal draw from the unordered pair of cells: the same for (a, b) and (b, a). */
export function pairNormal(a: bigint, b: bigint, tag: number = STREAM.shadowing): number {
  const [low, high] = a <= b ? [a, b] : [b, a]
  return gaussian(streamOf(tag, ...words64(low), ...words64(high)))
}

/** Shadowing between two actual res-10 cells, tenths of dB (positive = more loss). */
export const shadowingDeciDb = (a10: bigint, b10: bigint, sigmaDeciDb: number): number => sigmaDeciDb * pairNormal(a10, b10)

/** Per-packet fast fading, tenths of dB, from the link event's stream. */
export const fastFadingDeciDb = (random: () => number, sigmaDeciDb = FAST_FADING_SIGMA_DECI_DB): number => sigmaDeciDb * gaussian(random)
