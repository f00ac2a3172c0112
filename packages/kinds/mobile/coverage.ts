import { atResolution, rings } from './hexes.ts'
import { type RadioType, isIndoor } from './radioType.ts'
import { HELIUM_COVERAGE_POINTS, HIP_74_COVERAGE_RESOLUTION, PINION_COVERAGE_TEMPLATE_RINGS } from './rules.ts'

/** A hex's signal level, strongest first (the order outdoor radios are ranked in: HIP-105). */
export const SIGNAL_LEVELS = ['high', 'medium', 'low'] as const
export type SignalLevel = (typeof SIGNAL_LEVELS)[number]

/** One res-12 hex a radio covers: the hex (h3-js string), its signal level there, and its base points. */
export type CoveredHex = { hex: string; level: SignalLevel; points: number }

const POINTS_BY_TYPE: Record<RadioType, Record<SignalLevel, number>> = {
  'wifi-indoor': HELIUM_COVERAGE_POINTS.wifiIndoor,
  'wifi-outdoor': HELIUM_COVERAGE_POINTS.wifiOutdoor,
  'cbrs-indoor': HELIUM_COVERAGE_POINTS.cbrsIndoor,
  'cbrs-outdoor': HELIUM_COVERAGE_POINTS.cbrsOutdoor,
}

/**
 * The hexes a radio of `type` asserted at `cell` covers, by Pinion's coverage template
 * (PINION_COVERAGE_TEMPLATE_RINGS): derived from the registry's asserted location alone, the way
 * HIP-135's templates replaced modelled coverage objects, so no radio can claim a coverage shape of
 * its own. Indoor: the asserted res-12 hex at high signal and its six neighbours at low. Outdoor:
 * the res-12 disk of grid distance 4, high within 1, medium within 3, low at 4. Each hex once, at
 * its strongest level, in ring order.
 */
export function coverageOf(cell: string, type: RadioType): CoveredHex[] {
  const template = PINION_COVERAGE_TEMPLATE_RINGS[isIndoor(type) ? 'indoor' : 'outdoor']
  const points = POINTS_BY_TYPE[type]
  const centre = atResolution(cell, HIP_74_COVERAGE_RESOLUTION)
  const covered: CoveredHex[] = []
  rings(centre, template.low).forEach((ring, k) => {
    const level: SignalLevel = k <= template.high ? 'high' : k <= template.medium ? 'medium' : 'low'
    for (const hex of ring) covered.push({ hex, level, points: points[level] })
  })
  return covered
}
