import { ONE } from '@pinion/protocol'
import { cellToCenterChild, cellToParent, gridDisk } from 'h3-js'
import type { Hex } from 'viem'
import type { WirelessParams } from './params.ts'
import { h3String } from './physics.ts'
import { BASIS_POINTS, HELIUM_HIP17_BASE_RESOLUTION } from './rules.ts'
import { resolutionOf } from './spatial.ts'

/** One resolution's contribution to a hotspot's scale: its ancestor hex there, clipped / unclipped. */
export type HexScaleStep = { resolution: number; clipped: number; unclipped: number }

/** A hotspot's HIP-17 transmit scale and how it came about. */
export type HexScale = {
  /** Fixed point, ONE = ×1. */
  scale: bigint
  /** false: not in the density map, so the scale is defaultTxScaleBps. */
  inMap: boolean
  /** Ancestor hexes from resolution 10 down to the coarsest rule, for the explanation. */
  steps: HexScaleStep[]
}

/**
 * HIP-17 hex density, with HIP-104's parameters by default (iot_verifier hex_density.rs):
 *
 *  - count the active hotspots in each res-11 hex (`HELIUM_HIP17_BASE_RESOLUTION`);
 *  - from resolution 10 down to the coarsest rule: a hex's unclipped count is the sum of its
 *    children's clipped counts; `occupied` is the number of hexes in its 1-ring (itself and its six
 *    neighbours) whose unclipped count reaches the target; limit = min(max, target ×
 *    max(1, occupied − neighbors + 1)); clipped = min(limit, unclipped). Resolutions without a rule
 *    pass counts up unclipped;
 *  - a hotspot's scale is the product over its ancestors of clipped / unclipped, each step in fixed
 *    point rounding toward zero: 1 when its area is under target, less where it is crowded; then,
 *    when `decimals` is given, rounded to that many decimals half to even, as Helium rounds it
 *    (rust_decimal `round_dp(4)`; its 28-digit product and this 18-digit one round alike unless the
 *    exact product lies within 10⁻¹⁸ of a midpoint without being one).
 */
export class HexDensityMap {
  private readonly clipped = new Map<string, number>()
  private readonly unclipped = new Map<string, number>()
  private readonly rules: WirelessParams['hexDensity']
  private readonly members = new Map<Hex, bigint>()
  private readonly scales = new Map<string, HexScale>()
  private readonly defaultScale: bigint

  /**
   * `hotspots`: each active hotspot's asserted cell (as of the epoch's end), by device id;
   * `decimals`: the scale's precision (null: all 18 digits).
   */
  constructor(
    hotspots: ReadonlyMap<Hex, bigint>,
    params: Pick<WirelessParams, 'hexDensity' | 'defaultTxScaleBps'>,
    private readonly decimals: number | null = null,
  ) {
    this.rules = params.hexDensity
    this.defaultScale = (BigInt(params.defaultTxScaleBps) * ONE) / BigInt(BASIS_POINTS)
    let level = new Map<string, number>()
    for (const [id, cell] of hotspots) {
      this.members.set(id, cell)
      const base = at(cell, HELIUM_HIP17_BASE_RESOLUTION)
      level.set(base, (level.get(base) ?? 0) + 1)
    }
    const coarsest = this.rules.length === 0 ? HELIUM_HIP17_BASE_RESOLUTION : Math.min(...this.rules.map((rule) => rule.resolution))
    for (let resolution = HELIUM_HIP17_BASE_RESOLUTION - 1; resolution >= coarsest; resolution--) {
      const unclipped = new Map<string, number>()
      for (const [child, count] of level) {
        const parent = cellToParent(child, resolution)
        unclipped.set(parent, (unclipped.get(parent) ?? 0) + count)
      }
      const rule = this.rules.find((r) => r.resolution === resolution)
      const clipped = new Map<string, number>()
      for (const [hex, count] of unclipped) {
        this.unclipped.set(hex, count)
        if (rule === undefined) {
          clipped.set(hex, count)
          continue
        }
        let occupied = 0
        for (const neighbour of gridDisk(hex, 1)) if ((unclipped.get(neighbour) ?? 0) >= rule.target) occupied++
        const limit = Math.min(rule.max, rule.target * Math.max(1, occupied - rule.neighbors + 1))
        clipped.set(hex, Math.min(limit, count))
      }
      for (const [hex, count] of clipped) this.clipped.set(hex, count)
      level = clipped
    }
    this.coarsest = coarsest
  }

  private readonly coarsest: number

  /** The hotspot's scale when it beacons from `cell`; defaultTxScaleBps if it is not in the map there. */
  scaleOf(deviceId: Hex, cell: bigint): HexScale {
    if (this.members.get(deviceId) !== cell) return { scale: this.defaultScale, inMap: false, steps: [] }
    const key = at(cell, HELIUM_HIP17_BASE_RESOLUTION)
    let scale = this.scales.get(key)
    if (scale === undefined) {
      let value = ONE
      const steps: HexScaleStep[] = []
      for (let resolution = HELIUM_HIP17_BASE_RESOLUTION - 1; resolution >= this.coarsest; resolution--) {
        const hex = cellToParent(key, resolution)
        const unclipped = this.unclipped.get(hex)!
        const clipped = this.clipped.get(hex)!
        steps.push({ resolution, clipped, unclipped })
        value = (value * BigInt(clipped)) / BigInt(unclipped)
      }
      scale = { scale: this.decimals === null ? value : roundHalfEven(value, this.decimals), inMap: true, steps }
      this.scales.set(key, scale)
    }
    return scale
  }
}

/** A non-negative fixed-point value (18 decimals) rounded to `decimals` decimals, halves to the even neighbour. */
export function roundHalfEven(value: bigint, decimals: number): bigint {
  const unit = 10n ** BigInt(18 - decimals)
  const rest = value % unit
  const down = value - rest
  if (2n * rest < unit || (2n * rest === unit && (down / unit) % 2n === 0n)) return down
  return down + unit
}

/** The hex at `resolution` that holds `cell` (its parent, or its centre child if it is coarser). */
function at(cell: bigint, resolution: number): string {
  const h3 = h3String(cell)
  return resolutionOf(cell) >= resolution ? cellToParent(h3, resolution) : cellToCenterChild(h3, resolution)
}

/** "r10 1/1, r9 1/2, …": the steps that clipped, or "none clipped". */
export function describeScale(scale: HexScale): string {
  if (!scale.inMap) return 'not in the density map (default scale)'
  const clipped = scale.steps.filter((step) => step.clipped < step.unclipped)
  return clipped.length === 0 ? 'no resolution clipped' : clipped.map((step) => `r${step.resolution} ${step.clipped}/${step.unclipped}`).join(', ')
}
