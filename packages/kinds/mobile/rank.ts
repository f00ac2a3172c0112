import type { Hex } from 'viem'
import { type CoveredHex, SIGNAL_LEVELS } from './coverage.ts'
import type { MobileParams } from './params.ts'
import { HIP_105_INDOOR_RANK_MULTIPLIERS_BPS, HIP_105_OUTDOOR_RANK_MULTIPLIERS_BPS } from './rules.ts'

/** A radio the ranking sees: its coverage, whether it is indoor, and its seniority. */
export type RankedRadio = {
  deviceId: Hex
  indoor: boolean
  /** When its coverage was claimed: the registry time of its latest location assertion (Helium's coverage_claim_time). */
  seniorityMs: bigint
  coverage: readonly CoveredHex[]
}

/** What the ranking left a radio: points before and after rank multipliers (in points × basis points), and hexes it ranks first in. */
export type RankOutcome = { points: bigint; rankedPoints: bigint; hexes: number; firstInHexes: number }

/**
 * Ranks the radios in every hex they cover and returns what each keeps.
 *
 * helium (HIP-105): indoor and outdoor radios are ranked apart, as Helium's coverage map keeps them.
 * Outdoor radios by signal level (strongest first), then seniority (oldest claim first), then
 * device id; rank multipliers 1, 0.5, 0.25, then 0. Indoor radios by seniority, then device id;
 * rank 1 only. A radio keeps Σ over its hexes of points × its rank multiplier.
 *
 * pollen (Pollen Mobile's rule): each hex is one point, to the best-ranked radio covering it
 * (strongest signal, then seniority, then device id), indoor or outdoor; every other radio there
 * gets nothing for it.
 *
 * Deterministic: the order radios are given in does not matter.
 */
export function rankCoverage(radios: readonly RankedRadio[], rule: MobileParams['coverageRule']): Map<Hex, RankOutcome> {
  const byHex = new Map<string, { radio: RankedRadio; hex: CoveredHex }[]>()
  for (const radio of radios) {
    for (const hex of radio.coverage) {
      const key = rule === 'pollen' ? hex.hex : `${radio.indoor ? 'indoor' : 'outdoor'}:${hex.hex}`
      let list = byHex.get(key)
      if (list === undefined) byHex.set(key, (list = []))
      list.push({ radio, hex })
    }
  }
  const outcomes = new Map<Hex, RankOutcome>(radios.map((r) => [r.deviceId, { points: 0n, rankedPoints: 0n, hexes: 0, firstInHexes: 0 }]))
  for (const list of byHex.values()) {
    list.sort((a, b) => {
      // Signal first for outdoor radios (and in Pollen's one ranking); indoor radios by seniority alone.
      if (rule === 'pollen' || !a.radio.indoor) {
        const level = SIGNAL_LEVELS.indexOf(a.hex.level) - SIGNAL_LEVELS.indexOf(b.hex.level)
        if (level !== 0) return level
      }
      if (a.radio.seniorityMs !== b.radio.seniorityMs) return a.radio.seniorityMs < b.radio.seniorityMs ? -1 : 1
      return a.radio.deviceId < b.radio.deviceId ? -1 : a.radio.deviceId > b.radio.deviceId ? 1 : 0
    })
    list.forEach(({ radio, hex }, rank) => {
      const outcome = outcomes.get(radio.deviceId)!
      outcome.hexes++
      if (rank === 0) outcome.firstInHexes++
      if (rule === 'pollen') {
        outcome.points += 10_000n
        if (rank === 0) outcome.rankedPoints += 10_000n
        return
      }
      const multipliers: readonly number[] = radio.indoor ? HIP_105_INDOOR_RANK_MULTIPLIERS_BPS : HIP_105_OUTDOOR_RANK_MULTIPLIERS_BPS
      outcome.points += BigInt(hex.points) * 10_000n
      outcome.rankedPoints += BigInt(hex.points) * BigInt(multipliers[rank] ?? 0)
    })
  }
  return outcomes
}
