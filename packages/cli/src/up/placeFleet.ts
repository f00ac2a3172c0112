import { HONEST_BEHAVIOUR, isEnvelopeAdversary } from '@pinion/device'
import { type DevicePlacement, type Kind, seededRandom } from '@pinion/kinds'

/**
 * Where the kind puts each fleet device (asserted and actual location, antenna gain), or null for
 * kinds without places. Deterministic from the fleet's seed, so `pinion up` run again places the
 * resumed fleet exactly where it was. Envelope adversaries are placed like honest devices.
 */
export function placeFleet(kind: Kind, behaviours: readonly string[], params: unknown, seed: number): DevicePlacement[] | null {
  if (kind.placeFleet === undefined) return null
  return kind.placeFleet({
    behaviours: behaviours.map((b) => (isEnvelopeAdversary(b) ? HONEST_BEHAVIOUR : b)),
    params,
    random: seededRandom((seed ^ 0x5eed_f1ee) >>> 0), // its own stream, apart from the reports'
  })
}
