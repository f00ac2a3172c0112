/**
 * npm run bench:epoch [-- --devices 1000000] [-- --threads 2] [-- --rounds 3]
 *
 * How long one epoch's settlement takes for a large fleet, against the cost of hashing its tree's
 * leaves. Shares are already scored (one uptime share per device, one distinct recipient each,
 * every recipient holding a cumulative amount from earlier epochs); timed are exactly the steps
 * computeEpoch runs after scoring — allocate, payShares, accumulate, buildEpochTree — and, beside
 * them, merely double-keccak-hashing as many leaves in one thread from pre-encoded
 * abi.encode(address, uint256) bytes, with the tree's own leaf function (hashEncodedLeafInto, over
 * hash-wasm's keccak).
 *
 * Baseline and settlement alternate for a few rounds and the medians are compared, so that a busy
 * machine skews both alike; beside wall-clock time the bench prints CPU time (every thread of the
 * process: workers and the garbage collector included), which a machine shared with other work
 * distorts far less, and which the worker threads cannot shrink (it counts their work, not their
 * parallelism). Targets: settle ≤ 3 × leaf hashing, peak RSS ≤ 2 GiB (the whole run, setup
 * included). The data are seeded: every run settles the same epoch and prints its root.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createProgress } from '@pinion/contracts/log'
import { type DeviceRecord, type Multiplier, type Share, seededRandom } from '@pinion/kinds'
import { ONE } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { accumulate } from '../packages/oracle/src/epoch/accumulate.ts'
import { allocate } from '../packages/oracle/src/epoch/allocate.ts'
import { buildEpochTree } from '../packages/oracle/src/epoch/epochTree.ts'
import { payShares } from '../packages/oracle/src/epoch/payShares.ts'
import { sortAddressOrder } from '../packages/oracle/src/epoch/sortAddresses.ts'
// The tree's own leaf function (not exported from @pinion/protocol): the baseline is exactly its work.
import { hashEncodedLeafInto } from '../packages/protocol/src/merkle/leafEncoding.ts'

const TARGET_RATIO = 3
const TARGET_PEAK_BYTES = 2 * 1024 ** 3
const SEED = 0x4245_4e43 // "BENC"
const EMISSION = 20_548n * ONE // about a day of Helium's 7.5 M HNT a year, in 18-decimal units

const { values } = parseArgs({
  options: { devices: { type: 'string', default: '1000000' }, threads: { type: 'string' }, rounds: { type: 'string', default: '3' } },
})
const count = Number(values.devices)
const rounds = Number(values.rounds)
const threads = values.threads === undefined ? availableParallelism() : Number(values.threads)

const random = seededRandom(SEED)
const DIGITS = Buffer.from('0123456789abcdef')
const scratch = Buffer.alloc(66)
/**
 * A 0x-prefixed hex string of `digits` random digits, the last eight `suffix` when given (so that
 * ids are distinct for sure), made flat in one piece as a database driver hands strings over;
 * strings built with `+` are V8 cons-string trees that cost several times the memory.
 */
