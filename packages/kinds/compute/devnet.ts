import { PinionError } from '@pinion/protocol'
import { type Address, type Hash, parseAbi, parseEventLogs, sha256 } from 'viem'
import type { DevnetContext, KindDevnet } from '../src/devnet.ts'
import { COMPUTE_MARKET } from './chain.ts'
import { type JobManifest, encodeManifest } from './manifest.ts'
import type { ComputeParams } from './params.ts'
import { holdJob } from './simulate.ts'
import { signUsageWithKey } from './usage.ts'
import { DEFAULT_RAYTRACE_JOB, type RaytraceJob, raytraceJob, workloadWasm } from './workloads/index.ts'

const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])
const MARKET_ABI = parseAbi([
  'function postOrder(bytes32 specHash, (uint32 cpuMillis, uint32 memoryMiB, uint32 storageMiB) resources, uint256 maxPricePerSecond, uint32 durationSeconds, uint256 deposit, uint32 biddingSeconds, uint32 approvalWindowSeconds) returns (uint256 orderId)',
  'function bid(uint256 orderId, uint256 deviceId, uint256 pricePerSecond) returns (uint256 bidId)',
  'function acceptBid(uint256 orderId, uint256 bidId) returns (uint256 leaseId)',
  'function startLease(uint256 leaseId)',
  'function orderCount() view returns (uint256)',
  'function BID_COLLATERAL() view returns (uint256)',
  'event OrderPosted(uint256 indexed orderId, address indexed customer, bytes32 indexed specHash, uint32 cpuMillis, uint32 memoryMiB, uint32 storageMiB, uint256 maxPricePerSecond, uint32 durationSeconds, uint256 deposit, uint64 biddingEndsAt, uint32 approvalWindowSeconds)',
  'event BidPlaced(uint256 indexed bidId, uint256 indexed orderId, uint256 indexed deviceId, address provider, uint256 pricePerSecond, uint256 collateral)',
  'event LeaseFormed(uint256 indexed leaseId, uint256 indexed orderId, uint256 indexed bidId, address provider, uint256 pricePerSecond)',
])

const TOKEN = 10n ** 18n
/**
 * The devnet customer's job: the ray tracer's scene (example.png's) at half its size and samples,
 * 160 × 120 in 8 bands of 15 rows, so that three oracles re-executing every band stay light.
 */
export const DEVNET_RAYTRACE_JOB: Readonly<RaytraceJob> = { ...DEFAULT_RAYTRACE_JOB, width: 160, height: 120, samples: 8 }
/** Each band's fuel ceiling: about ten times what the heaviest band uses, and each task's memory (2 MiB). */
const DEVNET_FUEL_PER_TASK = 2_000_000_000n
const DEVNET_MEMORY_PAGES = 32
/** A thousandth of a token a second, for an hour: 3.6 tokens of escrow an order. */
export const DEVNET_MAX_PRICE_PER_SECOND = TOKEN / 1_000n
export const DEVNET_LEASE_SECONDS = 3_600
/** Bids stay open a minute (the market's least); the customer accepts the lowest at once. */
const DEVNET_BIDDING_SECONDS = 60
/**
 * Accruals are held three minutes (Render: 72 h): longer than a result takes to be judged and its
 * fault recorded — committed in one 30 s epoch, revealed and re-executed in the next, settled once
 * that epoch's root is in — so a caught provider is never paid for the time it cheated.
 */
export const DEVNET_APPROVAL_WINDOW_SECONDS = 180
/** Whole tokens each operator and the customer get at genesis: collateral for a bid on every order, and the escrow. */
const COMPUTE_GENESIS_TOKENS = 1_000n

/** The devnet customer's job: its manifest, module and task inputs. */
export function devnetJob(): { manifest: JobManifest; manifestBytes: Uint8Array; module: Uint8Array; inputs: Uint8Array[] } {
  const module = workloadWasm('raytrace')
  const inputs = raytraceJob(DEVNET_RAYTRACE_JOB)
  const manifest: JobManifest = {
    name: `raytrace ${DEVNET_RAYTRACE_JOB.width}x${DEVNET_RAYTRACE_JOB.height}`,
    module: sha256(module),
    tasks: inputs.map((input) => sha256(input)),
    fuelPerTask: DEVNET_FUEL_PER_TASK,
    memoryPages: DEVNET_MEMORY_PAGES,
    redundancy: 1,
  }
  return { manifest, manifestBytes: encodeManifest(manifest), module, inputs }
}

/**
 * The devnet customer orders its job once per provider of the fleet, and the providers bid in a
 * reverse auction by a capacity rule: each provider bids on every order while it has no lease,
 * asking less the earlier it is in the fleet, and the customer accepts the lowest bid at once; the
 * winner starts its lease. So every provider runs one lease of the same job — the honest and the
 * adversarial alike, the ray tracer's eight bands each. The simulated providers get the job
 * (holdJob), and the customer counter-signs their usage as they ask. A network that already has
 * orders (a resumed devnet) only hands the job out again.
 */
