/**
 * npm run bench:wireless-scale [-- --sizes 2000,20000,400000] [-- --sample 20] [-- --seed 1] [-- --json]
 *
 * One epoch of the wireless kind on all-honest fleets of constant density, from 2,000 to 400,000
 * hotspots: verify, verifyEpoch and score, timed, with the process's peak memory (VmHWM). The fleet
 * is tiles of 500 hotspots, each DEFAULT_WORLD (a city, eleven towns and countryside) around its own
 * lattice point TILE_SPACING_KM apart (simulate/tiles.ts), simulated on its own from the seed.
 *
 * The epoch is computed region by region (regions.ts): wirelessRegions over the whole registry,
 * then per tile verify, verifyEpochByRegion and tallyByRegion, its reports dropped before the next;
 * sharesFromTallies over every tally at the end. The bench checks that no region spans two tiles.
 * `--whole` also runs the whole-epoch computation (every report held, as before) for comparison.
 *
 * With `--sample S`, only every S-th tile is simulated and judged; the time of the per-region part
 * is the sampled tiles' sum × S. Sound because regions are independent (a region's verdicts and
 * tallies depend only on its own reports, proven bit-identical to the whole epoch by regions.test.ts
 * and this bench's test) and tiles are alike (same world, same size, own seeds; the bench prints the
 * spread of per-tile times). What is not sampled is measured for real: the registry of every device,
 * wirelessRegions over it, and sharesFromTallies over every device's tally (the tallies of tiles not
 * simulated are copies of a simulated tile's, under their own device ids). Each size runs in a child
 * process, so its peak memory is its own.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PerformanceObserver } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { type DevicePlacement, type DeviceRecord, type EpochWindow, type KindReport, type Share, compareReports, seededRandom } from '@pinion/kinds'
import type { Hex } from 'viem'
import { NO_KIND_INPUTS } from '../packages/kinds/src/inputs.ts'
import { DEFAULT_WIRELESS_PARAMS, type WirelessParams } from '../packages/kinds/wireless/params.ts'
import { type WirelessPayload, decodeWirelessPayload } from '../packages/kinds/wireless/payload.ts'
import { tallyByRegion, verifyEpochByRegion, wirelessRegions } from '../packages/kinds/wireless/regions.ts'
import { type WirelessTallies, scoreWireless, sharesFromTallies } from '../packages/kinds/wireless/score.ts'
import { placeWirelessFleet, simulateWireless, tileWorld } from '../packages/kinds/wireless/simulate/index.ts'
import { verifyWireless } from '../packages/kinds/wireless/verify.ts'
import { judgeEpoch } from '../packages/kinds/wireless/verifyEpoch.ts'

/** Hotspots per tile: the measurements composed 500-hotspot worlds. */
export const TILE_HOTSPOTS = 500
const GENESIS_MS = 1_767_225_600_000n // 2026-01-01, as the other wireless benchmarks
const DAY_MS = 86_400_000n

type Reports = KindReport<WirelessPayload>[]
type Context = Parameters<typeof scoreWireless>[1]
export type Tile = { index: number; records: DeviceRecord[]; placements: DevicePlacement[] }

const sha256 = (text: string): Hex => `0x${createHash('sha256').update(text).digest('hex')}`

export function epochOf(seed: number): EpochWindow {
  return { epoch: 1n, startMs: GENESIS_MS, endMs: GENESIS_MS + DAY_MS, entropy: sha256(`pinion/bench/wireless-scale/${seed}`) }
}

/** Tile `index`'s hotspots, placed over its world: the registry's records. */
export function placeTile(seed: number, index: number, hotspots: number, params: WirelessParams = DEFAULT_WIRELESS_PARAMS): Tile {
  const behaviours = Array<string>(hotspots).fill('honest')
  const placements = placeWirelessFleet({ behaviours, params, random: seededRandom(seed * 1_000_003 + index) }, tileWorld(index))
  const records = placements.map((p, i): DeviceRecord => {
    const deviceId = sha256(`pinion/bench/wireless-scale/${seed}/${index}/${i}`)
    return {
      deviceId,
      owner: '0x1000000000000000000000000000000000000001',
      recipient: '0x2000000000000000000000000000000000000002',
      deviceClass: 1,
      keyType: 'ed25519',
      publicKey: deviceId,
      location: p.asserted,
      locations: p.asserted === null ? [] : [{ cell: p.asserted, atMs: 0n, antennaGain: p.antennaGain, elevation: p.elevation }],
      active: true,
    }
  })
  return { index, records, placements }
}

