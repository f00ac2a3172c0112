import { ONE, mulDiv } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { coverageOf } from './coverage.ts'
import { h3String } from './hexes.ts'
import { type HeartbeatTrust, heartbeatTrust, meanTrust } from './locationTrust.ts'
import { type MobileParams, heartbeatPeriodsIn } from './params.ts'
import type { DataSession, Heartbeat, MobilePayload, Speedtest } from './payload.ts'
import { type RankedRadio, rankCoverage } from './rank.ts'
import { type RadioType, isIndoor } from './radioType.ts'
import { BASIS_POINTS } from './rules.ts'
import { backhaulOf } from './speedtestTier.ts'

/** The pool paid for coverage: radios that are there, located, backhauled and serving. */
export const COVERAGE_POOL = 'coverage'
/** The pool paid for subscriber data carried, by carrier-signed bytes. */
export const DATA_POOL = 'data'

type RadioEpoch = {
  heartbeats: { at: bigint; heartbeat: Heartbeat }[]
  speedtests: Speedtest[]
  sessions: DataSession[]
}

/**
 * Shares in two pools, coverage first, each ordered by device id.
 *
 * coverage — one share per radio with a valid heartbeat and an asserted location:
 * - base: Σ over the hexes its template covers (coverage.ts) of the hex's points (helium), or one
 *   point per hex (pollen), fixed point.
 * - heartbeat (×1 or ×0): valid heartbeats in at least minHeartbeatPeriods distinct periods.
 * - speedtest (×1, ×0.75, ×0.5, ×0.25 or ×0): Helium's tier of its latest speedtests.
 * - locationTrust (mean of per-heartbeat trust): validated location against asserted.
 * - served (×1, or ×unservedCoverageBps): at least minUniqueSubscribers distinct subscribers in
 *   its carrier-signed sessions.
 * - rank: what the per-hex ranking (rank.ts) left it of its points, ranked ÷ unranked. Only radios
 *   whose other multipliers are all above 0 are ranked: a radio that earns nothing never pushes a
 *   paying one down a hex.
 *
 * data — one share per radio with a valid data session: base = bytes carried (upload + download),
 * fixed point; paid whatever its coverage, as Helium's data transfer rewards are.
 *
 * weight = base × each multiplier, each step rounded toward zero. Shares of weight 0 are kept, so an
 * operator sees why a radio earned nothing.
 */
