import { Command } from 'commander'
import { type SplitState, deviceRegistryAbi, readSplit, rewardSplitAbi, rewardSplitFactoryAbi, splitAddress } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import { type Address, type Hex, parseEventLogs, zeroHash } from 'viem'
import { type GovSigner, type NetworkFlags, connect, connectSigner, stateFrom } from '../gov/connect.ts'
import { GovError } from '../gov/errors.ts'
import { parseAddress, parseBytes32, parseDeviceId, parseWhole } from '../gov/parse.ts'
import { send } from '../gov/send.ts'
import type { NetworkState } from '../state.ts'
import { withNetworkOptions, withSignerOptions } from './gov.ts'
import { amountFormat, output } from './output.ts'

type Flags = NetworkFlags & { json?: boolean; account?: string }

/** `RewardSplit.MAX_TOTAL_SHARES`: a payee's shares fit in 64 bits. */
const MAX_SHARES = (1n << 64n) - 1n

/** `--payee <address>:<shares>`, as many times as there are payees. */
function parsePayee(value: string): { payee: Address; shares: bigint } {
  const colon = value.lastIndexOf(':')
  if (colon < 0) throw new GovError('PINION_ERR_GOV_NUMBER', `--payee is "${value}", expected <address>:<shares>, e.g. 0x70997970C51812dc3A010C7d01b50e0d17dc79C8:30`)
  return { payee: parseAddress(value.slice(0, colon), 'the payee'), shares: parseWhole(value.slice(colon + 1), `the shares of ${value.slice(0, colon)}`, 1n, MAX_SHARES) }
}

/** The network's RewardSplitFactory; a network deployed before reward splits has none. */
function splitFactoryOf(state: NetworkState): Address {
  const factory = state.deployment.splitFactory as Address | undefined
  if (factory === undefined) {
    throw new PinionError(
      'PINION_ERR_OLD_NETWORK',
      `the network "${state.name}" was deployed by an earlier Pinion, without reward splits (its deployment has no splitFactory); deploy it again to use them`,
    )
  }
  return factory
}

type CreatedSplit = {
  split: Address
  payees: { payee: Address; shares: bigint }[]
  /** The transaction that created the split, or null when it already existed (the same payees, shares and salt). */
  created: Hex | null
  /** With a device: the transaction that made the split the device's rewards recipient. */
  recipient: { deviceId: bigint; transaction: Hex } | null
}

/**
 * Creates the split paying `payees` (unless it exists: its address commits to the payees, shares and
 * salt) and, with `deviceId`, makes it the device's rewards recipient: the signer must own the device.
 */
async function createSplit(signer: GovSigner, payees: readonly { payee: Address; shares: bigint }[], options: { deviceId?: bigint; salt?: Hex } = {}): Promise<CreatedSplit> {
  const factory = splitFactoryOf(signer.state)
  const salt = options.salt ?? zeroHash
  const terms = { payees: payees.map((p) => p.payee), shares: payees.map((p) => p.shares), salt }
  const split = splitAddress(factory, terms, await signer.client.readContract({ address: factory, abi: rewardSplitFactoryAbi, functionName: 'implementation' }))
  let created: Hex | null = null
  if ((await signer.client.getCode({ address: split })) === undefined) {
    const call = { address: factory, abi: rewardSplitFactoryAbi, functionName: 'createSplit', args: [terms.payees, terms.shares, salt] } as const
    created = (await send(signer, call, 'creating the split')).transaction
  }
  let recipient: CreatedSplit['recipient'] = null
  if (options.deviceId !== undefined) {
    const call = { address: signer.state.deployment.registry, abi: deviceRegistryAbi, functionName: 'setRecipient', args: [options.deviceId, split] } as const
    const { transaction } = await send(signer, call, `making the split device ${options.deviceId}'s rewards recipient`)
    recipient = { deviceId: options.deviceId, transaction }
  }
  return { split, payees: [...payees], created, recipient }
}

/** The split at `address`; an error when no split is there. */
async function showSplit(state: NetworkState, address: Address): Promise<SplitState> {
  const { client } = connect(state)
  if ((await client.getCode({ address })) === undefined) throw new GovError('PINION_ERR_GOV_ADDRESS', `${address} has no code, expected a reward split`)
  return readSplit(client, address)
}

