/**
 * The mobile section of `npm run bench:fraud`, printed after the wireless one (alone:
 * `npm run bench:fraud -- --kind mobile`; `--seeds` and `--epochs` apply to both sections).
 *
 * How well the mobile kind keeps coverage rewards away from each adversary class of
 * packages/kinds/mobile/simulate/behaviours.ts. For each seed, placeMobileFleet spreads honest radios
 * and every adversary class around a city; simulateMobile makes a few consecutive 24 h epochs of
 * their reports under Helium's default parameters (the devnet's carrier, speedtest server and
 * location validator signing what real infrastructure would); every report is signed by its
 * radio's key and goes through the real epoch pipeline (assembleEpochInput, computeEpoch:
 * signatures, verify, verifyEpoch, usage receipts charged to the carrier's escrow, score,
 * splitPools, allocation).
 *
 * Per radio: A = its coverage reward over the epochs; τ = 10 % of the median honest radio's A (same
 * seed). An adversary is caught when A ≤ τ; an honest radio is falsely caught when A ≤ τ. Recall per
 * class = caught / its radios; precision per class = caught / (caught + every honest radio falsely
 * caught): false positives are charged to every class. Targets: recall ≥ 0.9 at precision ≥ 0.95
 * for every class; a missed target is named and the run exits 1.
 *
 * Registry order matters to one rule: radios are asserted in fleet order, honest first, so an honest
 * radio is senior to a crowder that moves into its hex later (HIP-105 ranks indoor radios by seniority).
 */
import { type DeviceRecord, type EpochWindow, type Kind, seededRandom } from '@pinion/kinds'
import {
  type DeviceKey,
  ONE,
  deviceIdOf,
  encodeReportBody,
  encodeSignedReport,
  openCanonicalSignedReport,
  reportIdOf,
  reportSigningMessage,
  signWithDeviceKey,
  verifyDeviceSignature,
} from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { DEVNET_CARRIER_KEY } from '../packages/kinds/mobile/infrastructure.ts'
import { mobile } from '../packages/kinds/mobile/index.ts'
import type { MobileParams } from '../packages/kinds/mobile/params.ts'
import { type LabelledMobileReport, MOBILE_ADVERSARIES, type MobileAdversary, placeMobileFleet, simulateMobileLabelled } from '../packages/kinds/mobile/simulate/index.ts'
import { computeEpoch } from '../packages/oracle/src/epoch/computeEpoch.ts'
import type { VerifySignatures } from '../packages/oracle/src/epoch/types.ts'
import { assembleEpochInput } from '../packages/oracle/src/service/assembleEpochInput.ts'
import { keyFor } from '../packages/testkit/src/oracle/epochFixture.ts'
import { BENCH_GENESIS_MS, BENCH_NETWORK_ID, DAY_MS, SEQUENCES_PER_EPOCH, benchAddress, dailyWindow, textTable } from './benchWorld.ts'

export const MOBILE_TARGET_RECALL = 0.9
export const MOBILE_TARGET_PRECISION = 0.95
/** τ as a share of the median honest radio's coverage reward. */
const MOBILE_CAUGHT_FRACTION = 0.1

const NETWORK_ID = BENCH_NETWORK_ID
const TREASURY: Address = '0x7000000000000000000000000000000000000007'
const EMISSION = 20_548n * ONE
/** Locations were asserted a month before the first epoch, a second apart in fleet order. */
const ASSERTED_AT_MS = BENCH_GENESIS_MS - 30n * DAY_MS
const POOLS = [
  { name: 'mobile.coverage', basisPoints: 6_500 },
  { name: 'mobile.data', basisPoints: 3_000 },
  { name: 'treasury', basisPoints: 500 },
]
/** The carrier bought far more credits than the fleet can use: no receipt is refused for want of them. */
const CARRIER_ESCROW_CREDITS = 10n ** 15n
const CREDITS_PER_TOKEN = 100_000n

export type MobileScenario = {
  seeds: readonly number[]
  epochs: number
  honest: number
  perClass: Readonly<Record<MobileAdversary, number>>
  /** The mobile kind's params as config gives them (undefined: the defaults, Helium's). */
  params?: unknown
}

export const DEFAULT_MOBILE_SCENARIO: MobileScenario = {
  seeds: [1, 2, 3],
  epochs: 2,
  honest: 200,
  perClass: { 'location-spoofer': 20, 'speedtest-faker': 20, 'no-service': 20, crowder: 20 },
}