export function scoreMobile(reports: readonly KindReport<MobilePayload>[], ctx: ScoreContext<MobileParams>): Share[] {
  const { params } = ctx
  heartbeatPeriodsIn(ctx.epoch, params)
  const radios = new Map<Hex, RadioEpoch>()
  for (const report of reports) {
    let radio = radios.get(report.deviceId)
    if (radio === undefined) radios.set(report.deviceId, (radio = { heartbeats: [], speedtests: [], sessions: [] }))
    const payload = report.payload
    if (payload.type === 'heartbeat') radio.heartbeats.push({ at: report.timestampMs, heartbeat: payload })
    else if (payload.type === 'speedtest') radio.speedtests.push(payload)
    else radio.sessions.push(payload)
  }

  type Scored = { deviceId: Hex; base: bigint; multipliers: Multiplier[]; inputs: Share['inputs']; radio: RankedRadio; ranked: boolean }
  const scored: Scored[] = []
  for (const deviceId of [...radios.keys()].sort()) {
    const radio = radios.get(deviceId)!
    const device = ctx.devices.get(deviceId)
    const asserted = device?.location === null || device === undefined ? null : h3String(device.location)
    // verify refused heartbeats of radios without a location; a score never trusts its caller for money.
    if (radio.heartbeats.length === 0 || asserted === null || device === undefined) continue
    radio.heartbeats.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    const radioType: RadioType = radio.heartbeats[0]!.heartbeat.radioType
    const periods = new Set(radio.heartbeats.map((h) => h.at / params.heartbeatPeriodMs)).size
    const trusts: HeartbeatTrust[] = radio.heartbeats.map((h) => heartbeatTrust(h.heartbeat, h.at, asserted, params))
    const trust = meanTrust(trusts)
    const backhaul = backhaulOf(radio.speedtests, params)
    const subscribers = new Set(radio.sessions.map((s) => s.subscriberId)).size
    const coverage = coverageOf(asserted, radioType)
    const multipliers: Multiplier[] = [
      periods >= params.minHeartbeatPeriods
        ? { name: 'heartbeat', value: ONE, why: `Valid heartbeats in ${periods} distinct heartbeat periods, at least minHeartbeatPeriods (${params.minHeartbeatPeriods}).` }
        : { name: 'heartbeat', value: 0n, why: `Valid heartbeats in only ${periods} distinct heartbeat periods, fewer than minHeartbeatPeriods (${params.minHeartbeatPeriods}).` },
      {
        name: 'speedtest',
        value: backhaul.multiplier,
        why:
          backhaul.tier === 'too-few-samples'
            ? `${backhaul.samples} valid speedtests, fewer than minSpeedtestSamples (${params.minSpeedtestSamples}).`
            : `Tier ${backhaul.tier}: the lowest tier of the averages of its latest ${backhaul.samples} server-signed speedtests.`,
      },
      { name: 'locationTrust', value: trust, why: `Mean location trust of ${trusts.length} heartbeats, validated location against asserted.` },
      subscribers >= params.minUniqueSubscribers
        ? { name: 'served', value: ONE, why: `Served ${subscribers} unique subscribers, at least minUniqueSubscribers (${params.minUniqueSubscribers}).` }
        : {
            name: 'served',
            value: (BigInt(params.unservedCoverageBps) * ONE) / BigInt(BASIS_POINTS),
            why: `Served ${subscribers} unique subscribers, fewer than minUniqueSubscribers (${params.minUniqueSubscribers}): coverage nobody uses.`,
          },
    ]
    const closest = trusts.reduce<number | null>((min, t) => (t.distanceM === null ? min : min === null ? t.distanceM : Math.min(min, t.distanceM)), null)
    scored.push({
      deviceId,
      base: 0n,
      multipliers,
      inputs: {
        radioType,
        assertedHex: asserted,
        heartbeats: radio.heartbeats.length,
        heartbeatPeriods: periods,
        heartbeatsWithTrust: trusts.filter((t) => t.bps > 0).length,
        closestValidatedDistanceM: closest ?? -1,
        speedtests: backhaul.samples,
        speedtestTier: backhaul.tier,
        downloadBps: backhaul.downloadBps.toString(),
        uploadBps: backhaul.uploadBps.toString(),
        latencyMs: backhaul.latencyMs.toString(),
        uniqueSubscribers: subscribers,
        coverageRule: params.coverageRule,
      },
      radio: { deviceId, indoor: isIndoor(radioType), seniorityMs: device.locations.at(-1)?.atMs ?? 0n, coverage },
      ranked: multipliers.every((m) => m.value > 0n),
    })
  }

  const ranking = rankCoverage(
    scored.filter((s) => s.ranked).map((s) => s.radio),
    params.coverageRule,
  )
  const shares: Share[] = []
  for (const s of scored) {
    const outcome = ranking.get(s.deviceId)
    const points = outcome?.points ?? unrankedPoints(s.radio, params)
    const rank: Multiplier =
      outcome === undefined
        ? { name: 'rank', value: ONE, why: 'Not ranked: another multiplier is 0, so it takes no place in any hex.' }
        : {
            name: 'rank',
            value: points === 0n ? 0n : (outcome.rankedPoints * ONE) / points,
            why: `Ranked first in ${outcome.firstInHexes} of its ${outcome.hexes} hexes (HIP-105${params.coverageRule === 'pollen' ? ", Pollen's one radio per hex" : ''}): the share of its points the ranking left it.`,
          }
    const base = (points * ONE) / BigInt(BASIS_POINTS)
    shares.push(share(s.deviceId, COVERAGE_POOL, base, [...s.multipliers, rank], { ...s.inputs, hexes: s.radio.coverage.length, firstInHexes: outcome?.firstInHexes ?? 0 }))
  }

  for (const deviceId of [...radios.keys()].sort()) {
    const sessions = radios.get(deviceId)!.sessions
    if (sessions.length === 0 || !ctx.devices.has(deviceId)) continue
    const bytes = sessions.reduce((sum, s) => sum + s.uploadBytes + s.downloadBytes, 0n)
    shares.push(
      share(deviceId, DATA_POOL, bytes * ONE, [], { sessions: sessions.length, bytes: bytes.toString(), uniqueSubscribers: new Set(sessions.map((s) => s.subscriberId)).size }),
    )
  }
  return shares
}

/** A radio's points when it is not ranked, in points × basis points as the ranking counts them. */
function unrankedPoints(radio: RankedRadio, params: MobileParams): bigint {
  if (params.coverageRule === 'pollen') return BigInt(radio.coverage.length) * BigInt(BASIS_POINTS)
  return radio.coverage.reduce((sum, hex) => sum + BigInt(hex.points), 0n) * BigInt(BASIS_POINTS)
}

function share(deviceId: Hex, pool: string, base: bigint, multipliers: Multiplier[], inputs: Share['inputs']): Share {
  let weight = base
  for (const multiplier of multipliers) weight = mulDiv(weight, multiplier.value, ONE)
  return { deviceId, pool, base, multipliers, weight, inputs }
}
