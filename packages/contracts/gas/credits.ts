/**
 * Credits' gas scenarios, snapshotted in gas-snapshots/Credits.json (QuorumPrice's update with them):
 * buying by burning tokens, minting for a payment, delegating, spending, settling receipts in
 * batches of 1 and 50, and a quorum-signed price update.
 *
 * The chain's clock is pinned (a fixed start, then 12 seconds a block), so that epochs, price times
 * and the token's vote checkpoints, and with them every signature and every gas figure, are the
 * same on every run.
 */
import { type Account, type Address, type Hex, getAddress, keccak256, toHex } from 'viem'
import { quorumPriceAbi, quorumPriceBytecode } from '../generated/artifacts.ts'
import { type Receipt, priceUpdateTypedData, receiptSettlementTypedData, receiptsHash } from '../sdk/credits.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { packOracleSignatures } from '../sdk/typedData.ts'
import type { Network } from '@pinion/testkit/localNetwork'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
/** 2100-01-01T00:00:00Z: where the scenarios start the clock, at an epoch boundary of any whole-hour epoch. */
const START = 4_102_444_800n
/** Seconds between blocks once the clock is pinned. */
const BLOCK_INTERVAL = 12
const PAYMENT_OPERATOR_ROLE = keccak256(toHex('PAYMENT_OPERATOR_ROLE'))

const gasOf = (receipt: { gasUsed: bigint }) => Number(receipt.gasUsed)
const serviceKey = (i: number): Hex => keccak256(toHex(`pinion-gas:router:${i}`))
/** `count` receipts of 100 credits each, spread over `keys` service keys, ids from `label`. */
const receipts = (label: string, count: number, keys: number): Receipt[] =>
  Array.from({ length: count }, (_, i) => ({
    id: keccak256(toHex(`pinion-gas:receipt:${label}:${i}`)),
    serviceKey: serviceKey(i % keys),
    deviceId: keccak256(toHex(`pinion-gas:device:${i}`)),
    credits: 100n,
  }))

/** The quorum's packed signatures of `typedData`. */
async function quorumSignatures(net: Network, typedData: Parameters<NonNullable<Account['signTypedData']>>[0]) {
  const signers = net.accounts.oracles.slice(0, Number(await net.contracts.distributor.read.quorum()))
  return packOracleSignatures(await Promise.all(signers.map(async (s) => ({ signer: s.address, signature: await s.signTypedData!(typedData) }))))
}

export async function measureCredits(net: Network): Promise<Record<string, number>> {
  const gas: Record<string, number> = {}
  const credits = net.contracts.credits
  const { token } = net.contracts
  // The gas network's admin holds the genesis tokens; a second account is a buyer of its own.
  const admin = net.accounts.admin
  const [, , , , , , , holder, market] = devnetAccounts(9) as Account[]
  const send = (account: Account, functionName: string, args: readonly unknown[]) => net.send(account, { ...credits, functionName, args })

  const { epochDuration, genesisTime } = net.params.emissions
  await net.testClient.setNextBlockTimestamp({ timestamp: START })
  await net.testClient.mine({ blocks: 1 })
  await net.testClient.setBlockTimestampInterval({ interval: BLOCK_INTERVAL })
  const epoch = (START - genesisTime) / epochDuration

  await net.send(admin, { ...token, functionName: 'approve', args: [credits.address, 1_000_000n * TOKEN] })
  // The token's burnFrom is most of a purchase: allowance, balance, supply, and its total-supply vote checkpoint.
  gas['burnForCredits: first purchase of the epoch, new account'] = gasOf(await send(admin, 'burnForCredits', [holder!.address, 100n * TOKEN]))
  gas['burnForCredits: new account, same epoch'] = gasOf(await send(admin, 'burnForCredits', [market!.address, 100n * TOKEN]))
  gas['burnForCredits: repeat purchase, same epoch'] = gasOf(await send(admin, 'burnForCredits', [holder!.address, 100n * TOKEN]))

  await net.governance({ ...credits, functionName: 'grantRole', args: [PAYMENT_OPERATOR_ROLE, market!.address] })
  await net.governance({ ...credits, functionName: 'setPaymentCapPerEpoch', args: [10n ** 12n] })
  gas['mintForPayment: payment operator, new account'] = gasOf(await send(market!, 'mintForPayment', [admin.address, 1_000_000n, keccak256(toHex('pinion-gas:payment:1'))]))

  // Escrows for the settlements: one key for the single receipt, five for the batch of 50.
  gas['delegate: first delegation to a service key'] = gasOf(await send(holder!, 'delegate', [serviceKey(100), 1_000n]))
  gas['delegate: adding to an escrow'] = gasOf(await send(holder!, 'delegate', [serviceKey(100), 1_000n]))
  for (let i = 0; i < 5; i++) await send(holder!, 'delegate', [serviceKey(i), 10_000n])

  await send(holder!, 'approve', [market!.address, 10n ** 9n])
  gas['spendFrom: a market burns an account’s credits'] = gasOf(await send(market!, 'spendFrom', [holder!.address, 500n, keccak256(toHex('pinion-gas:order'))]))

  // Settle the epoch just ended: first a single receipt, then the next epoch's 50.
  const version = await net.contracts.distributor.read.oracleSetVersion()
  const settle = async (settledEpoch: bigint, batch: Receipt[]) => {
    const typedData = receiptSettlementTypedData(net.chain.id, credits.address, { epoch: settledEpoch, version, receiptsHash: receiptsHash(batch) })
    return send(admin, 'settleReceipts', [settledEpoch, version, batch, await quorumSignatures(net, typedData)])
  }
  await net.testClient.setNextBlockTimestamp({ timestamp: genesisTime + (epoch + 1n) * epochDuration })
  await net.testClient.mine({ blocks: 1 })
  const one = gasOf(await settle(epoch, [{ ...receipts('one', 1, 1)[0]!, serviceKey: serviceKey(100) }]))
  await net.testClient.setNextBlockTimestamp({ timestamp: genesisTime + (epoch + 2n) * epochDuration })
  await net.testClient.mine({ blocks: 1 })
  const fifty = gasOf(await settle(epoch + 1n, receipts('fifty', 50, 5)))
  gas['settleReceipts: 1 receipt, 2-of-3 oracle signatures'] = one
  gas['settleReceipts: 50 receipts over 5 service keys, 2-of-3 oracle signatures'] = fifty
  gas['settleReceipts: each receipt beyond the first, in the batch of 50'] = Math.round((fifty - one) / 49)

  // A price from the oracles, first and then replacing it.
  const hash = await net.walletFor(admin).deployContract({ abi: quorumPriceAbi, bytecode: quorumPriceBytecode, args: [net.deployment.distributor] })
  const { contractAddress } = await waitForReceipt(net.publicClient, hash)
  const quorumPrice: Address = getAddress(contractAddress!)
  const { timestamp } = await net.publicClient.getBlock()
  const update = async (creditsPerToken: bigint, observedAt: bigint) => {
    const message = { creditsPerToken, observedAt, version }
    const signatures = await quorumSignatures(net, priceUpdateTypedData(net.chain.id, quorumPrice, message))
    return net.send(admin, { address: quorumPrice, abi: quorumPriceAbi, functionName: 'update', args: [message, signatures] })
  }
  gas['QuorumPrice.update: first price, 2-of-3 oracle signatures'] = gasOf(await update(100_000n, timestamp - 60n))
  gas['QuorumPrice.update: a newer price, 2-of-3 oracle signatures'] = gasOf(await update(101_000n, timestamp))
  return gas
}
