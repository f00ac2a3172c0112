import { type Hex, bytesToHex, hexToBytes, keccak256, toBytes } from 'viem'
import type { EpochWindow } from '../../src/kind.ts'
import type { WirelessParams } from '../params.ts'
import { DATA_TRANSFER_PAYLOAD_TYPE, encodeDataTransfer, signDataTransfer } from '../payload.ts'
import { DEVNET_ROUTER_KEY } from '../routerKey.ts'
import { HELIUM_BEACON_INTERVAL_MS } from '../rules.ts'
import { MAX_LORA_PAYLOAD_BYTES } from '../verify.ts'
import type { WirelessBehaviour } from './behaviours.ts'
import { centreOf, metresBetween } from './geography.ts'
import { STREAM, gaussian, streamOf, words64 } from './streams.ts'

/**
 * Simulated traffic: the `data_transfer` reports hotspots send for the bytes they carry for
 * customers, each counter-signed by the customer's router (the devnet router, DEVNET_ROUTER_KEY).
 *
 * Who carries: every device with a real radio, where that radio really is — honest hotspots,
 * beacon-replayers and relays (real hotspots, honest about where), and GPS spoofers and sybils too,
 * at their *actual* spot. A customer's sensors reach the radio, not the asserted cell, and the
 * router counter-signs what it really received, so a spoofer's traffic is real work (label
 * "honest"); its fraud is in its coverage claims. Rings have no radio and carry nothing. Devices
 * sharing one actual cell (a sybil group on one roof) share that spot's traffic — the sensors
 * around a roof send the same packets whatever number of hotspots stand on it — so sybils cannot
 * multiply usage.
 *
 * How much (all per *network day*, see below):
 * - every spot (distinct actual cell) has a persistent demand: SIMULATED_USAGE_BYTES_PER_DAY ×
 *   town factor × a log-normal factor of mean 1 and σ SIMULATED_USAGE_DEMAND_SIGMA keyed by the cell
 *   alone (a busy hotspot is busy every day). So most hotspots carry little and a few a lot (with
 *   σ = 1.5 the median spot carries about a third of the mean, the top 1 % over ten times it);
 * - town factor: √(1 + radios within SIMULATED_USAGE_TOWN_RADIUS_M of the spot), divided by its
 *   mean over the fleet's spots: hotspots near town centres, where the people and their sensors
 *   are, carry more (a city spot with 30 neighbours about 5× a lone rural one), and the fleet's mean
 *   stays the chosen rate whatever its size;
 * - each epoch, the spot's expected bytes vary by a log-normal factor (σ SIMULATED_USAGE_DAILY_SIGMA),
 *   capped (before and after) at SIMULATED_USAGE_CAPACITY_BYTES_PER_DAY, what one 8-channel gateway can receive,
 *   and are cut into sessions of about SIMULATED_USAGE_SESSION_BYTES (a Poisson count, at most
 *   SIMULATED_USAGE_MAX_SESSIONS_PER_DAY a network day; fewer than one expected: often none), each
 *   one customer's uplinks of one payload size (13 bytes of LoRaWAN header and MIC plus 8–64 bytes
 *   of application payload) over up to a network hour, started and ended inside the epoch.
 *
 * The rate, 4 MB per hotspot per network day (≈ 46 B/s, about 120,000 uplinks of 35 bytes: a
 * well-used commercial gateway; Helium's IoT network averages far less per hotspot over its ~300,000
 * hotspots), is chosen for the default usageSchedule (1 GB of verified usage in an epoch → half the
 * budget): the schedule is calibrated on a whole network's daily traffic, and a simulated network
 * has tens to hundreds of hotspots, each standing for many. So the benchmark's ~400-hotspot fleet
 * carries ≈ 1.5 GB a day (usage ≈ 50 % of the kind's budget) and `pinion up`'s ~55 radios ≈ 200 MB
 * (≈ 18 %), against the 10 % floor.
 *
 * Network time: volumes scale with the epoch's length in the network's own time, which the beacon
 * interval sets — Helium's 6 h (HELIUM_BEACON_INTERVAL_MS) is a network quarter-day. Under Helium's
 * params a 24 h epoch is a network day; a devnet with 15 s beacon windows (the `pinion up` template)
 * runs Helium's day in a minute, and a 60 s epoch is a network day there too, with the same traffic
 * compressed 1,440× (as its beacons and windows are). A 12 h Helium epoch carries half a day's.
 *
 * Randomness is keyed (streams.ts) with its own tag, STREAM.usage, by the spot's cell and the world
 * seed: beacons and witnesses are byte-identical with or without traffic, and a spot's traffic is
 * the same whatever the other devices do or claim (the honest counterfactual sends the same
 * transfers). The simulator can sign only as the devnet router: with params that do not authorise
 * DEVNET_ROUTER_KEY, simulated hotspots carry no traffic (rather than send transfers that fail).
 */

