/**
 * What the staking and slashing tests share: a network whose users and oracles hold tokens from
 * genesis and have approved Staking, and helpers to read Staking's events and sign slash orders.
 */
import { type Account, type Address, type Hex, type TransactionReceipt, parseEventLogs } from 'viem'
import { stakingAbi } from '../generated/artifacts.ts'
import type { DeployParams } from '../sdk/deploy.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { type SlashOrder, SubjectType, deviceSubject, reasonCode, slashOrderTypedData } from '../sdk/staking.ts'
import { packOracleSignatures } from '../sdk/typedData.ts'
import { workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { word } from '@pinion/testkit/words'

export const TOKEN = 10n ** 18n
/** What every user and oracle holds from genesis. */
export const GENESIS = 10_000n * TOKEN
export const DAY = 86_400n

// The local network's accounts (localNetwork.ts): admin, three oracles, the maker, five users, the guardian.
const accounts = devnetAccounts(11)
export const oracleAccounts = accounts.slice(1, 4) as unknown as [Account, Account, Account]
export const [owner, buyer, alice, bob, stranger] = accounts.slice(5, 10) as unknown as [Account, Account, Account, Account, Account]
const holders = [...oracleAccounts, owner, buyer, alice, bob, stranger]

/** A network whose users and oracles hold GENESIS each and have approved Staking for all of it. */
export async function stakingNetwork(deploy: Partial<DeployParams> = {}): Promise<Network> {
  const net = await workerNetwork({
    deploy: {
      token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: holders.map((a) => ({ holder: a.address, amount: GENESIS })) },
      ...deploy,
    },
  })
  for (const account of holders) await net.send(account, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.staking, GENESIS] })
  return net
}

/** Staking's address and ABI, for `net.send`. */
export const stakingOf = (net: Network) => ({ address: net.deployment.staking, abi: stakingAbi }) as const

/** Staking's events in a receipt, by name and arguments. */
export const eventsOf = (receipt: TransactionReceipt) =>
  parseEventLogs({ abi: stakingAbi, logs: receipt.logs }).map((log) => ({ eventName: log.eventName, args: log.args as Record<string, unknown> }))

/** The block time of a receipt. */
export const timestampOf = async (net: Network, receipt: TransactionReceipt) => (await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp

/** A slash order of `deviceId` for 10 tokens, signed under the distributor's current version, unless `fields` say otherwise. */
export async function orderOf(net: Network, fields: Partial<SlashOrder> & { deviceId?: bigint } = {}): Promise<SlashOrder> {
  const { deviceId = 1n, ...rest } = fields
  return {
    epoch: 3n,
    version: await net.contracts.distributor.read.oracleSetVersion(),
    subjectType: SubjectType.Device,
    subject: deviceSubject(deviceId),
    amount: 10n * TOKEN,
    reason: reasonCode('wireless.BEACON_REPLAY'),
    evidenceHash: word(0xe1),
    ...rest,
  }
}

/** `order` signed by `signers` (default: the first two oracles, a quorum), packed as Staking takes them. */
export async function signOrder(net: Network, order: SlashOrder, signers: readonly Account[] = oracleAccounts.slice(0, 2)): Promise<Hex> {
  const typedData = slashOrderTypedData(net.chain.id, net.deployment.staking, order)
  return packOracleSignatures(await Promise.all(signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) }))))
}

/** Proposes `order` signed by a quorum, sent by `stranger` (anyone may); its id and receipt. */
export async function propose(net: Network, order: SlashOrder): Promise<{ id: Hex; receipt: TransactionReceipt }> {
  const receipt = await net.send(stranger, { ...stakingOf(net), functionName: 'proposeSlash', args: [order, await signOrder(net, order)] })
  const proposed = eventsOf(receipt).find((e) => e.eventName === 'SlashProposed')
  return { id: proposed!.args.id as Hex, receipt }
}

/** The token balance of `address`. */
export const balanceOf = (net: Network, address: Address) => net.contracts.token.read.balanceOf([address])
