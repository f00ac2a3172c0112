import { cellToParent, latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { NETWORK_PLAN, radioPlanAt } from './radioPlanAt.ts'
import { parseWirelessParams } from './params.ts'
import { LORA_REGION_PLANS } from './regionPlans.ts'

const cell = (h3: string) => BigInt(`0x${h3}`)
const PARIS = latLngToCell(48.85, 2.35, 12)
const SYDNEY = latLngToCell(-33.87, 151.21, 12)
const IOWA = latLngToCell(41.9, -93.1, 12)

describe('regional radio plans', () => {
  const params = parseWirelessParams({
    regions: [
      { region: 'EU868', cells: [cellToParent(PARIS, 3)] },
      { region: 'AU915', cells: [cellToParent(SYDNEY, 4).toUpperCase()] },
    ],
  })

  it("give each place its region's plan, and places outside every region the network's own", () => {
    expect(radioPlanAt(params, cell(PARIS))).toEqual({ ...LORA_REGION_PLANS.EU868, region: 'EU868' })
    expect(radioPlanAt(params, cell(SYDNEY)).region).toBe('AU915')
    expect(radioPlanAt(params, cell(SYDNEY)).maxEirpDeciDbm).toBe(300)
    expect(radioPlanAt(params, cell(IOWA))).toEqual({ channelsHz: params.channelsHz, datarates: params.datarates, maxEirpDeciDbm: params.maxEirpDeciDbm, region: NETWORK_PLAN })
    // A listed cell finer than the place asked about does not hold it.
    const fine = parseWirelessParams({ regions: [{ region: 'EU868', cells: [cellToParent(PARIS, 9)] }] })
    expect(radioPlanAt(fine, cell(cellToParent(PARIS, 8))).region).toBe(NETWORK_PLAN)
    expect(radioPlanAt(fine, cell(PARIS)).region).toBe('EU868')
  })

  it("are Helium's region params: EU868's eight channels at 16.1 dBm, KR920's seven at 14 dBm, beacons at datarates that carry 51 bytes", () => {
    expect(LORA_REGION_PLANS.EU868.channelsHz).toEqual([867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000, 868_100_000, 868_300_000, 868_500_000])
    expect([LORA_REGION_PLANS.EU868.maxEirpDeciDbm, LORA_REGION_PLANS.KR920.maxEirpDeciDbm, LORA_REGION_PLANS.KR920.channelsHz.length]).toEqual([161, 140, 7])
    expect(LORA_REGION_PLANS.AS923_1B.channelsHz.at(-1)).toBe(923_400_000)
    expect(LORA_REGION_PLANS.EU868.datarates).toEqual(['SF8BW125', 'SF9BW125', 'SF12BW125'])
  })
})
