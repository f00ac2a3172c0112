import { cellToBoundary, cellToLatLng, cellToParent, getHexagonEdgeLengthAvg, greatCircleDistance, gridDisk } from 'h3-js'
import type { Hex } from 'viem'
import { compareReports } from '../src/compareReports.ts'
import type { DeviceRecord, KindReport, ScoreContext, Share } from '../src/kind.ts'
import type { WirelessCarried } from './carry.ts'
import type { WirelessParams } from './params.ts'
import type { WirelessPayload } from './payload.ts'
import { h3String } from './physics.ts'
import { CURRENT_WIRELESS_RULES, type WirelessRuleset } from './ruleset.ts'
import { type WirelessTallies, sharesFromTallies, tallyWireless } from './score.ts'
import { resolutionOf } from './spatial.ts'
import { judgeEpoch } from './verifyEpoch.ts'

/**
 * Independent regions of a wireless epoch, so that an oracle can judge and score one region at a
 * time and hold only that region's reports (issue "Scale to Helium's size").
 *
 * Every wireless rule is local except the coverage pool's unit values (rules v2), which are sums:
 *  - a witness link counts only within maxWitnessDistanceM of its beaconer (WITNESS_TOO_FAR), and
 *    the ring classifier expects hearers only within that distance too;
 *  - CO_LOCATED pairs are at most coLocated.maxAssertedDistanceM apart;
 *  - HIP-17 density reads a hotspot's ancestors from res 10 to the coarsest rule's resolution and
 *    their neighbours one ring out (each neighbour's count rolled up from its own children);
 *  - everything else (beacon windows, sessions, reciprocity, travel, holds) is per device.
 * Two devices are in one region when their asserted cells' parents at the coarsest HIP-17 resolution
 * could hold points within the interaction distance, or share a HIP-17 neighbourhood, transitively
 * (union-find over occupied parents; wirelessRegions). Devices of different regions are then too
 * far apart for any rule to link them, and their verdicts and tallies are what the whole epoch
 * would give them.
 *
 * A region's size is the network's, not the code's: a continent of contiguous coverage is one region.
 * What partitioning bounds is the largest contiguous area, not the network.
 *
 * One caveat keeps the kind's own verifyEpoch judging the whole epoch at once: ASYMMETRIC_HOTSPOT
 * peels the worst hotspot first from one binary heap whose priorities change as partners are judged,
 * so the heap is not always in order, and which of two qualifying hotspots of a region goes first
 * could depend on other regions' entries in it. Every test and bench run finds the verdicts equal
 * (scoring has no such heap and is exact); verifyEpochByRegion becomes the kind's default once that
 * peel no longer depends on the heap's layout (a rules change: it could move old verdicts).
 */

/**
 * How many grid steps apart, at the coarsest HIP-17 rule's resolution, two occupied cells may be
 * and still share a HIP-17 neighbourhood: a hotspot's scale reads its ancestor's neighbours one ring
 * out at each resolution, and each neighbour's count is its children's clipped counts (which read
 * their own neighbours, one finer ring each) — within two rings of its ancestor at the coarsest
 * resolution; a third for children H3 does not nest exactly in their parents.
 */
const HIP17_HALO_CELLS = 3
/** The coarsest resolution whose cells group devices for the interaction distance (res 4: ~23 km edges). */
const DISTANCE_RESOLUTION = 4
/** The widest grid disk searched for cells within the interaction distance; longer distances use coarser cells. */
const MAX_DISTANCE_DISK = 40

/** The farthest apart, metres, two hotspots' asserted cells can be and their reports bear on each other's verdicts. */
export function interactionDistanceM(params: Pick<WirelessParams, 'maxWitnessDistanceM' | 'coLocated'>): number {
  return Math.max(params.maxWitnessDistanceM, params.coLocated.maxAssertedDistanceM)
}

/**
 * How far, metres, a point inside an H3 cell (or the centre of a cell nested under it) can be from
 * its centre: the farthest boundary vertex, times NESTING_SLACK because a fine cell's centre can lie
 * a little outside its ancestor at a much coarser resolution (H3 nests approximately).
 */
function cellReachM(h3: string): number {
  const [lat, lng] = cellToLatLng(h3)
  let farthest = 0
  for (const vertex of cellToBoundary(h3)) farthest = Math.max(farthest, greatCircleDistance([lat, lng], vertex, 'm'))
  return farthest * NESTING_SLACK
}
const NESTING_SLACK = 1.5

/** Grid disk radius that covers `distanceM` plus two cell reaches of `reachM` at `resolution` (half an average edge per step, as SpatialIndex sizes its disks). */
const diskFor = (distanceM: number, reachM: number, resolution: number) => Math.ceil((distanceM + 2 * reachM) / (getHexagonEdgeLengthAvg(resolution, 'm') / 2)) + 1

