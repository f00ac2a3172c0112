import { type Kind, seededRandom } from '@pinion/kinds'
import { UPTIME_BEHAVIOURS } from '@pinion/kinds/uptime'
import { wireless } from '@pinion/kinds/wireless'
import fc from 'fast-check'
import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  type FleetDevice,
  OTHER_NETWORK_ID,
  TREASURY,
  WINDOW,
  epochInput,
  keyFor,
  makeDevices,
  shuffled,
  sign,
  signFleet,
  tamper,
} from '../../../testkit/src/oracle/epochFixture.ts'
import { computeEpoch } from './computeEpoch.ts'
import { canonicalPages } from './reportPages.ts'
import { type StreamedEpochResult, streamEpoch } from './streamEpoch.ts'
import type { EpochInput, EpochResult, ReportVerdict, VerifySignatures } from './types.ts'
import { verifyInProcess } from './verifyReports.ts'

const RECIPIENTS: Address[] = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222', TREASURY]

/** The whole-epoch result, and the streamed one with the verdicts it handed out put back: equal when streaming is exact. */
const whole = ({ tree, ...rest }: EpochResult) => ({ ...rest, treeRoot: tree?.root ?? null })
const streamed = ({ tree, ...rest }: StreamedEpochResult, verdicts: ReportVerdict[]) => ({ ...rest, verdicts, treeRoot: tree?.root ?? null })

async function both(input: EpochInput, pageSize: number, verifySignatures?: VerifySignatures) {
  const options = { treeThreads: 1, ...(verifySignatures === undefined ? {} : { verifySignatures }) }
  const expected = whole(await computeEpoch(input, options))
  const verdicts: ReportVerdict[] = []
  const result = await streamEpoch(
    {
      ...input,
      reports: canonicalPages(
        input.reports.map((r) => r.signed),
        pageSize,
      ),
    },
    { ...options, onVerdicts: (page) => void verdicts.push(...page) },
  )
  return { expected, actual: streamed(result, verdicts) }
}

/**
 * An uptime epoch with everything the common checks judge, from a seed: simulated fleets of every
 * behaviour, some devices retired or unlocated, and beside their reports identical copies, tampered
 * copies (BAD_SIGNATURE), second versions of a sequence (DEVICE_EQUIVOCATED), reports of a device
 * the registry does not know, signed for another network, and bytes that are no report at all.
 */
function randomEpoch(seed: number, size: number, extras: number): EpochInput {
  const random = seededRandom(seed)
  const behaviours = Array.from({ length: size }, () => UPTIME_BEHAVIOURS[Math.floor(random() * UPTIME_BEHAVIOURS.length)]!)
  const fleet: FleetDevice[] = makeDevices(`stream/${seed}`, behaviours, (i) => RECIPIENTS[i % RECIPIENTS.length]!).map((member) => ({
    ...member,
    device: { ...member.device, active: random() > 0.15, ...(random() < 0.3 ? { location: null, locations: [] } : {}) },
  }))
  const reports = signFleet(fleet, seed)
  const stranger = keyFor(`stream/${seed}/stranger`)
  for (let k = 0; k < extras && reports.length > 0; k++) {
    const pick = reports[Math.floor(random() * reports.length)]!
    const member = fleet[Math.floor(random() * fleet.length)]!
    const at = WINDOW.startMs + BigInt(Math.floor(random() * 60_000))
    switch (k % 6) {
      case 0:
        reports.push(pick) // the same bytes twice: one report
        break
      case 1:
        reports.push(tamper(pick))
        break
      case 2:
        reports.push(sign(member.key, { sequence: 1n, timestampMs: at })) // another version of sequence 1
        break
      case 3:
        reports.push(sign(stranger, { sequence: BigInt(k + 1), timestampMs: at }))
        break
      case 4:
        reports.push(sign(member.key, { sequence: 10_000n + BigInt(k), timestampMs: at, networkId: OTHER_NETWORK_ID }))
        break
      default:
        reports.push(Uint8Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)))
    }
  }
  // Stake, minimum stakes and slashing on some seeds: the per-device rules that follow verification.
  const staking = random() < 0.5
  const stake = new Map<Hex, bigint>(fleet.map(({ device }) => [device.deviceId, BigInt(Math.floor(random() * 3)) * 10n ** 18n]))
  return epochInput(fleet, shuffled(reports, seed + 1), {
    emission: BigInt(Math.floor(random() * 2 ** 48)) * 10n ** 6n + 7n,
    previousCumulative: new Map(random() < 0.5 ? [] : [[RECIPIENTS[0]!, 12_345n]]),
    ...(staking ? { stake, minimumStakes: new Map([['uptime', 10n ** 18n]]), slashing: { stakeBps: 1_000 } } : {}),
  })
}

