import { kindContractsOf } from '@pinion/contracts'
import { COMPUTE_MARKET } from '@pinion/kinds/compute'
import { type Abi, type Address, type Hex, parseAbi, parseEventLogs } from 'viem'
import type { Gov, GovSigner } from '../gov/connect.ts'
import { GovError } from '../gov/errors.ts'
import { send } from '../gov/send.ts'
import { ComputeError } from './computeErrors.ts'

const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])

/** ComputeMarket's LeaseState, by its index. */
export const LEASE_STATES = ['formed', 'active', 'closed', 'finalized', 'no-show', 'faulted'] as const
/** ComputeMarket's OrderState, by its index. */
export const ORDER_STATES = ['open', 'leased', 'cancelled'] as const
/** ComputeMarket's BidState, by its index. */
export const BID_STATES = ['open', 'withdrawn', 'lost', 'won', 'no-show'] as const

export type MarketOrder = {
  customer: Address
  specHash: Hex
  maxPricePerSecond: bigint
  durationSeconds: number
  approvalWindowSeconds: number
  state: number
  biddingEndsAt: bigint
  deposit: bigint
  leaseId: bigint
  openBids: bigint
}
export type MarketBid = { orderId: bigint; deviceId: bigint; provider: Address; pricePerSecond: bigint; state: number; collateralLocked: bigint }
export type MarketLease = {
  orderId: bigint
  bidId: bigint
  deviceId: bigint
  customer: Address
  provider: Address
  pricePerSecond: bigint
  state: number
  startedAt: bigint
  endsAt: bigint
  approvedUntil: bigint
  verifiedEpochs: number
  deposit: bigint
  accrued: bigint
  paid: bigint
  releasable: bigint
  escrowLeft: bigint
  collateralLocked: bigint
}

/** The network's ComputeMarket: its address and ABI; PINION_ERR_COMPUTE_MARKET when the network runs no compute kind. */
function marketOf(gov: Gov): { address: Address; abi: Abi } {
  const address = gov.state.deployment.kinds?.compute?.[COMPUTE_MARKET]
  if (address === undefined) throw new ComputeError('PINION_ERR_COMPUTE_MARKET', `${gov.state.name} runs no compute kind: it has no ${COMPUTE_MARKET}`)
  return { address, abi: kindContractsOf('compute')[COMPUTE_MARKET]!.abi as Abi }
}

const read = async <value>(gov: Gov, functionName: string, args: readonly unknown[]): Promise<value> => {
  const market = marketOf(gov)
  try {
    return (await gov.client.readContract({ ...market, functionName, args } as never)) as value
  } catch (cause) {
    throw new ComputeError('PINION_ERR_COMPUTE_MARKET', `ComputeMarket.${functionName}(${args.join(', ')}) failed: ${(cause as Error).message.split('\n')[0]}`, { cause })
  }
}

export const orderOf = (gov: Gov, orderId: bigint) => read<MarketOrder>(gov, 'orderOf', [orderId])
const bidOf = (gov: Gov, bidId: bigint) => read<MarketBid>(gov, 'bidOf', [bidId])
export const leaseOf = (gov: Gov, leaseId: bigint) => read<MarketLease>(gov, 'leaseOf', [leaseId])
export const leaseCountOf = (gov: Gov) => read<bigint>(gov, 'leaseCount', [])
export const bidsOf = async (gov: Gov, orderId: bigint) =>
  Promise.all((await read<readonly bigint[]>(gov, 'bidsOf', [orderId])).map(async (bidId) => ({ bidId, ...(await bidOf(gov, bidId)) })))

/** Sends a call to ComputeMarket (or the token) and waits for it; a revert is PINION_ERR_COMPUTE_MARKET, naming the market's error. */
async function call(signer: GovSigner, target: { address: Address; abi: Abi }, functionName: string, args: readonly unknown[], what: string) {
  try {
    return (await send(signer, { ...target, functionName, args } as never, what)).receipt
  } catch (error) {
    if (error instanceof GovError && error.code === 'PINION_ERR_GOV_REVERTED') throw new ComputeError('PINION_ERR_COMPUTE_MARKET', error.message, { cause: error })
    throw error
  }
}

const idFrom = (market: { address: Address; abi: Abi }, logs: Parameters<typeof parseEventLogs>[0]['logs'], eventName: string, field: string): bigint => {
  const [log] = parseEventLogs({ abi: market.abi, logs, eventName } as never) as { args: Record<string, unknown> }[]
  if (log === undefined) throw new ComputeError('PINION_ERR_COMPUTE_MARKET', `ComputeMarket emitted no ${eventName}`)
  return log.args[field] as bigint
}

