/**
 * Part (b) of bench:storage: how well the storage kind catches each adversary class, judged by the
 * kind alone over many proving periods. A fleet of providers, each with one deal of seeded pieces,
 * is challenged epoch after epoch (new entropy each time, as the chain gives it); the kind's own
 * simulation answers for each behaviour, and the kind's verify, verifyEpoch and periodOutcomes judge.
 *
 * A provider-period is flagged when the period is a fault or any proof of it got one of the kind's
 * reasons. Per adversary class, recall is its flagged periods ÷ its periods; precision is its flagged
 * periods ÷ (those + honest providers' flagged periods), honest providers being `honest` and `flaky`
 * while online. A flaky provider's offline periods are faults the kind must give (nothing was
 * proven), and are counted apart.
 */
import { type DeviceRecord, type KindEvent, issueChallenges, seededRandom } from '@pinion/kinds'
import { STORAGE_BEHAVIOURS, STORAGE_MARKET, type StorageBehaviour, type StorageParams, holdPieces, periodOutcomes, storage } from '@pinion/kinds/storage'
import { pieceTree } from '@pinion/protocol/pdp'
import { type Hex, keccak256, numberToHex } from 'viem'

export type DetectionOptions = {
  /** Providers per behaviour. */
  perBehaviour: number
  epochs: number
  seeds: readonly number[]
  /** Bytes of each provider's one piece. */
  pieceBytes: number
  params: StorageParams
}

type DetectionRow = { behaviour: StorageBehaviour; periods: number; flagged: number; recall: number; precision: number | null }
export type DetectionResult = { rows: DetectionRow[]; honestFlagged: number; honestPeriods: number; flakyOffline: number }

const EPOCH_MS = 30_000n
const START_MS = 1_767_225_600_000n
const ADVERSARIES: readonly StorageBehaviour[] = ['late', 'dropper', 'corrupter', 'sybil', 'repeater']

/** Runs the fleet through `epochs` proving periods for each seed and tallies what the kind flagged. */
export function measureDetection(options: DetectionOptions): DetectionResult {
  const periods = new Map<StorageBehaviour, number>()
  const flagged = new Map<StorageBehaviour, number>()
  let flakyOffline = 0
  for (const seed of options.seeds) {
    const random = seededRandom(seed)
    const fleet = STORAGE_BEHAVIOURS.flatMap((behaviour, b) =>
      Array.from({ length: options.perBehaviour }, (_, i) => ({ behaviour, deviceId: numberToHex(seed * 1_000_000 + b * 1_000 + i + 1, { size: 32 }) as Hex })),
    )
    const devices = new Map<Hex, DeviceRecord>(fleet.map((d) => [d.deviceId, deviceRecord(d.deviceId)]))
    const events = dealEvents(fleet.map((d, n) => ({ dealId: BigInt(n + 1), deviceId: d.deviceId, piece: payload(random, options.pieceBytes) })))
    for (let e = 0; e < options.epochs; e++) {
      const epoch = BigInt(e + 1)
      const window = { epoch, startMs: START_MS + EPOCH_MS * epoch, endMs: START_MS + EPOCH_MS * (epoch + 1n), entropy: keccak256(numberToHex(seed * 100_000 + e, { size: 32 })) }
      const { state, stake } = storage.chain!.fold(events, window, options.params)
      const challenges = issueChallenges(storage, { epoch: window, devices, stake, params: options.params, chain: state })
      const inputs = { challenges, revenue: new Map(), stake, operatorStake: new Map() }
      const simulated = storage.simulate({ epoch: window, devices: fleet.map((d) => ({ ...d, location: null })), params: options.params, challenges, random })
      let sequence = 0n
      const reports = simulated.map((r) => {
        sequence += 1n
        return {
          reportId: keccak256(r.payload),
          deviceId: r.deviceId,
          sequence,
          timestampMs: r.timestampMs,
          payloadType: r.payloadType,
          payload: storage.decodePayload(r.payloadType, r.payload),
        }
      })
      const verdict = new Map(
        reports.map((r) => [r.reportId, storage.verify(r, { epoch: window, device: devices.get(r.deviceId)!, params: options.params, carried: null, inputs })]),
      )
      const passed = reports.filter((r) => verdict.get(r.reportId)!.valid)
      for (const [id, reason] of storage.verifyEpoch!(passed, { epoch: window, devices, params: options.params, carried: null, inputs }, []))
        verdict.set(id, { valid: false, reason })
      const flaggedDevices = new Set(reports.filter((r) => !verdict.get(r.reportId)!.valid).map((r) => r.deviceId))
      const accepted = reports.filter((r) => verdict.get(r.reportId)!.valid)
      const answered = new Set(reports.map((r) => r.deviceId))
      for (const outcome of periodOutcomes(challenges, accepted, [])) if (!outcome.proven) flaggedDevices.add(outcome.deviceId)
      for (const { behaviour, deviceId } of fleet) {
        if (behaviour === 'flaky' && !answered.has(deviceId)) {
          flakyOffline += 1
          continue
        }
        periods.set(behaviour, (periods.get(behaviour) ?? 0) + 1)
        if (flaggedDevices.has(deviceId)) flagged.set(behaviour, (flagged.get(behaviour) ?? 0) + 1)
      }
    }
  }
  const honestFlagged = (flagged.get('honest') ?? 0) + (flagged.get('flaky') ?? 0)
  const honestPeriods = (periods.get('honest') ?? 0) + (periods.get('flaky') ?? 0)
  const rows = ADVERSARIES.map((behaviour) => {
    const caught = flagged.get(behaviour) ?? 0
    const total = periods.get(behaviour) ?? 0
    return {
      behaviour,
      periods: total,
      flagged: caught,
      recall: total === 0 ? 0 : caught / total,
      precision: caught + honestFlagged === 0 ? null : caught / (caught + honestFlagged),
    }
  })
  return { rows, honestFlagged, honestPeriods, flakyOffline }
}

function payload(random: () => number, bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256))
}

function deviceRecord(deviceId: Hex): DeviceRecord {
  const owner = '0x1000000000000000000000000000000000000001'
  return { deviceId, owner, recipient: owner, deviceClass: 1, keyType: 'ed25519', publicKey: deviceId, location: null, locations: [], active: true }
}

/** StorageMarket's events for one deal a provider, accepted an hour before the first epoch: what the oracle's follower would give the fold. */
function dealEvents(deals: readonly { dealId: bigint; deviceId: Hex; piece: Uint8Array }[]): KindEvent[] {
  const events: KindEvent[] = []
  let block = 1n
  const at = START_MS - 3_600_000n
  const push = (eventName: string, args: Record<string, string>) => events.push({ contract: STORAGE_MARKET, eventName, args, blockNumber: block++, logIndex: 0, timestampMs: at })
  for (const { dealId, deviceId, piece } of deals) {
    const [root] = holdPieces([piece])
    const { height, leafCount } = pieceTree(piece)
    const id = dealId.toString()
    const device = BigInt(deviceId).toString()
    const terms = { pricePerPeriod: '1', periods: '1000', collateral: '10', faultFee: '1', maxConsecutiveFaults: '42' }
    push('DealProposed', { dealId: id, customer: '0x3000000000000000000000000000000000000003', deviceId: device, ...terms })
    push('PieceAdded', { dealId: id, index: '0', root: root!, height: String(height), leafCount: String(leafCount) })
    push('DealAccepted', { dealId: id, deviceId: device, provider: '0x1000000000000000000000000000000000000001' })
  }
  return events
}
