// A storage network's store, filled by the oracle's own code: StorageMarket's events as the follower
// indexes them (insertKindEvents), proofs the storage simulator makes, signed and stored as ingest
// stores them (insertReports), and epochs assembled, computed and saved by the pipeline
// (assembleEpochInput, computeEpoch, saveEpoch), with each settled epoch's records turned into the
// events StorageMarket emits for them. For the storage routes' tests (oracle/src/api/storage*).
import { type EpochWindow, type Kind, seededRandom } from '@pinion/kinds'
import { STORAGE_MARKET, type StorageChainState, type StorageParams, foldStorageEvents, holdPieces, storage } from '@pinion/kinds/storage'
import { openSignedReport, reportIdOf, signReport } from '@pinion/protocol'
import { pieceTree } from '@pinion/protocol/pdp'
import type { Address, Hex } from 'viem'
import { type IndexedKindEvent, insertKindEvents } from '../../../oracle/src/chain/kindEvents.ts'
import { computeEpoch } from '../../../oracle/src/epoch/computeEpoch.ts'
import type { EpochChallenges } from '../../../oracle/src/service/challengeBoard.ts'
import { type EpochFacts, type NetworkRules, assembleEpochInput, epochChallenges } from '../../../oracle/src/service/assembleEpochInput.ts'
import { saveEpoch } from '../../../oracle/src/service/saveEpoch.ts'
import type { Db } from '../../../oracle/src/store/db.ts'
import { insertReports } from '../../../oracle/src/store/reports.ts'
import { NETWORK_ID, TREASURY, makeDevices } from './epochFixture.ts'

const TOKEN = 10n ** 18n
/** Every deal's terms: a token a period, 10 tokens of collateral, 3 a fault, terminated after 3 faults in a row. */
export const PRICE = TOKEN
export const COLLATERAL = 10n * TOKEN
export const FAULT_FEE = 3n * TOKEN
const MAX_CONSECUTIVE_FAULTS = 3
const PERIODS = 10
/** The devnet customer of every deal. */
export const CUSTOMER: Address = '0xc000000000000000000000000000000000000c00'
const MARKET: Address = '0x5700000000000000000000000000000000000057'

/** Devnet parameters: 5 leaves a period, answered within 10 s of a 30 s epoch's start. */
const PARAMS: StorageParams = { ...storage.defaultParams, responseWindowMs: 10_000n, maxConsecutiveFaults: MAX_CONSECUTIVE_FAULTS }
const GENESIS_MS = 1_767_225_600_000n
const EPOCH_MS = 30_000n
export const storageWindow = (epoch: bigint): EpochWindow => ({
  epoch,
  startMs: GENESIS_MS + EPOCH_MS * epoch,
  endMs: GENESIS_MS + EPOCH_MS * (epoch + 1n),
  entropy: `0x${(epoch + 1n).toString(16).padStart(64, 'e')}`,
})
/** Epoch n's entropy block is the last before it began; its end block is epoch n + 1's entropy block. */
const entropyBlock = (epoch: bigint) => 1_000n + 10n * epoch

/** The providers and how each behaves (the storage simulator's behaviours). */
export const storageFleet = makeDevices('storage-api', ['honest', 'late', 'corrupter', 'late', 'honest', 'repeater'])
const provider = (i: number) => storageFleet[i]!.device

/**
 * The deals, by id: which provider, for how many periods, whether it accepted, and whether it holds
 * the pieces (a provider that lost them sends no proof: PERIOD_NOT_PROVEN).
 * - 1: honest; 2: late (ANSWERED_LATE); 3: corrupter (PROOF_INVALID), terminated after epoch 2;
 * - 4 and 5: one late provider with two deals, the pieces of 5 lost: in each epoch one deal's proof
 *   is late and the other has none, which only the epoch's challenges tell apart;
 * - 6: proposed to provider 4, never accepted; 7: honest provider 0's second deal, of 2 periods
 *   (completed); 8: a repeater (its second proof is a DUPLICATE_PROOF of a proven period).
 */
export const STORAGE_DEALS = [
  { dealId: 1n, provider: 0, accepted: true, held: true, periods: PERIODS },
  { dealId: 2n, provider: 1, accepted: true, held: true, periods: PERIODS },
  { dealId: 3n, provider: 2, accepted: true, held: true, periods: PERIODS },
  { dealId: 4n, provider: 3, accepted: true, held: true, periods: PERIODS },
  { dealId: 5n, provider: 3, accepted: true, held: false, periods: PERIODS },
  { dealId: 6n, provider: 4, accepted: false, held: true, periods: PERIODS },
  { dealId: 7n, provider: 0, accepted: true, held: true, periods: 2 },
  { dealId: 8n, provider: 5, accepted: true, held: true, periods: PERIODS },
] as const

