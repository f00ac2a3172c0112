import { compareReports } from '@pinion/kinds'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { NO_KIND_INPUTS } from '../packages/kinds/src/inputs.ts'
import { DEFAULT_WIRELESS_PARAMS } from '../packages/kinds/wireless/params.ts'
import { type WirelessTallies, sharesFromTallies } from '../packages/kinds/wireless/score.ts'
import { epochOf, placeTile, regionsByTile, simulateTile, tileByRegion, wholeEpoch } from './wirelessScale.ts'

describe('bench:wireless-scale', () => {
  const params = DEFAULT_WIRELESS_PARAMS
  const epoch = epochOf(3)
  const tiles = [0, 1, 2].map((t) => placeTile(3, t, 90, params))
  const devices = new Map(tiles.flatMap((tile) => tile.records.map((r) => [r.deviceId, r] as const)))
  const ctx = { epoch, devices, params, carried: null, inputs: NO_KIND_INPUTS }

  it('judges and scores tile by tile, region by region, bit for bit as the whole epoch at once', () => {
    const regions = regionsByTile(tiles, params)
    expect(regions.map((list) => list.length > 0)).toEqual([true, true, true])
    const byTile = tiles.map((tile) => simulateTile(3, tile, epoch, params))
    const whole = wholeEpoch(byTile.flat().sort(compareReports), ctx)
    const tallies: WirelessTallies = { coverage: new Map(), usage: new Map() }
    const invalid = new Map<Hex, string>()
    byTile.forEach((reports, t) => {
      for (const [id, reason] of tileByRegion(reports, ctx, regions[t]!, tallies)) invalid.set(id, reason)
    })
    expect([...invalid].sort()).toEqual([...whole.invalid].sort())
    expect(invalid.size).toBeGreaterThan(0)
    const shares = sharesFromTallies(tallies, ctx)
    expect(shares).toEqual(whole.shares)
    expect(new Set(shares.map((share) => share.deviceId)).size).toBeGreaterThan(200)
  })

  it('refuses tiles that are not independent regions', () => {
    const moved = { ...tiles[1]!, index: 1, records: tiles[0]!.records.map((r, i) => ({ ...r, deviceId: `0x${'ab'.repeat(31)}${i.toString(16).padStart(2, '0')}` as Hex })) }
    expect(() => regionsByTile([tiles[0]!, moved], params)).toThrow(/spans tiles/)
  })
})