function hex(digits: number, suffix = -1): string {
  scratch[0] = 0x30
  scratch[1] = 0x78
  for (let d = 0; d < digits; d += 8) {
    let word = suffix >= 0 && d + 8 >= digits ? suffix : Math.floor(random() * 0x1_0000_0000)
    for (let k = 7; k >= 0; k--, word >>>= 4) scratch[2 + d + k] = DIGITS[word & 15]!
  }
  return scratch.toString('latin1', 0, 2 + digits)
}
const ms = (start: number) => performance.now() - start
const seconds = (t: number) => `${(t / 1000).toFixed(2)} s`
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
/** CPU time of the whole process (all threads) in ms since `since`. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since)
  return (user + system) / 1000
}

// ---- the fleet, already scored (not timed) ----
console.log(`setting up ${count.toLocaleString('en')} devices, shares and recipients (seed ${SEED})…`)
// As the uptime kind scores: shared frozen multipliers, a fresh array and inputs per share.
const QUALIFIED: Multiplier = Object.freeze({ name: 'qualification', value: ONE, why: 'qualified' })
const UNQUALIFIED: Multiplier = Object.freeze({ name: 'qualification', value: 0n, why: 'not qualified' })
const LOCATED: Multiplier = Object.freeze({ name: 'location', value: ONE, why: 'asserted' })
const devices = new Map<Hex, DeviceRecord>()
const shares: Share[] = new Array(count)
const recipients: Address[] = new Array(count)
for (let i = 0; i < count; i++) {
  const deviceId = hex(64, i) as Hex
  const recipient = hex(40, i) as Address
  recipients[i] = recipient
  devices.set(deviceId, {
    deviceId,
    owner: recipient,
    recipient,
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: hex(64) as Hex,
    location: 0x8c2a100d2c2b3ffn,
    locations: [],
    active: true,
  })
  const covered = Math.floor(random() * 25)
  const base = BigInt(covered) * ONE
  shares[i] = {
    deviceId,
    pool: 'uptime',
    base,
    multipliers: [covered >= 12 ? QUALIFIED : UNQUALIFIED, LOCATED],
    weight: covered >= 12 ? base : 0n,
    inputs: { subIntervalsCovered: covered, subIntervalsRequired: 12, subIntervalsInEpoch: 24, heartbeats: covered, locationAsserted: true },
  }
}
// Earlier epochs' cumulative amounts as the store reads them (`order by recipient`): in address
// order, and strings of their own, not the devices' (a database hands over fresh copies).
const previous = new Map<Address, bigint>()
for (const i of sortAddressOrder(recipients)) {
  const copy = Buffer.from(recipients[i]!, 'latin1').toString('latin1') as Address
  previous.set(copy, BigInt(Math.floor(random() * 1e9)) * 10n ** 12n)
}
const pools = [
  { name: 'uptime', basisPoints: 9_000 },
  { name: 'treasury', basisPoints: 1_000 },
]
const residual = { name: 'treasury', recipient: '0x7000000000000000000000000000000000000007' as Address }

// ---- the baseline: double-keccak as many leaves from pre-encoded bytes, in one thread ----
const encoded = new Uint8Array(count * 64)
{
  let i = 0
  for (const [recipient, amount] of previous) {
    encoded.set(Buffer.from(recipient.slice(2), 'hex'), i * 64 + 12)
    encoded.set(Buffer.from(amount.toString(16).padStart(64, '0'), 'hex'), i * 64 + 32)
    i++
  }
}
const leaves = new Uint8Array(count * 32)
function hashLeaves(): { wall: number; cpu: number } {
  const start = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < count; i++) hashEncodedLeafInto(encoded, i * 64, leaves, i * 32)
  return { wall: ms(start), cpu: cpuMs(cpu) }
}

// ---- the settlement, as computeEpoch runs it after scoring ----
const STEPS = ['allocate', 'payShares', 'accumulate', 'tree'] as const
async function settle(): Promise<{ times: Record<(typeof STEPS)[number], number>; cpu: number; root: Hex; recipients: number; total: bigint }> {
  const cpu = process.cpuUsage()
  let start = performance.now()
  const { amounts, residualAmount } = allocate(EMISSION, pools, residual, shares)
  const allocateMs = ms(start)
  start = performance.now()
  const paid = payShares(shares, amounts, devices)
  const payMs = ms(start)
  start = performance.now()
  const cumulative = accumulate(previous, paid, { recipient: residual.recipient, amount: residualAmount })
  const accumulateMs = ms(start)
  start = performance.now()
  const { root, totalCumulative } = await buildEpochTree(cumulative, threads)
  const treeMs = ms(start)
  return {
    times: { allocate: allocateMs, payShares: payMs, accumulate: accumulateMs, tree: treeMs },
    cpu: cpuMs(cpu),
    root,
    recipients: cumulative.length,
    total: totalCumulative,
  }
}

globalThis.gc?.()
console.log(`set up: RSS ${mib(process.memoryUsage().rss)}. ${rounds} rounds of leaf hashing, then settlement (${threads} hashing thread${threads === 1 ? '' : 's'})…`)
const baselines: Array<{ wall: number; cpu: number }> = []
const settles: Array<Awaited<ReturnType<typeof settle>>> = []
// Each round's times go to the progress reporter (a bar in a terminal, a line on stderr otherwise).
const progress = createProgress({ task: 'rounds', total: rounds })
progress.update(0, 'hashing leaves')
for (let round = 0; round < rounds; round++) {
  baselines.push(hashLeaves())
  settles.push(await settle())
  const last = settles[settles.length - 1]!
  const total = STEPS.reduce((sum, step) => sum + last.times[step], 0)
  const base = baselines[round]!
  progress.update(
    round + 1,
    `round ${round + 1}: leaf hashing ${seconds(base.wall)} (cpu ${seconds(base.cpu)}), settle ${seconds(total)} (cpu ${seconds(last.cpu)}); load ${loadavg()[0]!.toFixed(1)}`,
  )
  if (settles.length > 1 && last.root !== settles[0]!.root) throw new Error('settlement is not deterministic')
  settles[settles.length - 1] = { ...last } // keep only the numbers: let the round's data go
  globalThis.gc?.()
}

progress.end()

const stepMedians = STEPS.map((step) => [step, median(settles.map((s) => s.times[step]))] as const)
const settleMedian = median(settles.map((s) => STEPS.reduce((sum, step) => sum + s.times[step], 0)))
const baseline = median(baselines.map((b) => b.wall))
const ratio = settleMedian / baseline
const cpuRatio = median(settles.map((s) => s.cpu)) / median(baselines.map((b) => b.cpu))
const peak = process.resourceUsage().maxRSS * 1024
const { root, recipients: leafCount, total } = settles[0]!

const row = (label: string, value: string) => console.log(`  ${label.padEnd(36)} ${value}`)
console.log(`\nepoch settlement, ${count.toLocaleString('en')} devices → ${leafCount.toLocaleString('en')} leaves (medians of ${rounds})`)
for (const [step, t] of stepMedians) row(step, seconds(t))
row('settle (median of totals)', seconds(settleMedian))
row('leaf hashing only, one thread', seconds(baseline))
row('ratio settle / leaf hashing', `${ratio.toFixed(2)}× wall clock (target ≤ ${TARGET_RATIO}×)`)
row('ratio in CPU time, all threads', `${cpuRatio.toFixed(2)}× (${seconds(median(settles.map((s) => s.cpu)))} / ${seconds(median(baselines.map((b) => b.cpu)))})`)
row('peak RSS, whole run', `${mib(peak)} (target ≤ ${mib(TARGET_PEAK_BYTES)})`)
row('root', root)
row('total cumulative', total.toString())
console.log(ratio <= TARGET_RATIO && peak <= TARGET_PEAK_BYTES ? '\nwithin targets' : '\nOUTSIDE TARGETS')