/** The world's first 4 epochs are computed; StorageMarket recorded the first 3 (the last one's root is not committed yet). */
export const COMPUTED_EPOCHS = 4n
export const SETTLED_EPOCHS = 3n

/** Deal `dealId`'s pieces: two of 2 KiB, seeded by its id. */
export function dealPieces(dealId: bigint): Uint8Array[] {
  const random = seededRandom(Number(dealId) * 7919)
  return [0, 1].map(() => Uint8Array.from({ length: 2_032 }, () => Math.floor(random() * 256)))
}

const rules: NetworkRules = {
  networkId: NETWORK_ID,
  kinds: new Map<string, Kind>([['storage', storage as Kind]]),
  kindParams: new Map([['storage', PARAMS]]),
  pools: [
    { name: 'storage.proven', basisPoints: 9_000 },
    { name: 'treasury', basisPoints: 1_000 },
  ],
  residual: { name: 'treasury', recipient: TREASURY },
}

export type StorageWorld = {
  /** The epochs' challenges, as an oracle's challenge board serves them (ApiContext.challenges). */
  challengesOf(epoch: bigint): Promise<EpochChallenges>
}

/**
 * Fills `db` with the storage network above, from epoch `first` (default 0; later for a store that
 * already holds epochs): its deals' events before that epoch, then per epoch the fleet's proofs to
 * the epoch's challenges, the epoch computed and saved, and once the next epoch is under way the
 * previous one's records settled on chain, as the oracles settle them.
 */
