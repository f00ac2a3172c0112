/**
 * The fleet of bench:compute's detection part: leases of sha256-workload jobs as ComputeMarket's
 * events tell them, one provider device a lease, each with a role. Honest providers and the kind's
 * own adversaries (simulate.ts: lazy, overclaimer, copier, no-show) share one job; each colluding
 * group — two colluders and one honest partner — runs a job of its own with redundancy 3 (k-of-n),
 * so groups do not vote on each other's tasks.
 */
import { type DeviceRecord, type KindEvent, seededRandom } from '@pinion/kinds'
import { COMPUTE_MARKET, type HeldJob, type JobManifest, type TaskUsage, encodeManifest, holdJob, signUsageWithKey } from '@pinion/kinds/compute'
import { workloadWasm } from '@pinion/kinds/compute/workloads'
import { type Hex, encodePacked, keccak256, numberToHex, sha256, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'

/** What a lease's provider does. `partner` is the honest third of a colluding group. */
const ROLES = ['honest', 'lazy', 'overclaimer', 'copier', 'no-show', 'colluder', 'partner'] as const
export type Role = (typeof ROLES)[number]
/** The roles that cheat, in the order the bench prints them. */
export const ADVERSARIES = ['lazy', 'overclaimer', 'copier', 'no-show', 'colluder'] as const
export type Adversary = (typeof ADVERSARIES)[number]

/** Leases per role of the shared job, and colluding groups (each 2 colluders + 1 partner). */
export type FleetSize = { honest: number; lazy: number; overclaimer: number; copier: number; noShow: number; colludingGroups: number }

type FleetLease = { leaseId: bigint; deviceId: Hex; role: Role; specHash: Hex; group: number | null }
export type Fleet = {
  leases: FleetLease[]
  devices: Map<Hex, DeviceRecord>
  events: KindEvent[]
  /** The jobs, by specHash. */
  jobs: Map<Hex, BenchJob>
}
export type BenchJob = HeldJob & { parsed: JobManifest; specHash: Hex }

/** 30-second epochs from 2026-01-01T00:00Z, as the devnet's; the fleet's leases start just before FIRST_EPOCH. */
const GENESIS_MS = 1_767_225_600_000n
const EPOCH_MS = 30_000n
export const FIRST_EPOCH = 10n

const CUSTOMER_KEY = keccak256(stringToBytes('pinion bench:compute customer'))
const CUSTOMER = privateKeyToAddress(CUSTOMER_KEY).toLowerCase()
const PROVIDER = '0x1000000000000000000000000000000000000001'

// The customer counter-signs every usage it is asked to (as simulate.ts's customer does); the same
// usage recurs at every sample rate, so signatures are kept (a cache: signing is deterministic).
const signatures = new Map<string, Hex>()
function acceptUsage(usage: TaskUsage): Hex {
  const key = `${usage.leaseId}:${usage.specHash}:${usage.task}:${usage.resultHash}:${usage.fuelUsed}`
  let signature = signatures.get(key)
  if (signature === undefined) {
    signature = signUsageWithKey(CUSTOMER_KEY, usage)
    signatures.set(key, signature)
  }
  return signature
}

/**
 * A job of the sha256 workload: `tasks` inputs of 200–499 seeded bytes (a few hundred thousand fuel
 * each), made known to the kind's simulated providers (holdJob). `name` tells jobs with the same
 * inputs apart (another name, another specHash).
 */
function benchJob(tasks: number, seed: number, redundancy: number, name: string): BenchJob {
  const module = workloadWasm('sha256')
  const random = seededRandom(seed)
  const inputs = Array.from({ length: tasks }, () => Uint8Array.from({ length: 200 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)))
  const parsed: JobManifest = { name, module: sha256(module), tasks: inputs.map((i) => sha256(i)), fuelPerTask: 50_000_000n, memoryPages: 32, redundancy }
  const job = { parsed, manifest: encodeManifest(parsed), module, inputs, acceptUsage }
  return { ...job, specHash: holdJob(job) }
}

/** Epoch `n` of seed `seed`: its own entropy, so every seed draws its own sample. */
export function epochOf(seed: number, n: bigint) {
  return {
    epoch: n,
    startMs: GENESIS_MS + EPOCH_MS * n,
    endMs: GENESIS_MS + EPOCH_MS * (n + 1n),
    entropy: keccak256(encodePacked(['string', 'uint32', 'uint64'], ['pinion/bench/compute/entropy', seed, n])),
  }
}

/** The fleet of `size` for `seed`: leases numbered from 1 in role order, all started 5 s before FIRST_EPOCH. */
export function buildFleet(size: FleetSize, seed: number, tasks: number): Fleet {
  const shared = benchJob(tasks, seed, 1, `bench sha256 x${tasks} seed ${seed}`)
  const jobs = new Map<Hex, BenchJob>([[shared.specHash, shared]])
  const leases: FleetLease[] = []
  const add = (role: Role, specHash: Hex, group: number | null) => {
    const leaseId = BigInt(leases.length + 1)
    leases.push({ leaseId, deviceId: numberToHex(seed * 100_000 + leases.length + 1, { size: 32 }), role, specHash, group })
  }
  const counts: [Role, number][] = [
    ['honest', size.honest],
    ['lazy', size.lazy],
    ['overclaimer', size.overclaimer],
    ['copier', size.copier],
    ['no-show', size.noShow],
  ]
  for (const [role, count] of counts) for (let i = 0; i < count; i++) add(role, shared.specHash, null)
  for (let group = 0; group < size.colludingGroups; group++) {
    const job = benchJob(tasks, seed, 3, `bench sha256 x${tasks} seed ${seed} k-of-n group ${group}`)
    jobs.set(job.specHash, job)
    for (const role of ['colluder', 'colluder', 'partner'] as const) add(role, job.specHash, group)
  }
  const devices = new Map(leases.map((l) => [l.deviceId, deviceRecord(l.deviceId)]))
  return { leases, devices, events: leaseEvents(leases), jobs }
}

function deviceRecord(deviceId: Hex): DeviceRecord {
  return { deviceId, owner: PROVIDER, recipient: PROVIDER, deviceClass: 1, keyType: 'ed25519', publicKey: deviceId, location: null, locations: [], active: true }
}

/** ComputeMarket's events for the leases (order, bid, lease formed and started), one block each, in chain order. */
function leaseEvents(leases: readonly FleetLease[]): KindEvent[] {
  const events: KindEvent[] = []
  let block = 100n
  const started = GENESIS_MS + EPOCH_MS * FIRST_EPOCH - 5_000n
  const push = (eventName: string, args: Record<string, string>, timestampMs: bigint) =>
    events.push({ contract: COMPUTE_MARKET, eventName, args, blockNumber: block++, logIndex: 0, timestampMs })
  for (const lease of leases) {
    const id = lease.leaseId.toString()
    const order = {
      orderId: id,
      customer: CUSTOMER,
      specHash: lease.specHash,
      cpuMillis: '1000',
      memoryMiB: '64',
      storageMiB: '0',
      maxPricePerSecond: '10',
      durationSeconds: '3600',
      deposit: '36000',
      biddingEndsAt: '0',
      approvalWindowSeconds: '60',
    }
    push('OrderPosted', order, started - 2_000n)
    push('BidPlaced', { bidId: id, orderId: id, deviceId: BigInt(lease.deviceId).toString(), provider: PROVIDER, pricePerSecond: '5', collateral: '1000' }, started - 2_000n)
    push('LeaseFormed', { leaseId: id, orderId: id, bidId: id, provider: PROVIDER, pricePerSecond: '5' }, started - 1_000n)
    push('LeaseStarted', { leaseId: id, startedAt: (started / 1000n).toString(), endsAt: (started / 1000n + 3_600n).toString() }, started)
  }
  return events
}

/** The event ComputeMarket emits when recordVerdicts faults a lease: it closes, and is challenged no more. */
export function faultEvent(leaseId: bigint, epoch: bigint, fault: number, block: bigint): KindEvent {
  const args = { leaseId: leaseId.toString(), epoch: epoch.toString(), fault: String(fault), paid: '0', refunded: '0', slashed: '1000' }
  return { contract: COMPUTE_MARKET, eventName: 'LeaseFaulted', args, blockNumber: block, logIndex: 0, timestampMs: GENESIS_MS + EPOCH_MS * (epoch + 1n) }
}