/** One radio's outcome over a seed's epochs. */
type MobileRadioOutcome = { deviceId: Hex; behaviour: string; coverage: bigint; data: bigint; rejections: Record<string, number> }
export type MobileSeedResult = {
  seed: number
  radios: MobileRadioOutcome[]
  reports: number
  /** behaviour → multiplier name → mean value (×1 = 1) over its coverage shares. */
  multipliers: Record<string, Record<string, number>>
  /** Credits the epochs charged the carrier's escrow for data sessions. */
  creditsCharged: bigint
}

type Radio = { key: DeviceKey; deviceId: Hex; behaviour: string; record: DeviceRecord; antennaGain: number; actual: bigint | null }

/** One seed: its fleet placed, its epochs simulated, signed and computed. */
export async function runMobileSeed(seed: number, scenario: MobileScenario): Promise<MobileSeedResult> {
  const params = mobile.parseParams(scenario.params) as MobileParams
  const behaviours = [...Array<string>(scenario.honest).fill('honest'), ...MOBILE_ADVERSARIES.flatMap((b) => Array<string>(scenario.perClass[b]).fill(b))]
  const placements = placeMobileFleet({ behaviours, params, random: seededRandom(seed) })
  const radios: Radio[] = behaviours.map((behaviour, i) => {
    const key = keyFor(`fraud-mobile/${seed}/${i}`)
    const deviceId = deviceIdOf(key.publicKey)
    const p = placements[i]!
    const cell = p.asserted!
    return {
      key,
      deviceId,
      behaviour,
      antennaGain: p.antennaGain,
      actual: p.actual,
      record: {
        deviceId,
        owner: benchAddress(seed, i, 1),
        recipient: benchAddress(seed, i, 2),
        deviceClass: 1,
        keyType: key.type,
        publicKey: key.publicKey,
        location: cell,
        locations: [{ cell, atMs: ASSERTED_AT_MS + BigInt(i) * 1_000n, antennaGain: p.antennaGain, elevation: p.elevation }],
        active: true,
      },
    }
  })
  const registry = new Map(radios.map((r) => [r.deviceId, r.record]))
  const byId = new Map(radios.map((r) => [r.deviceId, r]))
  const devices = radios.map((r) => ({ deviceId: r.deviceId, behaviour: r.behaviour, location: r.record.location, actualLocation: r.actual, antennaGain: r.antennaGain }))
  const kinds = new Map<string, Kind>([['mobile', mobile as unknown as Kind]])
  const facts = {
    epochOnChain: async (epoch: bigint) => ({ window: windowOf(seed, Number(epoch)), entropyBlock: 0n, endBlock: 0n }),
    devicesAt: async () => registry,
    kindEventsUpTo: async () => [],
    emissionOf: async () => EMISSION,
    creditsAt: async () => ({ creditsPerToken: CREDITS_PER_TOKEN, delegated: new Map([[DEVNET_CARRIER_KEY.publicKey.toLowerCase() as Hex, CARRIER_ESCROW_CREDITS]]) }),
  }
  const rules = { networkId: NETWORK_ID, kinds, kindParams: new Map([['mobile', scenario.params]]), pools: POOLS, residual: { name: 'treasury', recipient: TREASURY } }

  const outcomes = new Map<Hex, MobileRadioOutcome>(radios.map((r) => [r.deviceId, { deviceId: r.deviceId, behaviour: r.behaviour, coverage: 0n, data: 0n, rejections: {} }]))
  const sums: Record<string, Record<string, { total: number; count: number }>> = {}
  let cumulative = new Map<Address, bigint>()
  let charged = new Map<Hex, bigint>()
  let reports = 0
  for (let k = 0; k < scenario.epochs; k++) {
    const window = windowOf(seed, k)
    const labelled = simulateMobileLabelled({ epoch: window, devices, params, random: seededRandom(hashSeed(seed, k)) })
    reports += labelled.length
    const signed = signAll(labelled, byId, BigInt(k))
    const { input } = await assembleEpochInput(
      facts,
      rules,
      BigInt(k),
      signed.map((s) => s.bytes),
      { cumulative, carried: new Map(), creditsCharged: charged },
    )
    const result = await computeEpoch(input, { verifySignatures: verifyInThread, treeThreads: 1 })
    for (const share of result.shares) {
      const outcome = outcomes.get(share.deviceId)
      if (outcome === undefined) continue
      if (share.pool === 'mobile.data') outcome.data += share.amount
      if (share.pool !== 'mobile.coverage') continue
      outcome.coverage += share.amount
      for (const m of share.multipliers) {
        const entry = ((sums[outcome.behaviour] ??= {})[m.name] ??= { total: 0, count: 0 })
        entry.total += Number(m.value) / Number(ONE)
        entry.count++
      }
    }
    const reasonOf = new Map(result.verdicts.map((v) => [v.reportId, v.valid ? null : v.reason!]))
    for (const s of signed) {
      const reason = reasonOf.get(s.reportId)
      if (reason === null || reason === undefined) continue
      const rejections = outcomes.get(s.deviceId)!.rejections
      rejections[reason] = (rejections[reason] ?? 0) + 1
    }
    cumulative = new Map(result.cumulative.map((e) => [e.recipient, e.cumulativeAmount]))
    charged = new Map(result.credits?.charged ?? [])
  }
  const multipliers: Record<string, Record<string, number>> = {}
  for (const [behaviour, names] of Object.entries(sums)) multipliers[behaviour] = Object.fromEntries(Object.entries(names).map(([name, { total, count }]) => [name, total / count]))
  return { seed, radios: [...outcomes.values()], reports, multipliers, creditsCharged: [...charged.values()].reduce((a, b) => a + b, 0n) }
}

