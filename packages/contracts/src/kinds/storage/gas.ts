/** The storage kind's gas scenarios (found by folder: gas/kinds.ts), snapshotted in gas-snapshots/StorageMarket.json. */
import { challengedLeaves, pieceAt, pieceProof, pieceTree } from '@pinion/protocol/pdp'
import { storageSettlement } from '@pinion/kinds/storage'
import { type Account, encodeFunctionData, keccak256, parseEther, toHex } from 'viem'
import { kindArtifacts } from '../../../generated/kinds/index.ts'
import type { KindGasScenarios } from '../../../gas/kinds.ts'
import { funded, gasOf } from '../../../gas/scenarios.ts'
import { packOracleSignatures } from '../../../sdk/typedData.ts'
import { waitForReceipt } from '../../../sdk/waitForReceipt.ts'

/** A piece whose proofs nobody checks: a seeded root, a 1 MiB piece's 15 levels and 32,768 leaves. */
const seededPiece = (label: string) => ({ root: keccak256(toHex(`pinion-gas:storage:${label}`)), height: 15, leafCount: 32_768n })
/** A month of daily periods at 1 token, 100 tokens of collateral, a 5-token fault fee, terminated after 2 faults in a row. */
const TERMS = { pricePerPeriod: parseEther('1'), periods: 30, collateral: parseEther('100'), faultFee: parseEther('5'), maxConsecutiveFaults: 2 }
/** Deterministic payload bytes: about 1 MiB, so a piece of 15 levels as PieceProofs' own scenario's. */
const payload = Uint8Array.from({ length: 1_000_000 }, (_, i) => (i * 131 + 7) & 0xff)

/** StorageMarket's PeriodRecord, as the scenarios build batches. */
type PeriodRecord = { dealId: bigint; proven: boolean }

export const gasScenarios: KindGasScenarios<'storage'> = {
  /**
   * The market, each function once: a customer proposes deals of 1, 8 and 256 pieces (the most a
   * deal takes) to a market already holding one, the device's owner (holding genesis tokens) accepts them; the oracles' quorum (2 of
   * 3) records proven periods for 1 and 20 deals, a fault, and a fault that terminates its deal; the
   * customer ends a deal; the provider withdraws; and a dispute checks a period's 5 challenges of a
   * real 1 MiB piece on chain (checkPossession, a view, sent as a transaction to measure it).
   */
  StorageMarket: async (net) => {
    const market = { address: net.deployment.kinds.storage!.StorageMarket!, abi: kindArtifacts.storage.StorageMarket.abi }
    const { token } = net.contracts
    const provider = net.accounts.admin
    const customer = await funded(net, 'customer')
    const submitter = await funded(net, 'submitter')
    const gas: Record<string, number> = {}
    const deviceId = await net.registerDevice(provider.address, 'storage')
    await net.send(provider, { ...token, functionName: 'transfer', args: [customer.address, parseEther('10000')] })
    for (const account of [provider, customer]) await net.send(account, { ...token, functionName: 'approve', args: [market.address, parseEther('100000')] })

    let dealCount = 0n
    const propose = async (pieces: readonly ReturnType<typeof seededPiece>[], terms = TERMS) => {
      const receipt = await net.send(customer, { ...market, functionName: 'proposeDeal', args: [deviceId, pieces, terms] })
      dealCount += 1n
      return { dealId: dealCount, gas: gasOf(receipt) }
    }
    const accept = async (dealId: bigint) => gasOf(await net.send(provider, { ...market, functionName: 'acceptDeal', args: [dealId] }))
    let epoch = 0n
    const record = async (records: readonly PeriodRecord[]) => {
      const version = await net.contracts.distributor.read.oracleSetVersion()
      const typedData = storageSettlement.typedData(
        net.chain.id,
        market.address,
        epoch,
        version,
        records.map((r) => ({ dealId: r.dealId.toString(), proven: r.proven })),
      )
      const signers = net.accounts.oracles.slice(0, 2) as Account[]
      const signatures = packOracleSignatures(await Promise.all(signers.map(async (s) => ({ signer: s.address, signature: await s.signTypedData!(typedData) }))))
      const receipt = await net.send(submitter, { ...market, functionName: 'recordPeriods', args: [epoch, version, records, signatures] })
      epoch += 1n
      return gasOf(receipt)
    }

    // The disputed deal first, unmeasured: the proposals measured find a market already in use.
    const tree = pieceTree(payload)
    const disputed = await propose([{ root: tree.root, height: tree.height, leafCount: BigInt(tree.leafCount) }])
    const one = await propose([seededPiece('one')])
    gas['proposeDeal: 1 piece'] = one.gas
    const eight = await propose(Array.from({ length: 8 }, (_, i) => seededPiece(`eight:${i}`)))
    gas['proposeDeal: 8 pieces'] = eight.gas
    gas['proposeDeal: 256 pieces (MAX_PIECES_PER_DEAL)'] = (await propose(Array.from({ length: 256 }, (_, i) => seededPiece(`max:${i}`)))).gas
    gas.acceptDeal = await accept(one.dealId)
    await accept(eight.dealId)

    gas["recordPeriods: 1 deal proven (provider's first pay), 2-of-3 signatures"] = await record([{ dealId: one.dealId, proven: true }])
    const twenty: bigint[] = []
    for (let i = 0; i < 20; i++) {
      const { dealId } = await propose([seededPiece(`twenty:${i}`)])
      await accept(dealId)
      twenty.push(dealId)
    }
    gas['recordPeriods: 20 deals proven'] = await record(twenty.map((dealId) => ({ dealId, proven: true })))
    gas["recordPeriods: 1 deal faulted, fee burnt (customer's first refund)"] = await record([{ dealId: eight.dealId, proven: false }])
    gas['recordPeriods: 1 deal faulted, terminating it (collateral burnt)'] = await record([{ dealId: eight.dealId, proven: false }])

    gas.endDeal = gasOf(await net.send(customer, { ...market, functionName: 'endDeal', args: [one.dealId] }))
    gas.withdraw = gasOf(await net.send(provider, { ...market, functionName: 'withdraw' }))

    // A dispute: a period's 5 challenges of the deal holding one real 1 MiB piece, answered honestly.
    const seed = BigInt(keccak256(toHex('pinion-gas:storage:seed')))
    const proofs = challengedLeaves(seed, disputed.dealId, 5, BigInt(tree.leafCount)).map((leaf) => pieceProof(tree, Number(pieceAt([BigInt(tree.leafCount)], leaf).offset)))
    const args = [disputed.dealId, seed, proofs.map((p) => p.leaf), proofs.map((p) => p.proof)] as const
    if (!(await net.publicClient.readContract({ ...market, functionName: 'checkPossession', args })))
      throw new Error('StorageMarket gas scenario: the honest proofs did not verify')
    const data = encodeFunctionData({ abi: market.abi, functionName: 'checkPossession', args })
    const receipt = await waitForReceipt(net.publicClient, await net.walletFor(submitter).sendTransaction({ to: market.address, data }))
    if (receipt.status !== 'success') throw new Error('StorageMarket gas scenario "checkPossession" reverted')
    gas['checkPossession: 5 challenges, 1 MiB piece (15-level proofs)'] = gasOf(receipt)
    return gas
  },
}
