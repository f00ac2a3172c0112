import { HELIUM_HIP17_SCALING_PRECISION } from './rules.ts'

/**
 * What each rules version of the wireless kind decides differently. Version 2 brought the kind in
 * line with Helium's own code where version 1 differed from it (an outside check against Helium's
 * unit tests found the differences); version 1 stays reachable so an epoch computed under it replays
 * to the same root. Each flag names the one rule it changes; docs/wireless.md § "Rules versions"
 * says what each change means for operators.
 */
export type WirelessRuleset = {
  readonly version: number
  /**
   * HIP-17 density counts only hotspots whose beacon a valid witness heard (Helium's
   * last_beacon_reciprocity), not every hotspot with a valid beacon: a hotspot nobody heard does not
   * crowd its neighbours' hexes.
   */
  readonly densityNeedsWitnessedBeacon: boolean
  /**
   * When H3 cannot compute the grid distance between two nearby cells (across a pentagon's
   * distortion), the witness is too close, as Helium rejects it (below_min_distance); version 1 took
   * it as certainly not close.
   */
  readonly uncomputableGridIsTooClose: boolean
  /**
   * A witness's frequency need only be within maxFrequencyDeltaHz of a channel of the plan: radios
   * report it through floating point, tens of Hz off the channel (Helium's own test witnesses are).
   * Version 1 required a channel exactly, so the ±100 kHz rule against the beacon could never apply.
   */
  readonly witnessFrequencyTolerance: boolean
  /** HIP-106 evidence counts only when strictly younger than the window (Helium's `<`); version 1 included the boundary. */
  readonly strictReciprocityWindow: boolean
  /**
   * "Too far" compares whole kilometres, the distance in metres divided by 1,000 toward zero (Helium's
   * `distance / 1000 > 100`: 100,999 m passes, 101,000 m fails); version 1 compared metres.
   */
  readonly tooFarInWholeKilometres: boolean
  /**
   * The coverage pool pays all beacon units HELIUM_BEACON_SHARE_BPS of it and all witness units the
   * rest (Helium's beacon 6 % and witness 24 % pools), each part by hex-scaled units; version 1 valued
   * one beacon unit as one witness unit.
   */
  readonly heliumBeaconWitnessSplit: boolean
  /**
   * A hotspot's HIP-17 scale is rounded to this many decimals, half to even (Helium's
   * `round_dp(SCALING_PRECISION)` in rust_decimal); null keeps all 18, rounded toward zero (version 1).
   */
  readonly hexScaleDecimals: number | null
  /**
   * A beacon the kind's own verify rejected still uses up its beacon window (Helium updates
   * last_beacon whatever the verdict): a later beacon in that window is IRREGULAR_INTERVAL. Version 1
   * counted only valid beacons, so a hotspot could try again within the window.
   */
  readonly invalidBeaconsUseWindow: boolean
  /**
   * Devices of the classes params.dataOnlyDeviceClasses names may neither beacon nor witness
   * (DATA_ONLY_HOTSPOT; Helium's invalid_capability); their data transfers count. Version 1 had no
   * data-only hotspots.
   */
  readonly dataOnlyHotspots: boolean
  /**
   * Each hotspot beacons under its LoRa region's plan (params.regions) and hears only its own region
   * (WRONG_REGION; Helium's invalid_region). Version 1 had one plan for the whole network.
   */
  readonly regionalPlans: boolean
  /**
   * Links between secure concentrators (params.secureConcentrators) are judged by time of flight
   * (TIME_OF_FLIGHT_MISMATCH), and a link whose time of flight fits is not judged by RSSI_ABOVE_MODEL.
   */
  readonly secureConcentrators: boolean
  /**
   * RSSI_ABOVE_MODEL judges a link given that it was received: its excess over the model may be at
   * most √(n² + (kσ)²), n being the luck it needed to be heard at all, and n itself at most
   * params.rssiGivenReception's neededSigmasTenths. Versions 1–2 bounded the excess by
   * maxRssiAboveModelSigmasTenths whatever the link needed, which rejected honest links at the edge of
   * reach by the thousand (every link heard there is lucky).
   */
  readonly rssiJudgedGivenReception: boolean
}

export const WIRELESS_RULES_V1: WirelessRuleset = Object.freeze({
  version: 1,
  densityNeedsWitnessedBeacon: false,
  uncomputableGridIsTooClose: false,
  witnessFrequencyTolerance: false,
  strictReciprocityWindow: false,
  tooFarInWholeKilometres: false,
  heliumBeaconWitnessSplit: false,
  hexScaleDecimals: null,
  invalidBeaconsUseWindow: false,
  dataOnlyHotspots: false,
  regionalPlans: false,
  secureConcentrators: false,
  rssiJudgedGivenReception: false,
})

export const WIRELESS_RULES_V2: WirelessRuleset = Object.freeze({
  version: 2,
  densityNeedsWitnessedBeacon: true,
  uncomputableGridIsTooClose: true,
  witnessFrequencyTolerance: true,
  strictReciprocityWindow: true,
  tooFarInWholeKilometres: true,
  heliumBeaconWitnessSplit: true,
  hexScaleDecimals: HELIUM_HIP17_SCALING_PRECISION,
  invalidBeaconsUseWindow: true,
  dataOnlyHotspots: true,
  regionalPlans: true,
  secureConcentrators: true,
  rssiJudgedGivenReception: false,
})

/** Version 3: honest links at the edge of reach are no longer RSSI_ABOVE_MODEL (issue 18, item 9). */
const WIRELESS_RULES_V3: WirelessRuleset = Object.freeze({ ...WIRELESS_RULES_V2, version: 3, rssiJudgedGivenReception: true })

/**
 * The rules new epochs run under.
 * @alias the newest version by role, so callers need not change when a version is added
 */
export const CURRENT_WIRELESS_RULES = WIRELESS_RULES_V3