/** The tile's reports for the epoch, decoded, in canonical order (sequences per device, ids unique). */
export function simulateTile(seed: number, tile: Tile, epoch: EpochWindow, params: WirelessParams = DEFAULT_WIRELESS_PARAMS): Reports {
  const devices = tile.records.map((r, i) => ({
    deviceId: r.deviceId,
    behaviour: 'honest',
    location: r.location,
    actualLocation: tile.placements[i]!.actual,
    antennaGain: tile.placements[i]!.antennaGain,
    deviceClass: r.deviceClass,
  }))
  const simulated = simulateWireless({ epoch, devices, params, random: seededRandom(seed * 7_919 + tile.index) })
  const sequences = new Map<Hex, bigint>()
  const reports = simulated.map((r, i) => {
    const sequence = (sequences.get(r.deviceId) ?? 0n) + 1n
    sequences.set(r.deviceId, sequence)
    return {
      reportId: sha256(`${seed}/${tile.index}/${i}`),
      deviceId: r.deviceId,
      sequence,
      timestampMs: r.timestampMs,
      payloadType: r.payloadType,
      payload: decodeWirelessPayload(r.payloadType, r.payload),
    }
  })
  return reports.sort(compareReports)
}

/** verify over reports (one context per device, as the pipeline builds them). */
function verifyAll(reports: Reports, ctx: Context): { passed: Reports; failed: Reports } {
  const passed: Reports = []
  const failed: Reports = []
  for (const report of reports) (verifyWireless(report, { ...ctx, device: ctx.devices.get(report.deviceId)! }).valid ? passed : failed).push(report)
  return { passed, failed }
}

/** The whole epoch at once, every report held: verify, verifyEpoch, score. */
export function wholeEpoch(reports: Reports, ctx: Context): { invalid: ReadonlyMap<Hex, string>; shares: Share[] } {
  const { passed, failed } = verifyAll(reports, ctx)
  const invalid = judgeEpoch(passed, ctx, failed).invalid
  return {
    invalid,
    shares: scoreWireless(
      passed.filter((report) => !invalid.has(report.reportId)),
      ctx,
    ),
  }
}

/** One tile's regions: verify, verifyEpochByRegion, tallyByRegion into `tallies`. Returns the tile's verdicts. */
export function tileByRegion(reports: Reports, ctx: Context, regions: readonly (readonly Hex[])[], tallies: WirelessTallies): Map<Hex, string> {
  const { passed, failed } = verifyAll(reports, ctx)
  const invalid = verifyEpochByRegion(passed, ctx, failed, undefined, regions)
  tallyByRegion(
    passed.filter((report) => !invalid.has(report.reportId)),
    ctx,
    undefined,
    regions,
    tallies,
  )
  return invalid
}

/** The regions of the registry, grouped by tile; throws if a region spans two tiles (they would not be independent). */
export function regionsByTile(tiles: readonly Tile[], params: WirelessParams): Hex[][][] {
  const tileOf = new Map<Hex, number>()
  for (const tile of tiles) for (const record of tile.records) tileOf.set(record.deviceId, tile.index)
  const byTile = new Map<number, Hex[][]>()
  for (const region of wirelessRegions(
    tiles.flatMap((tile) => tile.records),
    params,
  )) {
    const t = tileOf.get(region[0]!)!
    if (region.some((id) => tileOf.get(id) !== t)) throw new Error(`a region spans tiles ${t} and ${tileOf.get(region.find((id) => tileOf.get(id) !== t)!)}`)
    const list = byTile.get(t)
    if (list === undefined) byTile.set(t, [region])
    else list.push(region)
  }
  return tiles.map((tile) => byTile.get(tile.index) ?? [])
}

type Measured = {
  hotspots: number
  mode: 'whole' | 'regions'
  tilesJudged: number
  reports: number
  epochSeconds: number
  /** CPU seconds of the timed work (sampled tiles scaled like epochSeconds). */
  cpuSeconds: number
  verifySeconds: number
  regionsSeconds: number
  sharesSeconds: number
  /** Share of the timed work spent in garbage collection pauses. */
  gcShare: number
  tileSeconds: { min: number; max: number }
  peakMiB: number
  shares: number
  digest: string
}

/** Peak resident memory of this process so far, MiB (VmHWM). */
const peakMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024

/**
 * A digest of verdicts that does not depend on their order and holds none of them: the sum of each
 * verdict's hash (64 bits), so a run region by region need not keep millions of verdicts to compare.
 */
class VerdictDigest {
  private sum = 0n
  add(verdicts: Iterable<[Hex, string]>): void {
    for (const [id, reason] of verdicts) this.sum = (this.sum + createHash('sha256').update(`${id}${reason}`).digest().readBigUInt64BE()) & 0xffff_ffff_ffff_ffffn
  }
  get value(): string {
    return this.sum.toString(16).padStart(16, '0')
  }
}

