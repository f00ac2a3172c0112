/** The compute kind's gas scenarios (found by folder: gas/kinds.ts), snapshotted in gas-snapshots/ComputeMarket.json. */
import { type Account, keccak256, parseEther, toHex } from 'viem'
import { kindArtifacts } from '../../../generated/kinds/index.ts'
import type { KindGasScenarios } from '../../../gas/kinds.ts'
import { funded, gasOf } from '../../../gas/scenarios.ts'
import { packOracleSignatures } from '../../../sdk/typedData.ts'
import { computeSettlement } from '@pinion/kinds/compute'
import { type Verdict, verdictRecords } from './verdictRecords.ts'

/** An hour of work at up to 0.001 token a second, bids taken for 10 minutes, pay held for 72 hours (Render's). */
const MAX_PRICE = parseEther('0.001')
const DURATION = 3_600
const ORDER = [
  keccak256(toHex('pinion-gas:compute:manifest')),
  { cpuMillis: 1_000, memoryMiB: 512, storageMiB: 0 },
  MAX_PRICE,
  DURATION,
  MAX_PRICE * BigInt(DURATION),
  600,
  72 * 3_600,
] as const

export const gasScenarios: KindGasScenarios<'compute'> = {
  /**
   * The market, each function once: a customer posts orders to a market already holding one; the
   * owner of 20 devices (holding genesis tokens) bids, the first and the 20th bid (the most an order
   * takes) of an order; anyone accepts the lowest of 1 and of 20 bids; the customer accepts a bid;
   * the provider starts leases; anyone settles one (held pay released after the window, then
   * time-up closing it and finalizing); the customer approves and closes; a no-show is claimed; the
   * oracles' quorum (2 of 3) records verdicts on 1 and 20 leases, and a fault; the provider withdraws.
   */
  ComputeMarket: async (net) => {
    const market = { address: net.deployment.kinds.compute!.ComputeMarket!, abi: kindArtifacts.compute.ComputeMarket.abi }
    const { token } = net.contracts
    const provider = net.accounts.admin
    const customer = await funded(net, 'customer')
    const submitter = await funded(net, 'submitter')
    const gas: Record<string, number> = {}
    const devices: bigint[] = []
    for (let i = 0; i < 20; i++) devices.push(await net.registerDevice(provider.address, `compute:${i}`))
    await net.send(provider, { ...token, functionName: 'transfer', args: [customer.address, parseEther('10000')] })
    for (const account of [provider, customer]) await net.send(account, { ...token, functionName: 'approve', args: [market.address, parseEther('100000')] })
    const later = (seconds: number) => net.testClient.increaseTime({ seconds })
    // The clock moves to a base whose low bytes are 0x010101, so the one time in calldata (approve's)
    // has no zero byte, and its calldata cost does not depend on when the scenario runs.
    const head = (await net.publicClient.getBlock()).timestamp
    const base = (((head >> 24n) + 1n) << 24n) | 0x010101n
    await net.testClient.setNextBlockTimestamp({ timestamp: base })
    await net.testClient.mine({ blocks: 1 })

    let orders = 0n
    let bids = 0n
    let leases = 0n
    const post = async () => {
      const receipt = await net.send(customer, { ...market, functionName: 'postOrder', args: ORDER })
      orders += 1n
      return { orderId: orders, gas: gasOf(receipt) }
    }
    const bid = async (orderId: bigint, device: bigint, price: bigint) => {
      const receipt = await net.send(provider, { ...market, functionName: 'bid', args: [orderId, device, price] })
      bids += 1n
      return { bidId: bids, gas: gasOf(receipt) }
    }
    const send = async (account: Account, functionName: string, args: readonly unknown[] = []) => gasOf(await net.send(account, { ...market, functionName, args }))
    /** An order with one bid the customer accepted: its lease, formed. */
    const formed = async (device = devices[0]!) => {
      const { orderId } = await post()
      const { bidId } = await bid(orderId, device, MAX_PRICE)
      await send(customer, 'acceptBid', [orderId, bidId])
      leases += 1n
      return leases
    }
    let epoch = 0n
    const record = async (records: readonly Verdict[]) => {
      const version = await net.contracts.distributor.read.oracleSetVersion()
      const typedData = computeSettlement.typedData(net.chain.id, market.address, epoch, version, verdictRecords(records))
      const signers = net.accounts.oracles.slice(0, 2) as Account[]
      const signatures = packOracleSignatures(await Promise.all(signers.map(async (s) => ({ signer: s.address, signature: await s.signTypedData!(typedData) }))))
      epoch += 1n
      return send(submitter, 'recordVerdicts', [epoch - 1n, version, records, signatures])
    }

    // A lease first, unmeasured: the calls measured find a market already in use.
    await send(provider, 'startLease', [await formed()])
    gas.postOrder = (await post()).gas
    const one = orders
    gas['bid: first on its order'] = (await bid(one, devices[0]!, MAX_PRICE)).gas
    const { orderId: twenty } = await post()
    for (let i = 0; i < 19; i++) await bid(twenty, devices[i]!, MAX_PRICE - BigInt(i))
    gas['bid: 20th on its order (MAX_BIDS_PER_ORDER)'] = (await bid(twenty, devices[19]!, MAX_PRICE - 19n)).gas
    await later(600)
    gas['acceptLowest: 1 bid'] = await send(submitter, 'acceptLowest', [one])
    gas['acceptLowest: 20 bids (19 losing, their collateral returned)'] = await send(submitter, 'acceptLowest', [twenty])
    const [oneLease, twentyLease] = [leases + 1n, leases + 2n]
    leases += 2n
    const accepted = await post()
    const { bidId } = await bid(accepted.orderId, devices[0]!, MAX_PRICE)
    gas.acceptBid = await send(customer, 'acceptBid', [accepted.orderId, bidId])
    leases += 1n
    const acceptedLease = leases
    gas.startLease = await send(provider, 'startLease', [oneLease])
    await send(provider, 'startLease', [twentyLease])
    await send(provider, 'startLease', [acceptedLease])

    const noShow = await formed()
    await later(601)
    gas['claimNoShow (collateral burnt, order re-opened)'] = await send(submitter, 'claimNoShow', [noShow])

    await later(1_000)
    // 0x0800 seconds after the base: after the accepted lease's start (some 600 s in), before now (some 2,200 s in).
    gas['approve (pay released at once)'] = await send(customer, 'approve', [acceptedLease, base + 0x800n])
    gas['closeLease (unspent deposit refunded)'] = await send(customer, 'closeLease', [acceptedLease])

    // 20 started leases for the verdict batches.
    const batch: bigint[] = []
    for (let i = 0; i < 20; i++) {
      const leaseId = await formed(devices[i]!)
      await send(provider, 'startLease', [leaseId])
      batch.push(leaseId)
    }
    gas['recordVerdicts: 1 lease verified, 2-of-3 signatures'] = await record([{ leaseId: oneLease, fault: 0 }])
    gas['recordVerdicts: 20 leases verified'] = await record(batch.map((leaseId) => ({ leaseId, fault: 0 })))
    gas['recordVerdicts: 1 lease faulted (held pay refunded, collateral burnt)'] = await record([{ leaseId: twentyLease, fault: 1 }])

    await later(72 * 3_600)
    gas['settle: pay released after the window, time-up closing the lease'] = await send(submitter, 'settle', [oneLease])
    await later(3_600)
    gas['settle: the last pay released, collateral returned (finalized)'] = await send(submitter, 'settle', [oneLease])
    gas.withdraw = await send(provider, 'withdraw')
    return gas
  },
}