type MobileClassSummary = { behaviour: string; radios: number; caught: number; recall: number; precision: number; coverageShare: number; dataShare: number }
export type MobileSummary = {
  scenario: MobileScenario
  classes: MobileClassSummary[]
  honest: { radios: number; falselyCaught: number; coverageShare: number; dataShare: number }
  reports: number
  creditsCharged: string
  /** behaviour → reason → count, over every seed. */
  rejections: Record<string, Record<string, number>>
  multipliers: Record<string, Record<string, number>>
  missed: string[]
}

export function summariseMobile(scenario: MobileScenario, seeds: readonly MobileSeedResult[]): MobileSummary {
  const caught = new Map<string, number>()
  const count = new Map<string, number>()
  const coverage = new Map<string, bigint>()
  const data = new Map<string, bigint>()
  const rejections: Record<string, Record<string, number>> = {}
  let falselyCaught = 0
  let totalCoverage = 0n
  let totalData = 0n
  for (const seed of seeds) {
    const honest = seed.radios
      .filter((r) => r.behaviour === 'honest')
      .map((r) => r.coverage)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const median = honest.length === 0 ? 0n : honest[Math.floor(honest.length / 2)]!
    const tau = (median * BigInt(Math.round(MOBILE_CAUGHT_FRACTION * 1000))) / 1000n
    for (const r of seed.radios) {
      count.set(r.behaviour, (count.get(r.behaviour) ?? 0) + 1)
      coverage.set(r.behaviour, (coverage.get(r.behaviour) ?? 0n) + r.coverage)
      data.set(r.behaviour, (data.get(r.behaviour) ?? 0n) + r.data)
      totalCoverage += r.coverage
      totalData += r.data
      for (const [reason, n] of Object.entries(r.rejections)) (rejections[r.behaviour] ??= {})[reason] = (rejections[r.behaviour]?.[reason] ?? 0) + n
      if (r.coverage > tau) continue
      if (r.behaviour === 'honest') falselyCaught++
      else caught.set(r.behaviour, (caught.get(r.behaviour) ?? 0) + 1)
    }
  }
  const share = (part: bigint, whole: bigint) => (whole === 0n ? 0 : Number((part * 1_000_000n) / whole) / 1_000_000)
  const classes = MOBILE_ADVERSARIES.map((behaviour) => {
    const radios = count.get(behaviour) ?? 0
    const c = caught.get(behaviour) ?? 0
    return {
      behaviour,
      radios,
      caught: c,
      recall: radios === 0 ? 1 : c / radios,
      precision: c + falselyCaught === 0 ? 1 : c / (c + falselyCaught),
      coverageShare: share(coverage.get(behaviour) ?? 0n, totalCoverage),
      dataShare: share(data.get(behaviour) ?? 0n, totalData),
    }
  })
  const missed = classes.flatMap((c) => [
    ...(c.recall < MOBILE_TARGET_RECALL ? [`mobile ${c.behaviour}: recall ${c.recall.toFixed(3)} < ${MOBILE_TARGET_RECALL}`] : []),
    ...(c.precision < MOBILE_TARGET_PRECISION ? [`mobile ${c.behaviour}: precision ${c.precision.toFixed(3)} < ${MOBILE_TARGET_PRECISION}`] : []),
  ])
  const multipliers: Record<string, Record<string, number>> = {}
  for (const seed of seeds) {
    for (const [behaviour, names] of Object.entries(seed.multipliers)) {
      for (const [name, value] of Object.entries(names)) (multipliers[behaviour] ??= {})[name] = (multipliers[behaviour]?.[name] ?? 0) + value / seeds.length
    }
  }
  return {
    scenario,
    classes,
    honest: {
      radios: count.get('honest') ?? 0,
      falselyCaught,
      coverageShare: share(coverage.get('honest') ?? 0n, totalCoverage),
      dataShare: share(data.get('honest') ?? 0n, totalData),
    },
    reports: seeds.reduce((s, r) => s + r.reports, 0),
    creditsCharged: seeds.reduce((s, r) => s + r.creditsCharged, 0n).toString(),
    rejections,
    multipliers,
    missed,
  }
}