/** A digest of shares and verdicts, to compare runs bit for bit. */
function digestOf(shares: readonly Share[], verdicts: VerdictDigest): string {
  const hash = createHash('sha256')
  for (const share of shares) hash.update(`${share.deviceId}${share.pool}${share.base}${share.weight}${share.multipliers.map((m) => m.value).join()}\n`)
  hash.update(verdicts.value)
  return hash.digest('hex').slice(0, 16)
}

const verdictDigest = (invalid: Iterable<[Hex, string]>) => {
  const digest = new VerdictDigest()
  digest.add(invalid)
  return digest
}

/** One measurement, in this process. */
async function measure(hotspots: number, mode: 'whole' | 'regions', sample: number, seed: number): Promise<Measured> {
  const params = DEFAULT_WIRELESS_PARAMS
  const epoch = epochOf(seed)
  const count = Math.ceil(hotspots / TILE_HOTSPOTS)
  const tiles = Array.from({ length: count }, (_, t) => placeTile(seed, t, Math.min(TILE_HOTSPOTS, hotspots - t * TILE_HOTSPOTS), params))
  const devices = new Map(tiles.flatMap((tile) => tile.records.map((r) => [r.deviceId, r] as const)))
  const ctx: Context = { epoch, devices, params, carried: null, inputs: NO_KIND_INPUTS }
  // GC pauses, later summed over the timed spans (the observer reports them after the fact).
  const pauses: { at: number; ms: number }[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ at: entry.startTime, ms: entry.duration })
  })
  observer.observe({ entryTypes: ['gc'] })
  const spans: [number, number][] = []
  // CPU time over the timed spans too (all threads of this process): other work on the machine
  // stretches wall time, much less this.
  let cpuMicros = 0
  let lastCpu = 0
  let cpuFrom = process.cpuUsage()
  const start = () => {
    cpuFrom = process.cpuUsage()
    return performance.now()
  }
  const seconds = (from: number) => {
    const now = performance.now()
    const cpu = process.cpuUsage(cpuFrom)
    lastCpu = (cpu.user + cpu.system) / 1e6
    cpuMicros += cpu.user + cpu.system
    spans.push([from, now])
    return (now - from) / 1000
  }
  const gcSeconds = async () => {
    await new Promise((resolve) => setTimeout(resolve, 50))
    observer.disconnect()
    return pauses.filter(({ at }) => spans.some(([from, to]) => at >= from && at < to)).reduce((sum, { ms }) => sum + ms, 0) / 1000
  }

  if (mode === 'whole') {
    const reports = tiles.flatMap((tile) => simulateTile(seed, tile, epoch, params)).sort(compareReports)
    const started = start()
    const { invalid, shares } = wholeEpoch(reports, ctx)
    const epochSeconds = seconds(started)
    return {
      hotspots,
      mode,
      tilesJudged: count,
      reports: reports.length,
      epochSeconds,
      cpuSeconds: cpuMicros / 1e6,
      verifySeconds: 0,
      regionsSeconds: epochSeconds,
      sharesSeconds: 0,
      gcShare: (await gcSeconds()) / epochSeconds,
      tileSeconds: { min: 0, max: 0 },
      peakMiB: peakMiB(),
      shares: shares.length,
      digest: digestOf(shares, verdictDigest(invalid)),
    }
  }

  let started = start()
  const regions = regionsByTile(tiles, params)
  const regionsSeconds = seconds(started)
  const tallies: WirelessTallies = { coverage: new Map(), usage: new Map() }
  const verdicts = new VerdictDigest()
  let reportCount = 0
  let tileSum = 0
  let tileCpu = 0
  const tileTimes: number[] = []
  const judged: Tile[] = []
  for (const tile of tiles) {
    if (tile.index % sample !== 0) continue
    const reports = simulateTile(seed, tile, epoch, params)
    reportCount += reports.length
    started = start()
    const invalid = tileByRegion(reports, ctx, regions[tile.index]!, tallies)
    const took = seconds(started)
    tileCpu += lastCpu
    verdicts.add(invalid)
    // Progress on stderr for long runs (the parent passes it through; stdout carries only the result).
    if (judged.length % 100 === 99) console.error(`  ${hotspots.toLocaleString('en')}: ${judged.length + 1} tiles judged`)
    tileSum += took
    tileTimes.push(took)
    judged.push(tile)
  }
  // Tiles not simulated take a judged tile's tallies, device for device (sampling only).
  for (const tile of tiles) {
    if (tile.index % sample === 0) continue
    const like = judged[Math.floor(tile.index / sample) % judged.length]!
    tile.records.forEach((record, i) => {
      const source = like.records[i]?.deviceId
      const coverage = source === undefined ? undefined : tallies.coverage.get(source)
      if (coverage !== undefined) tallies.coverage.set(record.deviceId, { ...coverage })
      const usage = source === undefined ? undefined : tallies.usage.get(source)
      if (usage !== undefined) tallies.usage.set(record.deviceId, { ...usage })
    })
  }
  started = start()
  const shares = sharesFromTallies(tallies, ctx)
  const sharesSeconds = seconds(started)
  const scale = count / judged.length
  return {
    hotspots,
    mode,
    tilesJudged: judged.length,
    reports: Math.round(reportCount * scale),
    epochSeconds: regionsSeconds + tileSum * scale + sharesSeconds,
    cpuSeconds: cpuMicros / 1e6 + tileCpu * (scale - 1),
    verifySeconds: tileSum * scale,
    regionsSeconds,
    sharesSeconds,
    gcShare: (await gcSeconds()) / (regionsSeconds + tileSum + sharesSeconds),
    tileSeconds: { min: Math.min(...tileTimes), max: Math.max(...tileTimes) },
    peakMiB: peakMiB(),
    shares: shares.length,
    digest: sample === 1 ? digestOf(shares, verdicts) : 'sampled',
  }
}