/**
 * The devices grouped into independent regions: each region's device ids ascending, regions ordered
 * by their lowest id. Devices are placed in cells at two resolutions: DISTANCE_RESOLUTION (coarser
 * when the interaction distance is long), where two occupied cells join when some two points in them
 * could be within interactionDistanceM (centre distance − both reaches ≤ it), and the coarsest HIP-17
 * rule's, where two join within HIP17_HALO_CELLS grid steps. Regions are what the joins connect. A
 * device counts at every cell it was ever asserted at (a move ties both places together). Devices
 * never asserted anywhere can send only data transfers, which are judged per device: they make one
 * region together, which holds only their transfers.
 */
export function wirelessRegions(devices: Iterable<DeviceRecord>, params: WirelessParams): Hex[][] {
  const reachLimitM = interactionDistanceM(params)
  let distanceResolution = DISTANCE_RESOLUTION
  const averageReach = (resolution: number) => 2 * getHexagonEdgeLengthAvg(resolution, 'm')
  while (distanceResolution > 0 && diskFor(reachLimitM, averageReach(distanceResolution), distanceResolution) > MAX_DISTANCE_DISK) distanceResolution--
  const densityResolution = params.hexDensity.length === 0 ? null : Math.min(...params.hexDensity.map((rule) => rule.resolution))
  const nodes = new Map<string, number>() // H3 index at either resolution → union-find node
  const parent: number[] = []
  const find = (x: number): number => {
    let root = x
    while (parent[root] !== root) root = parent[root]!
    while (parent[x] !== root) [x, parent[x]] = [parent[x]!, root]
    return root
  }
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)]
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  const nodeOf = (h3: string): number => {
    let i = nodes.get(h3)
    if (i === undefined) {
      nodes.set(h3, (i = parent.length))
      parent.push(i)
    }
    return i
  }
  const distanceCells = new Set<string>()
  const densityCells = new Set<string>()
  const at = (cell: bigint, resolution: number, into: Set<string>): number => {
    const h3 = resolutionOf(cell) > resolution ? cellToParent(h3String(cell), resolution) : h3String(cell)
    into.add(h3)
    return nodeOf(h3)
  }
  const placed: { id: Hex; node: number }[] = []
  const unplaced: Hex[] = []
  for (const device of devices) {
    const cells = device.locations.length > 0 ? device.locations.map((l) => l.cell) : device.location === null ? [] : [device.location]
    if (cells.length === 0) {
      unplaced.push(device.deviceId)
      continue
    }
    const first = at(cells[0]!, distanceResolution, distanceCells)
    for (const cell of cells) {
      union(first, at(cell, distanceResolution, distanceCells))
      if (densityResolution !== null) union(first, at(cell, densityResolution, densityCells))
    }
    placed.push({ id: device.deviceId, node: first })
  }
  // Interaction distance: candidates from a grid disk wide enough for any reach, each then measured.
  const reach = new Map([...distanceCells].map((h3) => [h3, cellReachM(h3)]))
  const k = diskFor(reachLimitM, Math.max(0, ...reach.values()), distanceResolution)
  for (const h3 of distanceCells) {
    const i = nodes.get(h3)!
    const centre = cellToLatLng(h3)
    for (const other of gridDisk(h3, k)) {
      if (!distanceCells.has(other) || find(i) === find(nodes.get(other)!)) continue
      if (greatCircleDistance(centre, cellToLatLng(other), 'm') - reach.get(h3)! - reach.get(other)! <= reachLimitM) union(i, nodes.get(other)!)
    }
  }
  // HIP-17 neighbourhoods.
  for (const h3 of densityCells) {
    for (const other of gridDisk(h3, HIP17_HALO_CELLS)) if (densityCells.has(other)) union(nodes.get(h3)!, nodes.get(other)!)
  }
  const byRoot = new Map<number, Hex[]>()
  for (const { id, node } of placed) {
    const root = find(node)
    const members = byRoot.get(root)
    if (members === undefined) byRoot.set(root, [id])
    else members.push(id)
  }
  const regions = unplaced.length === 0 ? [...byRoot.values()] : [...byRoot.values(), unplaced]
  for (const region of regions) region.sort()
  return regions.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))
}

/** Each device's region, by index into `regions`. */
function regionIndex(regions: readonly (readonly Hex[])[]): Map<Hex, number> {
  const index = new Map<Hex, number>()
  regions.forEach((region, r) => {
    for (const id of region) index.set(id, r)
  })
  return index
}

type Reports = readonly KindReport<WirelessPayload>[]

/**
 * verifyEpoch one region at a time: the same verdicts as judgeEpoch over the whole epoch (a test
 * compares them), holding one region's entries at once. A region is judged with its own reports plus
 * the beacons of other regions its witnesses name (every beacon of such a beaconer, passed or
 * rejected by verify, since which of them holds its window depends on all of them): such a witness
 * fails its link (WITNESS_TOO_FAR or an earlier per-link reason) exactly as in the whole epoch instead
 * of finding no beacon. Verdicts on those borrowed beacons are left to their own region.
 * Reports of devices the registry does not know are judged together, apart.
 */