export function formatMobileSummary(summary: MobileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`
  const { scenario } = summary
  const lines = [
    `mobile fraud benchmark: ${scenario.seeds.length} seeds (${scenario.seeds.join(', ')}) × ${scenario.epochs} epochs of 24 h, ` +
      `${scenario.honest} honest radios + ${Object.values(scenario.perClass).reduce((s, n) => s + n, 0)} adversaries per seed, params: ${scenario.params === undefined ? "defaults (Helium Mobile's)" : 'custom'}`,
    `reports signed and judged: ${summary.reports.toLocaleString('en')}; credits charged to the carrier for data sessions: ${BigInt(summary.creditsCharged).toLocaleString('en')}`,
    '',
  ]
  const header = ['class', 'radios', 'caught', 'recall', 'precision', 'coverage share', 'data share']
  const rows = summary.classes.map((c) => [c.behaviour, String(c.radios), String(c.caught), c.recall.toFixed(3), c.precision.toFixed(3), pct(c.coverageShare), pct(c.dataShare)])
  rows.push(['honest', String(summary.honest.radios), `${summary.honest.falselyCaught} falsely`, '', '', pct(summary.honest.coverageShare), pct(summary.honest.dataShare)])
  lines.push(...textTable(header, rows), '')
  lines.push('rejected reports by class (reason × count):')
  for (const [behaviour, reasons] of Object.entries(summary.rejections).sort()) {
    lines.push(
      `  ${behaviour.padEnd(17)} ${Object.entries(reasons)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${reason} ×${n}`)
        .join(', ')}`,
    )
  }
  lines.push('mean coverage multipliers by class:')
  for (const [behaviour, names] of Object.entries(summary.multipliers).sort()) {
    lines.push(
      `  ${behaviour.padEnd(17)} ${Object.entries(names)
        .map(([name, v]) => `${name} ${v.toFixed(3)}`)
        .join(', ')}`,
    )
  }
  lines.push('', summary.missed.length === 0 ? 'every mobile target met' : `mobile targets missed:\n${summary.missed.map((m) => `  - ${m}`).join('\n')}`)
  return lines.join('\n')
}

/** Runs every seed of `scenario` and summarises them: what `npm run bench:fraud` prints after the wireless section. */
export async function runMobileFraud(scenario: MobileScenario = DEFAULT_MOBILE_SCENARIO, progress: (line: string) => void = () => {}): Promise<MobileSummary> {
  const results: MobileSeedResult[] = []
  for (const seed of scenario.seeds) {
    results.push(await runMobileSeed(seed, scenario))
    progress(`mobile seed ${seed}: done`)
  }
  return summariseMobile(scenario, results)
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────────

type Signed = { bytes: Uint8Array; reportId: Hex; deviceId: Hex }

/** Signs each report with its radio's key; sequences count up through each radio's reports in time order. */
function signAll(labelled: readonly LabelledMobileReport[], radios: ReadonlyMap<Hex, Radio>, epoch: bigint): Signed[] {
  const next = new Map<Hex, bigint>()
  return labelled.map((report) => {
    const radio = radios.get(report.deviceId)!
    const sequence = next.get(report.deviceId) ?? epoch * SEQUENCES_PER_EPOCH + 1n
    next.set(report.deviceId, sequence + 1n)
    const body = encodeReportBody(radio.deviceId, {
      networkId: NETWORK_ID,
      sequence,
      timestampMs: report.timestampMs,
      kind: 'mobile',
      payloadType: report.payloadType,
      payload: report.payload,
    })
    const bytes = encodeSignedReport(body, signWithDeviceKey(radio.key, reportSigningMessage(body)))
    return { bytes, reportId: reportIdOf(openCanonicalSignedReport(bytes).body) as Hex, deviceId: radio.deviceId }
  })
}

/** Signature checks in this thread: a few thousand ed25519 verifies a seed, no worker pool needed. */
const verifyInThread: VerifySignatures = async (batch) =>
  batch.map(({ keyType, publicKey, report }) => verifyDeviceSignature(keyType, publicKey, reportSigningMessage(report.body), report.signature))

const windowOf = (seed: number, k: number): EpochWindow => dailyWindow('fraud-mobile', seed, k)

const hashSeed = (seed: number, k: number) => (Math.imul(seed ^ 0x27d4_eb2f, 0x9e37_79b1) + Math.imul(k + 1, 0x85eb_ca6b)) >>> 0