/** Runs one measurement in a child process (its own peak memory), with `maxOldSpaceMiB` of heap. */
function inChild(hotspots: number, mode: 'whole' | 'regions', sample: number, seed: number, maxOldSpaceMiB: number): Measured {
  const script = fileURLToPath(import.meta.url)
  const out = execFileSync(process.execPath, [`--max-old-space-size=${maxOldSpaceMiB}`, '--import', 'tsx', script, '--child', JSON.stringify({ hotspots, mode, sample, seed })], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function line(m: Measured): string {
  const perReport = (m.peakMiB * 1024 * 1024) / m.reports
  const sampled =
    m.tilesJudged * TILE_HOTSPOTS < m.hotspots
      ? ` (${m.tilesJudged} of ${Math.ceil(m.hotspots / TILE_HOTSPOTS)} tiles judged, × ${fmt(m.hotspots / (m.tilesJudged * TILE_HOTSPOTS), 0)})`
      : ''
  return [
    `${m.hotspots.toLocaleString('en').padStart(8)} hotspots ${m.mode.padEnd(7)}`,
    `${fmt(m.reports / 1e6, 2).padStart(6)} M reports`,
    `epoch ${fmt(m.epochSeconds).padStart(7)} s (CPU ${fmt(m.cpuSeconds)} s)`,
    `peak ${fmt(m.peakMiB / 1024, 2).padStart(5)} GiB (${fmt(perReport, 0)} B/report)`,
    `GC ${fmt(100 * m.gcShare, 0)} %`,
    m.mode === 'regions'
      ? `regions ${fmt(m.regionsSeconds, 2)} s, tiles ${fmt(m.tileSeconds.min, 2)}–${fmt(m.tileSeconds.max, 2)} s each, shares ${fmt(m.sharesSeconds, 2)} s`
      : '',
    `digest ${m.digest}${sampled}`,
  ]
    .filter((part) => part !== '')
    .join(', ')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      sizes: { type: 'string', default: '2000,20000,400000' },
      sample: { type: 'string', default: '20' },
      'sample-above': { type: 'string', default: '20000' },
      whole: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      'max-old-space': { type: 'string', default: '11000' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.child !== undefined) {
    const { hotspots, mode, sample, seed } = JSON.parse(values.child) as { hotspots: number; mode: 'whole' | 'regions'; sample: number; seed: number }
    console.log(JSON.stringify(await measure(hotspots, mode, sample, seed)))
    return
  }
  const seed = Number(values.seed)
  const whole = new Set(values.whole.split(',').filter(Boolean).map(Number))
  const results: Measured[] = []
  for (const hotspots of values.sizes.split(',').map(Number)) {
    const runs: ('whole' | 'regions')[] = whole.has(hotspots) ? ['whole', 'regions'] : ['regions']
    for (const mode of runs) {
      const sample = mode === 'regions' && hotspots > Number(values['sample-above']) ? Number(values.sample) : 1
      const result = inChild(hotspots, mode, sample, seed, Number(values['max-old-space']))
      results.push(result)
      if (!values.json) console.log(line(result))
    }
  }
  if (values.json) console.log(JSON.stringify(results, null, 2))
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main()