export type OrderTerms = {
  specHash: Hex
  resources: { cpuMillis: number; memoryMiB: number; storageMiB: number }
  maxPricePerSecond: bigint
  durationSeconds: number
  biddingSeconds: number
  approvalWindowSeconds: number
}

/** Posts an order, approving the market for its deposit (price × duration; an hour's for an open-ended one) first. Returns its id. */
export async function postOrder(signer: GovSigner, terms: OrderTerms): Promise<{ orderId: bigint; deposit: bigint }> {
  const market = marketOf(signer)
  const deposit = terms.maxPricePerSecond * BigInt(terms.durationSeconds === 0 ? 3_600 : terms.durationSeconds)
  await call(signer, { address: signer.state.deployment.token, abi: TOKEN_ABI }, 'approve', [market.address, deposit], 'approve the deposit')
  const receipt = await call(
    signer,
    market,
    'postOrder',
    [terms.specHash, terms.resources, terms.maxPricePerSecond, terms.durationSeconds, deposit, terms.biddingSeconds, terms.approvalWindowSeconds],
    'post the order',
  )
  return { orderId: idFrom(market, receipt.logs, 'OrderPosted', 'orderId'), deposit }
}

/** Accepts bid `bidId` of `orderId` (the customer), or the lowest once bidding is over (anyone). Returns the lease's id. */
export async function acceptOrder(signer: GovSigner, orderId: bigint, bidId?: bigint): Promise<bigint> {
  const market = marketOf(signer)
  const receipt =
    bidId === undefined
      ? await call(signer, market, 'acceptLowest', [orderId], `accept the lowest bid on order ${orderId}`)
      : await call(signer, market, 'acceptBid', [orderId, bidId], `accept bid ${bidId} on order ${orderId}`)
  return idFrom(market, receipt.logs, 'LeaseFormed', 'leaseId')
}

/** Closes lease `leaseId` (its customer or its provider): accrual stops, the unspent deposit goes back. */
export async function closeLease(signer: GovSigner, leaseId: bigint): Promise<void> {
  await call(signer, marketOf(signer), 'closeLease', [leaseId], `close lease ${leaseId}`)
}

/** Orders open for bids at `nowSeconds` (every order, newest last: a devnet's market is small; a large one would index OrderPosted). */
export async function openOrders(gov: Gov, nowSeconds: bigint): Promise<{ orderId: bigint; maxPricePerSecond: bigint; biddingEndsAt: bigint }[]> {
  const count = await read<bigint>(gov, 'orderCount', [])
  const open: { orderId: bigint; maxPricePerSecond: bigint; biddingEndsAt: bigint }[] = []
  for (let orderId = 1n; orderId <= count; orderId++) {
    const order = await orderOf(gov, orderId)
    if (ORDER_STATES[order.state] === 'open' && order.biddingEndsAt > nowSeconds)
      open.push({ orderId, maxPricePerSecond: order.maxPricePerSecond, biddingEndsAt: order.biddingEndsAt })
  }
  return open
}

/** The bid `deviceId` placed on `orderId`, if any. */
export async function bidOfOrder(gov: Gov, orderId: bigint, deviceId: bigint): Promise<(MarketBid & { bidId: bigint }) | null> {
  return (await bidsOf(gov, orderId)).find((bid) => bid.deviceId === deviceId) ?? null
}

/** Bids `pricePerSecond` on `orderId` with `deviceId` (its owner signing), approving the bid's collateral first. Returns the bid's id. */
export async function bidOnOrder(signer: GovSigner, orderId: bigint, deviceId: bigint, pricePerSecond: bigint): Promise<bigint> {
  const market = marketOf(signer)
  const collateral = await read<bigint>(signer, 'BID_COLLATERAL', [])
  await call(signer, { address: signer.state.deployment.token, abi: TOKEN_ABI }, 'approve', [market.address, collateral], 'approve the bid collateral')
  const receipt = await call(signer, market, 'bid', [orderId, deviceId, pricePerSecond], `bid on order ${orderId}`)
  return idFrom(market, receipt.logs, 'BidPlaced', 'bidId')
}

/** Starts lease `leaseId` (its provider): it accrues from now. */
export async function startLease(signer: GovSigner, leaseId: bigint): Promise<void> {
  await call(signer, marketOf(signer), 'startLease', [leaseId], `start lease ${leaseId}`)
}