async function setup(ctx: DevnetContext<ComputeParams>): Promise<void> {
  const market = marketOf(ctx)
  const job = devnetJob()
  holdJob({ manifest: job.manifestBytes, module: job.module, inputs: job.inputs, acceptUsage: (usage) => signUsageWithKey(ctx.customerPrivateKey, usage) })
  if ((await ctx.client.readContract({ address: market, abi: MARKET_ABI, functionName: 'orderCount' })) > 0n) return

  const specHash = sha256(job.manifestBytes)
  const deposit = DEVNET_MAX_PRICE_PER_SECOND * BigInt(DEVNET_LEASE_SECONDS)
  const orders = ctx.devices.length
  await confirmed(
    ctx,
    'approve the escrow',
    await ctx.customer.writeContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [market, deposit * BigInt(orders)] }),
  )
  const collateral = await ctx.client.readContract({ address: market, abi: MARKET_ABI, functionName: 'BID_COLLATERAL' })
  // One approval per owner (an operator runs several devices): enough for each of its devices to bid on every order.
  const byOwner = new Map<Address, { owner: (typeof ctx.devices)[number]['owner']; devices: number }>()
  for (const device of ctx.devices) {
    const address = device.owner.account.address
    byOwner.set(address, { owner: device.owner, devices: (byOwner.get(address)?.devices ?? 0) + 1 })
  }
  for (const [address, { owner, devices }] of byOwner) {
    await confirmed(
      ctx,
      `approve ${address}'s bid collateral`,
      await owner.writeContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [market, collateral * BigInt(orders * devices)] }),
    )
  }
  const available = [...ctx.devices]
  for (let k = 0; k < orders; k++) {
    const posted = await confirmed(
      ctx,
      `post order ${k + 1}`,
      await ctx.customer.writeContract({
        address: market,
        abi: MARKET_ABI,
        functionName: 'postOrder',
        args: [
          specHash,
          { cpuMillis: 1_000, memoryMiB: 2, storageMiB: 0 },
          DEVNET_MAX_PRICE_PER_SECOND,
          DEVNET_LEASE_SECONDS,
          deposit,
          DEVNET_BIDDING_SECONDS,
          DEVNET_APPROVAL_WINDOW_SECONDS,
        ],
      }),
    )
    const orderId = idOf(posted.logs, 'OrderPosted', 'orderId', 'post an order')
    let lowest: { bidId: bigint; index: number } | null = null
    for (const [index, device] of available.entries()) {
      // Earlier providers ask less: half the maximum, plus a hundredth of it per place in the fleet.
      const price = (DEVNET_MAX_PRICE_PER_SECOND * BigInt(50 + ctx.devices.indexOf(device))) / 100n
      const placed = await confirmed(
        ctx,
        `bid on order ${orderId}`,
        await device.owner.writeContract({ address: market, abi: MARKET_ABI, functionName: 'bid', args: [orderId, BigInt(device.deviceId), price] }),
      )
      if (lowest === null) lowest = { bidId: idOf(placed.logs, 'BidPlaced', 'bidId', 'bid'), index }
    }
    if (lowest === null) break
    const accepted = await confirmed(
      ctx,
      `accept the lowest bid on order ${orderId}`,
      await ctx.customer.writeContract({ address: market, abi: MARKET_ABI, functionName: 'acceptBid', args: [orderId, lowest.bidId] }),
    )
    const leaseId = idOf(accepted.logs, 'LeaseFormed', 'leaseId', 'accept a bid')
    const [winner] = available.splice(lowest.index, 1)
    await confirmed(ctx, `start lease ${leaseId}`, await winner!.owner.writeContract({ address: market, abi: MARKET_ABI, functionName: 'startLease', args: [leaseId] }))
  }
}

/** The id (`field`) the event `eventName` of a receipt's logs carries. */
function idOf(logs: Parameters<typeof parseEventLogs>[0]['logs'], eventName: 'OrderPosted' | 'BidPlaced' | 'LeaseFormed', field: string, what: string): bigint {
  const [log] = parseEventLogs({ abi: MARKET_ABI, logs, eventName })
  if (log === undefined) throw new PinionError('PINION_ERR_SIMULATION', `the compute devnet could ${what} but its receipt has no ${eventName} log`)
  return (log.args as Record<string, unknown>)[field] as bigint
}

function marketOf(ctx: DevnetContext<ComputeParams>): Address {
  const market = ctx.contracts[COMPUTE_MARKET]
  if (market === undefined)
    throw new PinionError('PINION_ERR_SIMULATION', `the compute devnet needs the ${COMPUTE_MARKET} contract; deploy() deployed ${Object.keys(ctx.contracts).join(', ') || 'none'}`)
  return market
}

async function confirmed(ctx: DevnetContext<ComputeParams>, what: string, hash: Hash) {
  const receipt = await ctx.receiptOf(hash)
  if (receipt.status !== 'success') throw new PinionError('PINION_ERR_SIMULATION', `the compute devnet could not ${what}: transaction ${hash} reverted`)
  return receipt
}

/** What `pinion up` does on chain for a compute network: the customer orders its job once per provider; each wins one lease and starts it. */
export const computeDevnet: KindDevnet<ComputeParams> = { genesisTokens: COMPUTE_GENESIS_TOKENS, setup }