export function verifyEpochByRegion(
  reports: Reports,
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rejectedByVerify: Reports = [],
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
  regions: readonly (readonly Hex[])[] = wirelessRegions(ctx.devices.values(), ctx.params),
): Map<Hex, string> {
  const regionOf = regionIndex(regions)
  const unknown = regions.length
  const bucket = (id: Hex) => regionOf.get(id) ?? unknown
  const own = split(reports, bucket, regions.length + 1)
  const failed = split(rejectedByVerify, bucket, regions.length + 1)
  const beaconsOf = new Map<Hex, KindReport<WirelessPayload>[]>()
  for (const list of [reports, rejectedByVerify]) {
    for (const report of list) {
      if (report.payload.type !== 'beacon') continue
      const beacons = beaconsOf.get(report.deviceId)
      if (beacons === undefined) beaconsOf.set(report.deviceId, [report])
      else beacons.push(report)
    }
  }
  const verdicts = new Map<Hex, string>()
  for (let r = 0; r <= regions.length; r++) {
    const mine = own[r]!
    if (mine.length === 0) continue
    const borrowed = new Set<Hex>()
    for (const report of mine) {
      const payload = report.payload
      if (payload.type !== 'witness' || r === unknown) continue
      const home = regionOf.get(payload.beaconerId)
      if (home !== undefined && home !== r) borrowed.add(payload.beaconerId)
    }
    let passed: Reports = mine
    let rejected: Reports = failed[r]!
    const ownIds = new Set<Hex>()
    if (borrowed.size > 0) {
      for (const report of mine) ownIds.add(report.reportId)
      const extra = [...borrowed].flatMap((id) => beaconsOf.get(id) ?? [])
      const failedIds = new Set(rejectedByVerify.map((report) => report.reportId))
      passed = [...mine, ...extra.filter((report) => !failedIds.has(report.reportId))].sort(compareReports)
      rejected = [...rejected, ...extra.filter((report) => failedIds.has(report.reportId))].sort(compareReports)
    }
    for (const [id, reason] of judgeEpoch(passed, ctx, rejected, rules).invalid) {
      if (borrowed.size === 0 || ownIds.has(id)) verdicts.set(id, reason)
    }
  }
  return verdicts
}

/**
 * The per-device tallies of valid reports, one region at a time, merged into `into`. Valid reports
 * (after verifyEpoch) never link two regions: a witness of another region's beacon is too far. Given
 * reports that do (a caller scoring what verifyEpoch rejected), the regions are not independent for
 * them, and they are tallied together at once, as scoreWireless would.
 */
export function tallyByRegion(
  reports: Reports,
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
  regions: readonly (readonly Hex[])[] = wirelessRegions(ctx.devices.values(), ctx.params),
  into: WirelessTallies = { coverage: new Map(), usage: new Map() },
): WirelessTallies {
  const regionOf = regionIndex(regions)
  const unknown = regions.length
  const bucket = (id: Hex) => regionOf.get(id) ?? unknown
  const linked = reports.some((report) => {
    const payload = report.payload
    return payload.type === 'witness' && bucket(report.deviceId) !== unknown && bucket(payload.beaconerId) !== bucket(report.deviceId)
  })
  const own = linked ? [reports] : split(reports, bucket, regions.length + 1)
  const carriedIn = linked ? [ctx.carried] : splitCarried(ctx.carried, bucket, regions.length + 1)
  own.forEach((mine, r) => {
    if (mine.length === 0) return
    const tallied = tallyWireless(mine, { ...ctx, carried: carriedIn[r] ?? null }, rules)
    for (const [id, tally] of tallied.coverage) into.coverage.set(id, tally)
    for (const [id, usage] of tallied.usage) into.usage.set(id, usage)
  })
  return into
}

/** scoreWireless one region at a time: tallies per region, then the shares over all of them. */
export function scoreByRegion(
  reports: Reports,
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
  regions: readonly (readonly Hex[])[] = wirelessRegions(ctx.devices.values(), ctx.params),
): Share[] {
  return sharesFromTallies(tallyByRegion(reports, ctx, rules, regions), ctx, rules)
}

/** Reports split by region, each list keeping the canonical order it came in. */
function split(reports: Reports, bucket: (id: Hex) => number, count: number): KindReport<WirelessPayload>[][] {
  const lists: KindReport<WirelessPayload>[][] = Array.from({ length: count }, () => [])
  for (const report of reports) lists[bucket(report.deviceId)]!.push(report)
  return lists
}

/**
 * The carried activity split by region: HIP-17 counts carried hotspots, and a region's density map
 * must see its own (and only its own, or every region would walk the whole network's).
 */
function splitCarried(carried: WirelessCarried | null, bucket: (id: Hex) => number, count: number): (WirelessCarried | null)[] {
  if (carried === null) return []
  const parts: Record<Hex, WirelessCarried['devices'][Hex]>[] = Array.from({ length: count }, () => ({}))
  for (const id of Object.keys(carried.devices) as Hex[]) parts[bucket(id)]![id] = carried.devices[id]!
  return parts.map((devices) => ({ ...carried, devices }))
}