/** Mean bytes a hotspot (a spot with a radio) carries per network day. */
export const SIMULATED_USAGE_BYTES_PER_DAY = 4_000_000
/** σ of the log-normal of a spot's persistent demand (natural log). */
export const SIMULATED_USAGE_DEMAND_SIGMA = 1.5
/** σ of the log-normal of a spot's epoch-to-epoch variation. */
export const SIMULATED_USAGE_DAILY_SIGMA = 0.35
/** Radios this close to a spot count towards its town factor, metres. */
export const SIMULATED_USAGE_TOWN_RADIUS_M = 3_000
/**
 * What one gateway can receive in a day: 8 channels of 35-byte uplinks at SF7BW125 (≈ 72 ms on
 * air) under pure ALOHA's 18 % channel use: ≈ 1.7 M packets, ≈ 60 MB.
 */
export const SIMULATED_USAGE_CAPACITY_BYTES_PER_DAY = 60_000_000
/** Mean bytes of a session. */
export const SIMULATED_USAGE_SESSION_BYTES = 256_000
/** Sessions a spot reports per network day at most (about one per customer per hour). */
export const SIMULATED_USAGE_MAX_SESSIONS_PER_DAY = 24
/** LoRaWAN's PHY payload around the application's: MHDR, FHDR (7 bytes minimum), FPort, MIC. */
export const LORAWAN_OVERHEAD_BYTES = 13
/** Application payload of a session's uplinks, bytes (drawn per session). */
export const SIMULATED_APP_PAYLOAD_BYTES = { min: 8, max: 64 } as const
/** A session lasts up to this long in network time, ms. */
const SIMULATED_SESSION_MAX_NETWORK_MS = 3_600_000
/** Sessions end this far before the epoch's end at least (≤ 5 s, ≤ a quarter of it), so their reports arrive inside it. */
const SESSION_END_GUARD_MS = 5_000

const NETWORK_DAY_MS = 86_400_000
/** Bytes per session id. */
const SESSION_ID_BYTES = 16

/** What the traffic model needs of a simulated device. */
export type UsageNode = { deviceId: Hex; behaviour: WirelessBehaviour; actual: bigint | null }

/** A data transfer report and the device it is for, time-stamped at the session's end. */
export type UsageReport = { deviceId: Hex; timestampMs: bigint; payloadType: typeof DATA_TRANSFER_PAYLOAD_TYPE; payload: Uint8Array; truth: 'honest' }

/** How many network milliseconds one epoch millisecond stands for under `params` (1 under Helium's). */
export function networkTimeScale(params: Pick<WirelessParams, 'beaconIntervalMs'>): number {
  return Number(HELIUM_BEACON_INTERVAL_MS) / Number(params.beaconIntervalMs)
}

/**
 * Each spot's persistent demand, bytes per network day, by actual cell: SIMULATED_USAGE_BYTES_PER_DAY
 * × town factor × log-normal, capped at a gateway's capacity. Deterministic in the radios' places.
 */
