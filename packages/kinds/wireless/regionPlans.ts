import { HELIUM_US915_BEACON_DATARATES, HELIUM_US915_CHANNELS_HZ, HELIUM_US915_MAX_EIRP_DECI_DBM } from './rules.ts'

/** What a beacon in one LoRa region may use: its channels, the datarates that carry a beacon, its maximum EIRP. */
export type RadioPlan = {
  readonly channelsHz: readonly number[]
  readonly datarates: readonly string[]
  /** Tenths of dBm. */
  readonly maxEirpDeciDbm: number
}

/** The datarates whose maximum payload carries Helium's 51-byte beacon in most regions (DR up to SF9 at 125 kHz). */
const SF7_TO_SF9: readonly string[] = Object.freeze(['SF7BW125', 'SF8BW125', 'SF9BW125'])

/** Eight 125 kHz channels 200 kHz apart from `firstHz`. */
const eightFrom = (firstHz: number): readonly number[] => Object.freeze(Array.from({ length: 8 }, (_, i) => firstHz + 200_000 * i))

/**
 * Helium's LoRa region parameters, the chain's `region_params` for each region Helium supported
 * (helium/blockchain-core, test/blockchain_region_test.hrl): the beacon channels, the maximum EIRP
 * (deci-dBm) and the datarates whose maximum packet size (the region's spreading table) carries a
 * 51-byte beacon. EU433's channels are 433.175–433.575 MHz (the source writes 43,317,500 Hz, a
 * digit short).
 */
export const LORA_REGION_PLANS = Object.freeze({
  US915: { channelsHz: HELIUM_US915_CHANNELS_HZ, datarates: HELIUM_US915_BEACON_DATARATES, maxEirpDeciDbm: HELIUM_US915_MAX_EIRP_DECI_DBM },
  // EU868's spreading table carries 65 bytes at SF12, 129 at SF9 and 238 at SF8.
  EU868: {
    channelsHz: Object.freeze([867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000, 868_100_000, 868_300_000, 868_500_000]),
    datarates: Object.freeze(['SF8BW125', 'SF9BW125', 'SF12BW125']),
    maxEirpDeciDbm: 161,
  },
  EU433: { channelsHz: Object.freeze([433_175_000, 433_375_000, 433_575_000]), datarates: SF7_TO_SF9, maxEirpDeciDbm: 121 },
  CN470: { channelsHz: eightFrom(486_300_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 191 },
  AU915: { channelsHz: eightFrom(916_800_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 300 },
  AS923_1: { channelsHz: eightFrom(923_200_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
  AS923_1B: { channelsHz: eightFrom(922_000_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
  AS923_2: { channelsHz: eightFrom(921_400_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
  AS923_3: { channelsHz: eightFrom(916_600_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
  AS923_4: { channelsHz: eightFrom(917_300_000), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
  KR920: { channelsHz: Object.freeze(Array.from({ length: 7 }, (_, i) => 922_100_000 + 200_000 * i)), datarates: SF7_TO_SF9, maxEirpDeciDbm: 140 },
  IN865: { channelsHz: Object.freeze([865_062_500, 865_402_500, 865_985_000]), datarates: SF7_TO_SF9, maxEirpDeciDbm: 300 },
  RU864: { channelsHz: Object.freeze([864_100_000, 864_300_000, 864_500_000, 864_700_000, 864_900_000, 868_900_000, 869_100_000]), datarates: SF7_TO_SF9, maxEirpDeciDbm: 160 },
} as const satisfies Record<string, RadioPlan>)

export type LoraRegion = keyof typeof LORA_REGION_PLANS

export const LORA_REGIONS = Object.freeze(Object.keys(LORA_REGION_PLANS) as LoraRegion[])