describe('streamEpoch against computeEpoch', () => {
  it('gives the same root, hashes, verdicts, shares, pools and counts, bit for bit, whatever the page size', async () => {
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 ** 31 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 40 }), fc.nat({ max: 18 }), async (seed, size, pageSize, extras) => {
        const { expected, actual } = await both(randomEpoch(seed, size, extras), pageSize)
        expect(actual).toEqual(expected)
        for (const verdict of actual.verdicts) seen.add(verdict.reason ?? 'valid')
        if (actual.slashOrders.length > 0) seen.add('slash order')
        if (actual.shares.some((share) => share.amount > 0n)) seen.add('paid share')
      }),
      { seed: 0x5354_5245, numRuns: 30 },
    )
    // The runs went through every rule the stream decides device by device.
    for (const outcome of [
      'valid',
      'paid share',
      'uptime.OUTSIDE_EPOCH',
      'MALFORMED_REPORT',
      'UNKNOWN_DEVICE',
      'BAD_SIGNATURE',
      'WRONG_NETWORK',
      'DEVICE_INACTIVE',
      'DEVICE_EQUIVOCATED',
      'STAKE_BELOW_MINIMUM',
      'slash order',
    ]) {
      expect(seen).toContain(outcome)
    }
  })

  it('is exact with signatures checked in batches elsewhere, each page one batch', async () => {
    const batches: number[] = []
    const batching: VerifySignatures = async (batch) => {
      batches.push(batch.length)
      return verifyInProcess(batch)
    }
    const input = randomEpoch(7, 6, 12)
    const { expected, actual } = await both(input, 16, batching)
    expect(actual).toEqual(expected)
    expect(actual.counts.reports).toBeGreaterThan(16) // several pages…
    expect(batches.filter((n) => n <= 16).length).toBeGreaterThan(1) // …each verified on its own
  })

  it('gives the empty epoch computeEpoch gives', async () => {
    const { expected, actual } = await both(epochInput(makeDevices('stream/empty', ['honest']), []), 10)
    expect(actual).toEqual(expected)
    expect(actual.root).toBe(expected.root)
  })

  it('refuses pages out of canonical order before judging them', async () => {
    const input = randomEpoch(3, 3, 0)
    const pages = canonicalPages(
      input.reports.map((r) => r.signed),
      1,
    ) as Uint8Array[][]
    const swapped = [pages[1]!, pages[0]!, ...pages.slice(2)]
    await expect(streamEpoch({ ...input, reports: swapped })).rejects.toMatchObject({ code: 'PINION_ERR_EPOCH_INPUT', message: expect.stringContaining('canonical order') })
  })

  it('refuses, before reading a report, kinds that judge devices together, kinds that carry state, and credits', async () => {
    const input = randomEpoch(5, 2, 0)
    const never = {
      // biome-ignore lint/correctness/useYield: a stream that must not be read
      *[Symbol.iterator]() {
        throw new Error('read a report')
      },
    }
    const pools = [
      { name: 'uptime.uptime', basisPoints: 5_000 },
      ...wireless.pools.map((pool) => ({ name: `wireless.${pool}`, basisPoints: 0 })),
      { name: 'treasury', basisPoints: 5_000 },
    ]
    const withWireless = { ...input, reports: never, pools, kinds: new Map<string, Kind>([...input.kinds, ['wireless', wireless as Kind]]) }
    await expect(streamEpoch(withWireless)).rejects.toMatchObject({ code: 'PINION_ERR_EPOCH_INPUT', message: expect.stringContaining('kind wireless judges devices together') })

    const uptime = input.kinds.get('uptime')!
    const carrying: Kind = { ...uptime, carry: () => ({}), parseCarried: (raw) => raw }
    await expect(streamEpoch({ ...input, reports: never, kinds: new Map([['uptime', carrying]]) })).rejects.toMatchObject({
      message: expect.stringContaining('carries state'),
    })
    const credits = { creditsPerToken: 1n, delegated: new Map(), charged: new Map() }
    await expect(streamEpoch({ ...input, reports: never, credits })).rejects.toMatchObject({ message: expect.stringContaining('credits') })
  })
})