/** Pays every payee of the split at `address` what it is due; `transaction` is null when nobody was due anything. */
async function releaseSplit(signer: GovSigner, address: Address) {
  const before = await showSplit(signer.state, address)
  if (before.payees.every((p) => p.releasable === 0n)) return { split: address, transaction: null, paid: [] as { payee: Address; amount: bigint }[] }
  const { transaction, receipt } = await send(signer, { address, abi: rewardSplitAbi, functionName: 'releaseAll' }, 'releasing the split')
  const paid = parseEventLogs({ abi: rewardSplitAbi, logs: receipt.logs, eventName: 'PaymentReleased' }).map((log) => ({ payee: log.args.payee, amount: log.args.amount }))
  return { split: address, transaction, paid }
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function splitCommand(): Command {
  const split = new Command('split').description("reward splits: a device's rewards shared between payees in fixed proportions")

  withSignerOptions(
    split
      .command('create')
      .description("create a reward split and, with --device, make it the device's rewards recipient (send as the device's owner)")
      .requiredOption('--payee <address:shares>', 'a payee and its shares (repeat for each payee; parts are shares / total shares)', collect)
      .option('--device <id>', "make the split this device's rewards recipient (0x + 64 hex digits, or decimal)")
      .option('--salt <bytes32>', 'tells apart two splits with the same payees and shares (default zero)'),
  ).action(async (flags: Flags & { payee: string[]; device?: string; salt?: string }) => {
    const payees = flags.payee.map(parsePayee)
    const deviceId = flags.device === undefined ? undefined : parseDeviceId(flags.device)
    const salt = flags.salt === undefined ? undefined : parseBytes32(flags.salt, '--salt')
    const signer = connectSigner(stateFrom(flags), flags.account)
    const result = await createSplit(signer, payees, { ...(deviceId === undefined ? {} : { deviceId }), ...(salt === undefined ? {} : { salt }) })
    const total = payees.reduce((sum, p) => sum + p.shares, 0n)
    output(Boolean(flags.json), result, () =>
      [
        result.created === null ? `split ${result.split} already exists` : `created split ${result.split} in ${result.created}`,
        ...result.payees.map((p) => `  ${p.payee}  ${p.shares} of ${total} shares`),
        ...(result.recipient === null
          ? []
          : [`device 0x${result.recipient.deviceId.toString(16).padStart(64, '0')} now pays its rewards to the split (${result.recipient.transaction})`]),
      ].join('\n'),
    )
  })

  withNetworkOptions(split.command('show').description('a split’s payees, their shares, what each was paid and can be paid now').argument('<address>', 'the split')).action(
    async (address: string, flags: Flags) => {
      const network = stateFrom(flags)
      const state = await showSplit(network, parseAddress(address, 'the split'))
      const formatTokens = await amountFormat(network, false)
      output(Boolean(flags.json), state, () =>
        [
          `split ${state.address}: received ${formatTokens(state.totalReceived)}, released ${formatTokens(state.totalReleased)}`,
          ...state.payees.map(
            (p) => `  ${p.payee}  ${`${p.shares}/${state.totalShares}`.padEnd(12)} released ${formatTokens(p.released).padEnd(18)} claimable ${formatTokens(p.releasable)}`,
          ),
        ].join('\n'),
      )
    },
  )

  withSignerOptions(split.command('release').description('pay every payee of a split what it is due (anyone may)').argument('<address>', 'the split')).action(
    async (address: string, flags: Flags) => {
      const network = stateFrom(flags)
      const signer = connectSigner(network, flags.account)
      const result = await releaseSplit(signer, parseAddress(address, 'the split'))
      const formatTokens = await amountFormat(network, false)
      output(Boolean(flags.json), result, () =>
        result.transaction === null
          ? `nothing to release from ${result.split}`
          : [`released from ${result.split} in ${result.transaction}`, ...result.paid.map((p) => `  ${p.payee}  ${formatTokens(p.amount)}`)].join('\n'),
      )
    },
  )
  return split
}