export async function fillStorageWorld(db: Db, first = 0n): Promise<StorageWorld> {
  const registry = new Map(storageFleet.map(({ device }) => [device.deviceId, device]))
  const events: IndexedKindEvent[] = []
  const append = async (block: bigint, timestampMs: bigint, eventName: string, args: Record<string, string>) => {
    const logIndex = events.filter((e) => e.blockNumber === block).length
    const event = { kind: 'storage', contract: STORAGE_MARKET, address: MARKET, eventName, args, blockNumber: block, logIndex, timestampMs }
    events.push(event)
    await insertKindEvents(db, [event])
  }
  // The deals are made, and accepted just before the first epoch begins (in the blocks before its
  // entropy block): it is their first proving period.
  const proposedAt = storageWindow(first).startMs - 10_000n
  const acceptedAt = storageWindow(first).startMs - 1n
  for (const deal of STORAGE_DEALS) {
    const device = provider(deal.provider)
    const block = 100n + deal.dealId * 2n
    const deviceId = BigInt(device.deviceId).toString()
    const id = deal.dealId.toString()
    const terms = { pricePerPeriod: PRICE.toString(), periods: String(deal.periods), collateral: COLLATERAL.toString(), faultFee: FAULT_FEE.toString() }
    await append(block, proposedAt, 'DealProposed', { dealId: id, customer: CUSTOMER, deviceId, ...terms, maxConsecutiveFaults: String(MAX_CONSECUTIVE_FAULTS) })
    const pieces = dealPieces(deal.dealId)
    for (const [index, payload] of pieces.entries()) {
      const { root, height, leafCount } = pieceTree(payload)
      await append(block, proposedAt, 'PieceAdded', { dealId: id, index: String(index), root, height: String(height), leafCount: String(leafCount) })
    }
    if (deal.held) holdPieces(pieces)
    if (deal.accepted) await append(block + 1n, acceptedAt, 'DealAccepted', { dealId: id, deviceId, provider: device.owner.toLowerCase() })
  }

  const facts: EpochFacts = {
    epochOnChain: async (epoch) => ({ window: storageWindow(epoch), entropyBlock: entropyBlock(epoch), endBlock: entropyBlock(epoch + 1n) }),
    devicesAt: async () => registry,
    kindEventsUpTo: async (kind, block) => (kind === 'storage' ? events.filter((e) => e.blockNumber <= block) : []),
    emissionOf: async () => 1_000n * TOKEN,
  }
  const challengesOf = async (epoch: bigint): Promise<EpochChallenges> => ({
    status: 'issued',
    challenges: await epochChallenges(facts, rules, storageWindow(epoch), entropyBlock(epoch)),
  })

  const keys = new Map(storageFleet.map(({ key, device }) => [device.deviceId, key]))
  const sequences = new Map<Hex, bigint>()
  let previous = { cumulative: new Map<Address, bigint>(), carried: new Map<string, unknown>() }
  for (let epoch = first; epoch < first + COMPUTED_EPOCHS; epoch++) {
    const window = storageWindow(epoch)
    const challenges = await epochChallenges(facts, rules, window, entropyBlock(epoch))
    const proofs = storage.simulate({
      epoch: window,
      devices: storageFleet.map(({ device, behaviour }) => ({ deviceId: device.deviceId, behaviour, location: null })),
      params: PARAMS,
      random: seededRandom(17 + Number(epoch)),
      challenges,
    })
    const signed = proofs.map((proof) => {
      const sequence = (sequences.get(proof.deviceId) ?? 0n) + 1n
      sequences.set(proof.deviceId, sequence)
      const bytes = signReport(keys.get(proof.deviceId)!, {
        networkId: NETWORK_ID,
        sequence,
        timestampMs: proof.timestampMs,
        kind: 'storage',
        payloadType: proof.payloadType,
        payload: proof.payload,
      })
      return {
        deviceId: proof.deviceId,
        sequence,
        timestampMs: proof.timestampMs,
        kind: 'storage',
        payloadType: proof.payloadType,
        reportId: reportIdOf(openSignedReport(bytes).body),
        signed: bytes,
        receivedMs: Number(proof.timestampMs),
      }
    })
    await insertReports(db, signed)
    const { input, endBlock } = await assembleEpochInput(
      facts,
      rules,
      epoch,
      signed.map((s) => s.signed),
      previous,
    )
    const result = await computeEpoch(input, { treeThreads: 1 })
    await saveEpoch(
      db,
      window,
      endBlock,
      input.emission,
      signed.map((s) => s.reportId),
      result,
      window.endMs,
      { recovered: true },
    )
    previous = { cumulative: new Map(result.cumulative.map((c) => [c.recipient, c.cumulativeAmount])), carried: result.carried }
    // The epoch before this one is settled while this one runs (its root committed meanwhile).
    const settled = epoch - 1n
    if (settled >= first && settled < first + SETTLED_EPOCHS) await settle(settled, entropyBlock(epoch + 1n) - 1n, window.startMs + 15_000n)
  }
  return { challengesOf }

  /**
   * StorageMarket.recordPeriods for `epoch`'s stored records, in one block: what _record emits for
   * each, in record order. A deal no longer active is skipped (PeriodSkipped, which no kind indexes).
   */
  async function settle(epoch: bigint, block: bigint, timeMs: bigint): Promise<void> {
    const { rows } = await db.query<{ record: string }>(`select record from kind_settlements where kind = 'storage' and epoch = $1 order by position`, [epoch.toString()])
    for (const row of rows) {
      const record = JSON.parse(row.record) as { dealId: string; proven: boolean }
      const { deals } = foldStorageEvents(events, storageWindow(epoch)).state as StorageChainState
      const deal = deals.get(BigInt(record.dealId))!
      if (deal.state !== 'active') continue
      const recorded = deal.periodsRecorded + 1
      const at = (eventName: string, args: Record<string, string>) => append(block, timeMs, eventName, { dealId: record.dealId, ...args })
      let consecutive = 0
      if (record.proven) await at('PeriodProven', { epoch: epoch.toString(), paid: deal.pricePerPeriod.toString() })
      else {
        consecutive = consecutiveFaults(record.dealId) + 1
        const fee = deal.faultFee < deal.collateralLeft ? deal.faultFee : deal.collateralLeft
        await at('PeriodFaulted', { epoch: epoch.toString(), fee: fee.toString(), consecutiveFaults: String(consecutive) })
      }
      const after = (foldStorageEvents(events, storageWindow(epoch)).state as StorageChainState).deals.get(deal.dealId)!
      if (consecutive >= deal.maxConsecutiveFaults) {
        const refunded = deal.pricePerPeriod * BigInt(deal.periods - recorded)
        await at('DealTerminated', { epoch: epoch.toString(), refunded: refunded.toString(), slashed: after.collateralLeft.toString() })
      } else if (recorded === deal.periods) await at('DealCompleted', { collateralReturned: after.collateralLeft.toString() })
    }
  }

  /** The deal's faults in a row so far: the last PeriodFaulted's count, unless a PeriodProven came after it. */
  function consecutiveFaults(dealId: string): number {
    const last = events.findLast((e) => e.args.dealId === dealId && (e.eventName === 'PeriodProven' || e.eventName === 'PeriodFaulted'))
    return last?.eventName === 'PeriodFaulted' ? Number(last.args.consecutiveFaults) : 0
  }
}
