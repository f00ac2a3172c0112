// Test fixtures for the compute kind's tests: devices, epochs, leases as ComputeMarket's events tell
// them, a job of the sha256 workload, and a run of the kind's pipeline over consecutive epochs, built
// by hand so each test states exactly what the chain said. Not part of the kind (index.ts does not
// export them).
import { type Hex, keccak256, numberToHex, sha256, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import type { KindEvent } from '../src/chain.ts'
import { type Challenge, issueChallenges } from '../src/challenge.ts'
import type { KindInputs } from '../src/inputs.ts'
import type { DeviceRecord, EpochWindow, KindReport, RejectedReport, SimulatedReport } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import type { ComputeCarried } from './carried.ts'
import { COMPUTE_MARKET, foldComputeEvents } from './chain.ts'
import { compute } from './index.ts'
import { type JobManifest, encodeManifest } from './manifest.ts'
import { DEFAULT_COMPUTE_PARAMS, type ComputeParams } from './params.ts'
import { type ComputePayload, decodeComputePayload } from './payload.ts'
import type { HeldJob } from './simulate.ts'
import { signUsageWithKey } from './usage.ts'
import { workloadWasm } from './workloads/index.ts'

/** 30-second devnet epochs from 2026-01-01T00:00Z: epoch n starts at GENESIS_MS + 30 s × n. */
const GENESIS_MS = 1_767_225_600_000n
const EPOCH_MS = 30_000n
export function epochWindow(n: bigint): EpochWindow {
  return { epoch: n, startMs: GENESIS_MS + EPOCH_MS * n, endMs: GENESIS_MS + EPOCH_MS * (n + 1n), entropy: keccak256(numberToHex(n, { size: 32 })) }
}

export const deviceId = (n: number): Hex => numberToHex(n, { size: 32 })

export function device(n: number): DeviceRecord {
  return {
    deviceId: deviceId(n),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: deviceId(n),
    location: null,
    locations: [],
    active: true,
  }
}

export const CUSTOMER_KEY = keccak256(stringToBytes('pinion compute test customer'))
const CUSTOMER = privateKeyToAddress(CUSTOMER_KEY)

/** A job of the sha256 workload: `tasks` seeded inputs of a few hundred bytes each. */
export function sha256Job(tasks: number, seed = 1): HeldJob & { parsed: JobManifest } {
  const module = workloadWasm('sha256')
  const random = seededRandom(seed)
  const inputs = Array.from({ length: tasks }, () => Uint8Array.from({ length: 200 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)))
  const parsed: JobManifest = { name: `sha256 x${tasks}`, module: sha256(module), tasks: inputs.map((i) => sha256(i)), fuelPerTask: 50_000_000n, memoryPages: 32, redundancy: 1 }
  return { parsed, manifest: encodeManifest(parsed), module, inputs, acceptUsage: (usage) => signUsageWithKey(CUSTOMER_KEY, usage) }
}

/** A lease as its events tell it: order posted by CUSTOMER for `specHash`, bid by `device`, formed and started `startedAtMs`. */
export type LeaseSpec = { leaseId: bigint; device: number; specHash: Hex; startedAtMs: bigint; durationSeconds?: bigint }

/** ComputeMarket's events for `leases`, in chain order (one block per event): what the follower would give the kind's fold. */
export function leaseEvents(leases: readonly LeaseSpec[]): KindEvent[] {
  const events: KindEvent[] = []
  let block = 100n
  const push = (eventName: string, args: Record<string, string>, timestampMs: bigint) =>
    events.push({ contract: COMPUTE_MARKET, eventName, args, blockNumber: block++, logIndex: 0, timestampMs })
  for (const lease of leases) {
    const id = lease.leaseId.toString()
    const at = lease.startedAtMs - 2_000n
    push(
      'OrderPosted',
      {
        orderId: id,
        customer: CUSTOMER.toLowerCase(),
        specHash: lease.specHash,
        cpuMillis: '1000',
        memoryMiB: '64',
        storageMiB: '0',
        maxPricePerSecond: '10',
        durationSeconds: '3600',
        deposit: '36000',
        biddingEndsAt: '0',
        approvalWindowSeconds: '60',
      },
      at,
    )
    push(
      'BidPlaced',
      {
        bidId: id,
        orderId: id,
        deviceId: BigInt(deviceId(lease.device)).toString(),
        provider: '0x1000000000000000000000000000000000000001',
        pricePerSecond: '5',
        collateral: '1000',
      },
      at,
    )
    push('LeaseFormed', { leaseId: id, orderId: id, bidId: id, provider: '0x1000000000000000000000000000000000000001', pricePerSecond: '5' }, at + 1_000n)
    const startedAt = lease.startedAtMs / 1000n
    push('LeaseStarted', { leaseId: id, startedAt: startedAt.toString(), endsAt: (startedAt + (lease.durationSeconds ?? 3_600n)).toString() }, lease.startedAtMs)
  }
  return events
}

function inputs(challenges: readonly Challenge[]): KindInputs {
  return { challenges, revenue: new Map(), stake: new Map(), operatorStake: new Map() }
}

let sequence = 0n
/** A report as the pipeline would give it to the kind. */
export function computeReport(simulated: SimulatedReport): KindReport<ComputePayload> {
  sequence += 1n
  return {
    reportId: keccak256(numberToHex(sequence, { size: 32 })),
    deviceId: simulated.deviceId,
    sequence,
    timestampMs: simulated.timestampMs,
    payloadType: simulated.payloadType,
    payload: decodeComputePayload(simulated.payloadType, simulated.payload),
  }
}

/** One epoch as the pipeline runs the kind: challenges, verify, verifyEpoch, settlement, carry. */
export type JudgedEpoch = {
  epoch: EpochWindow
  challenges: Challenge[]
  verdicts: Map<Hex, string | null>
  accepted: KindReport<ComputePayload>[]
  rejected: { report: KindReport<ComputePayload>; reason: string }[]
  settlement: ReturnType<NonNullable<typeof compute.settlement>['records']>
  shares: ReturnType<typeof compute.score>
  carried: ComputeCarried
}

/** Runs the kind over epoch `n` given its reports, as the epoch pipeline does. */
export function judge(
  n: bigint,
  devices: readonly DeviceRecord[],
  events: readonly KindEvent[],
  reports: readonly KindReport<ComputePayload>[],
  carried: ComputeCarried | null,
  params: ComputeParams = DEFAULT_COMPUTE_PARAMS,
): JudgedEpoch {
  const epoch = epochWindow(n)
  const registry = new Map(devices.map((d) => [d.deviceId, d]))
  const { state, stake } = foldComputeEvents(events, epoch)
  const challenges = issueChallenges(compute, { epoch, devices: registry, stake, params, chain: state })
  const kindInputs = inputs(challenges)
  const verdicts = new Map<Hex, string | null>()
  for (const report of reports) {
    const verdict = compute.verify(report, { epoch, device: registry.get(report.deviceId)!, params, carried, inputs: kindInputs })
    verdicts.set(report.reportId, verdict.valid ? null : verdict.reason)
  }
  const ctx = { epoch, devices: registry, params, carried, inputs: kindInputs }
  const passed = reports.filter((r) => verdicts.get(r.reportId) === null)
  for (const [id, reason] of compute.verifyEpoch!(passed, ctx, [])) verdicts.set(id, reason)
  const accepted = reports.filter((r) => verdicts.get(r.reportId) === null)
  const rejected = reports.flatMap((report) => {
    const reason = verdicts.get(report.reportId)
    return reason === null || reason === undefined ? [] : [{ report, reason }]
  })
  const settlement = compute.settlement!.records({ epoch, params, carried, challenges, accepted, rejected })
  const shares = compute.score(accepted, ctx)
  const rejectedReports: RejectedReport[] = rejected.map(({ report, reason }) => ({ deviceId: report.deviceId, reason, report }))
  return { epoch, challenges, verdicts, accepted, rejected, settlement, shares, carried: compute.carry!(carried, accepted, ctx, rejectedReports) }
}
