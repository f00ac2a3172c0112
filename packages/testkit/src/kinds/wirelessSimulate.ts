// Test fixture shared by the simulator's tests: a compact world and a placed fleet of every behaviour.
import type { Hex } from 'viem'
import type { EpochWindow, SimulatedDevice } from '../../../kinds/src/kind.ts'
import { seededRandom } from '../../../kinds/src/seededRandom.ts'
import { DEFAULT_WIRELESS_PARAMS } from '../../../kinds/wireless/params.ts'
import type { World } from '../../../kinds/wireless/simulate/geography.ts'
import { placeWirelessFleet } from '../../../kinds/wireless/simulate/place.ts'

/** A compact world: one town and its countryside, so that a small fleet hears itself. */
export const TOWN_WORLD: World = {
  lat: 41.9,
  lng: -93.1,
  clusters: [{ name: 'town', eastKm: 0, northKm: 0, radiusKm: 2, weight: 1 }],
  ruralRadiusKm: 40,
  ruralWeight: 0.3,
}

/** 41 devices: 24 honest and a few of every adversary. */
export const behaviours: readonly string[] = [
  ...Array<string>(24).fill('honest'),
  ...Array<string>(3).fill('gps-spoofer'),
  ...Array<string>(4).fill('sybil'),
  ...Array<string>(5).fill('witness-ring'),
  ...Array<string>(3).fill('beacon-replayer'),
  ...Array<string>(2).fill('relay'),
]

export const params = DEFAULT_WIRELESS_PARAMS
export const placements = placeWirelessFleet({ behaviours, params, random: seededRandom(7) }, TOWN_WORLD)
/** Device ids 0x…01, 0x…02, … by index. */
export const id = (i: number) => `0x${(i + 1).toString(16).padStart(64, '0')}` as Hex
export const devices: SimulatedDevice[] = placements.map((p, i) => ({
  deviceId: id(i),
  behaviour: behaviours[i]!,
  location: p.asserted,
  actualLocation: p.actual,
  antennaGain: p.antennaGain,
}))
/** A 24 h epoch starting 2026-01-01. */
export const DAY: EpochWindow = { epoch: 20_454n, startMs: 1_767_225_600_000n, endMs: 1_767_312_000_000n, entropy: `0x${'5a'.repeat(32)}` }
