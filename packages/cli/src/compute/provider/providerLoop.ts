import type { DeviceAgent, JobStore, LeaseInfo } from '@pinion/device'
import { sendProviderReports } from '@pinion/device'
import { epochAt, epochWindow } from '@pinion/oracle'
import type { Hex } from 'viem'
import type { GovSigner } from '../../gov/connect.ts'
import { BID_STATES, LEASE_STATES, bidOfOrder, bidOnOrder, leaseCountOf, leaseOf, openOrders, orderOf, startLease } from '../market.ts'
import { type PriceRule, bidsToPlace } from './bidRule.ts'

export type ProviderLoopOptions = {
  /** The network, and the device owner's account (it bids, locks collateral and starts leases). */
  signer: GovSigner
  deviceId: Hex
  store: JobStore
  /** The device's agent: signs and sends the lease reports. */
  agent: Pick<DeviceAgent, 'report'>
  rule: PriceRule
  /** Leases running plus bids open the provider takes on at once. */
  capacity: number
  now?: () => number
}

/** What one turn of the provider's loop did. */
export type ProviderTick = { bids: { orderId: bigint; pricePerSecond: bigint }[]; started: bigint[]; running: bigint[]; reported: number }

/**
 * A compute provider's duties on the market, one turn at a time (`pinion provider run` turns it every
 * few seconds): bid on open orders by its price rule within its capacity, start every lease its bids
 * won (before the market's start window closes, or its collateral burns), and send the reports its
 * node's leases owe this epoch (the job, commitments to finished tasks, reveals of counter-signed
 * ones with the module: scheduleProviderReports). `leaseOf` is what the node checks a job delivery
 * against: the lease running on this device, with its order's customer and job.
 */
export function providerLoop(options: ProviderLoopOptions): { tick(): Promise<ProviderTick>; leaseOf(leaseId: bigint): Promise<LeaseInfo | null> } {
  const { signer, deviceId } = options
  const device = BigInt(deviceId)
  const now = options.now ?? Date.now
  const schedule = { genesisTime: BigInt(signer.state.schedule.genesisTime), epochDuration: BigInt(signer.state.schedule.epochDuration) }
  return {
    async leaseOf(leaseId) {
      if (leaseId < 1n || leaseId > (await leaseCountOf(signer))) return null
      const lease = await leaseOf(signer, leaseId)
      if (lease.deviceId !== device || LEASE_STATES[lease.state] !== 'active') return null
      const order = await orderOf(signer, lease.orderId)
      return { customer: order.customer, specHash: order.specHash, deviceId }
    },
    async tick() {
      const nowSeconds = BigInt(Math.floor(now() / 1000))
      // Leases this device won: start the new ones; report on the running ones.
      const started: bigint[] = []
      const running: bigint[] = []
      for (let id = 1n; id <= (await leaseCountOf(signer)); id++) {
        const lease = await leaseOf(signer, id)
        if (lease.deviceId !== device) continue
        if (LEASE_STATES[lease.state] === 'formed') {
          await startLease(signer, id)
          started.push(id)
          running.push(id)
        } else if (LEASE_STATES[lease.state] === 'active' && lease.endsAt > nowSeconds) running.push(id)
      }
      // Open orders: bid by the rule where capacity allows.
      const orders = await openOrders(signer, nowSeconds)
      const alreadyBid = new Set<bigint>()
      let openBids = 0
      for (const order of orders) {
        const own = await bidOfOrder(signer, order.orderId, device)
        if (own === null) continue
        alreadyBid.add(order.orderId)
        if (BID_STATES[own.state] === 'open') openBids += 1
      }
      const bids = bidsToPlace({ orders, alreadyBid, engaged: running.length + openBids, capacity: options.capacity, rule: options.rule, nowSeconds })
      for (const bid of bids) await bidOnOrder(signer, bid.orderId, device, bid.pricePerSecond)
      const epoch = epochAt(schedule, BigInt(now()))
      const window = epochWindow(schedule, epoch, '0x')
      const reported = await sendProviderReports(options.store, options.agent, {
        deviceId,
        epoch: { epoch, startMs: window.startMs, endMs: window.endMs },
        nowMs: BigInt(now()),
        leaseIds: running,
      })
      return { bids, started, running, reported: reported.length }
    },
  }
}