export function spotDemands(nodes: readonly UsageNode[]): Map<bigint, number> {
  const radios = nodes.flatMap((n) => (carries(n) ? [n.actual!] : []))
  const spots = [...new Set(radios)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const centres = new Map(spots.map((cell) => [cell, centreOf(cell)]))
  const towns = spots.map((cell) => {
    const here = centres.get(cell)!
    let near = 0
    for (const other of radios) if (other !== cell && metresBetween(here, centres.get(other)!) <= SIMULATED_USAGE_TOWN_RADIUS_M) near++
    return Math.sqrt(1 + near)
  })
  const meanTown = towns.reduce((sum, t) => sum + t, 0) / Math.max(1, towns.length)
  const sigma = SIMULATED_USAGE_DEMAND_SIGMA
  return new Map(
    spots.map((cell, i) => {
      const persistent = Math.exp(sigma * gaussian(streamOf(STREAM.usage, ...words64(cell))) - (sigma * sigma) / 2)
      return [cell, Math.min(SIMULATED_USAGE_CAPACITY_BYTES_PER_DAY, ((SIMULATED_USAGE_BYTES_PER_DAY * towns[i]!) / meanTown) * persistent)]
    }),
  )
}

/** Whether a device carries traffic: it has a radio (everyone but rings; behaviours.ts). */
const carries = (node: UsageNode) => node.actual !== null && node.behaviour !== 'witness-ring'

/**
 * The epoch's data transfers of every device with a radio, signed by the devnet router; [] when
 * the params do not authorise it. Deterministic given `worldSeed`; labelled "honest" (the traffic
 * was carried).
 */
export function simulateUsage(nodes: readonly UsageNode[], epoch: EpochWindow, params: WirelessParams, worldSeed: number): UsageReport[] {
  if (!params.routers.includes(DEVNET_ROUTER_KEY.publicKey)) return []
  const span = Number(epoch.endMs - epoch.startMs)
  if (span <= 0) return []
  const scale = networkTimeScale(params)
  const days = (span * scale) / NETWORK_DAY_MS
  const guard = Math.min(SESSION_END_GUARD_MS, Math.floor(span / 4))
  const usable = Math.max(1, span - guard) // sessions lie in [startMs, startMs + usable)
  const maxDurationMs = Math.max(0, Math.min(usable - 1, Math.floor(SIMULATED_SESSION_MAX_NETWORK_MS / scale)))
  const maxSessions = Math.max(1, Math.ceil(SIMULATED_USAGE_MAX_SESSIONS_PER_DAY * days))

  const atSpot = new Map<bigint, Hex[]>()
  for (const node of nodes) {
    if (!carries(node)) continue
    const list = atSpot.get(node.actual!) ?? []
    list.push(node.deviceId)
    atSpot.set(node.actual!, list)
  }
  const out: UsageReport[] = []
  for (const [cell, demand] of spotDemands(nodes)) {
    const devices = atSpot.get(cell)!.sort()
    const random = streamOf(STREAM.usage, worldSeed, ...words64(cell))
    const daily = SIMULATED_USAGE_DAILY_SIGMA
    const expected = Math.min(SIMULATED_USAGE_CAPACITY_BYTES_PER_DAY, demand * Math.exp(daily * gaussian(random) - (daily * daily) / 2)) * days
    const lambda = expected / SIMULATED_USAGE_SESSION_BYTES
    const drawn = poisson(lambda, maxSessions, random)
    if (drawn === 0) continue
    // Poisson sessions of the mean size carry `expected` on average; a spot busier than
    // maxSessions sessions carries its expected bytes in fewer, larger ones.
    const total = drawn >= maxSessions ? expected : (expected * drawn) / lambda
    const weights = Array.from({ length: drawn }, () => -Math.log(1 - random()))
    const weightSum = weights.reduce((sum, w) => sum + w, 0)
    weights.forEach((weight, k) => {
      const deviceId = devices[Math.floor(random() * devices.length)]!
      const packetBytes = LORAWAN_OVERHEAD_BYTES + SIMULATED_APP_PAYLOAD_BYTES.min + Math.floor(random() * (SIMULATED_APP_PAYLOAD_BYTES.max - SIMULATED_APP_PAYLOAD_BYTES.min + 1))
      const share = (total * weight) / weightSum
      const packets = Math.max(1, Math.round(share / packetBytes))
      // Whole packets of at least the LoRaWAN overhead and at most a LoRa payload each.
      const bytes = BigInt(Math.min(packets * Number(MAX_LORA_PAYLOAD_BYTES), Math.max(packets * LORAWAN_OVERHEAD_BYTES, Math.round(share))))
      const durationMs = Math.floor(random() * (maxDurationMs + 1))
      const startedAtMs = epoch.startMs + BigInt(Math.floor(random() * (usable - durationMs)))
      const endedAtMs = startedAtMs + BigInt(durationMs)
      const sessionId = sessionIdOf(deviceId, epoch, cell, k)
      const transfer = signDataTransfer(DEVNET_ROUTER_KEY, deviceId, { sessionId, bytes, packets: BigInt(packets), startedAtMs, endedAtMs })
      out.push({ deviceId, timestampMs: endedAtMs, payloadType: DATA_TRANSFER_PAYLOAD_TYPE, payload: encodeDataTransfer(transfer), truth: 'honest' })
    })
  }
  return out
}

/** A session id unique per device, epoch, spot and session (what a router would assign). */
function sessionIdOf(deviceId: Hex, epoch: EpochWindow, cell: bigint, k: number): Hex {
  const digest = keccak256(toBytes(`pinion/simulate/session/v1/${deviceId}/${epoch.startMs}/${cell}/${k}`))
  return bytesToHex(hexToBytes(digest).slice(0, SESSION_ID_BYTES))
}

/** A Poisson draw of mean λ, capped at `max` (λ far above the cap: the cap, without drawing). */
function poisson(lambda: number, max: number, random: () => number): number {
  if (!(lambda > 0)) return 0
  if (lambda > 3 * max + 30) return max
  // Knuth's product of uniforms, in log space (λ here is at most a few hundred).
  const limit = -lambda
  let k = 0
  let sum = Math.log(1 - random())
  while (sum > limit && k < max) {
    k++
    sum += Math.log(1 - random())
  }
  return k
}
