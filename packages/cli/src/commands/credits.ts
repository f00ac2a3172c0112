import { creditsAbi, pinionTokenAbi } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import { Command } from 'commander'
import { type Address, type Hex, createWalletClient, http, parseEventLogs, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type GovSigner, type NetworkFlags, connect, stateFrom } from '../gov/connect.ts'
import { parseAddress, parseBytes32, parseWhole } from '../gov/parse.ts'
import { send } from '../gov/send.ts'
import type { NetworkState } from '../state.ts'
import { amountFormat, formatTokens, output } from './output.ts'
import { KEY_FILE_HELP, senderKey } from './senderKey.ts'

type Flags = NetworkFlags & { json?: boolean; keyFile?: string }

/** The network's Credits, or an error saying the network predates them. */
function creditsOf(state: NetworkState): Address {
  const address = state.deployment.credits as Address | undefined
  if (address === undefined) {
    throw new PinionError(
      'PINION_ERR_CREDITS_NETWORK',
      `the network "${state.name}" was deployed by an earlier Pinion, without service credits; deploy it again (or delete the devnet's data directory) to have them`,
    )
  }
  return address
}

/** A token amount in whole tokens, up to 18 decimals ("12.5"), as base units; more than zero. */
export function parseTokens(value: string): bigint {
  const digits = value.replace(/[_,]/g, '')
  if (!/^\d+(\.\d{1,18})?$/.test(digits))
    throw new PinionError('PINION_ERR_CREDITS_AMOUNT', `the tokens to burn are "${value}", expected a number of tokens with up to 18 decimals (12.5)`)
  const tokens = parseUnits(digits, 18)
  if (tokens === 0n) throw new PinionError('PINION_ERR_CREDITS_AMOUNT', 'the tokens to burn are 0, expected more than zero')
  return tokens
}

function signerFor(state: NetworkState, keyFile: string | undefined): GovSigner {
  const gov = connect(state)
  const account = privateKeyToAccount(senderKey(state, keyFile))
  const wallet = createWalletClient({ account, chain: gov.client.chain, transport: http(state.rpcUrl), pollingInterval: gov.client.pollingInterval })
  return { ...gov, wallet }
}

/**
 * Burns `tokens` (base units) of the sender's for credits credited to `account` (the sender by
 * default): approves Credits for the tokens when its allowance falls short, then buys.
 */
async function buyCredits(state: NetworkState, tokens: bigint, options: { account?: Address; keyFile?: string } = {}) {
  const credits = { address: creditsOf(state), abi: creditsAbi } as const
  const signer = signerFor(state, options.keyFile)
  const payer = signer.wallet.account.address
  const account = options.account ?? payer
  const token = { address: state.deployment.token, abi: pinionTokenAbi } as const
  const allowance = await signer.client.readContract({ ...token, functionName: 'allowance', args: [payer, credits.address] })
  if (allowance < tokens)
    await send(signer, { ...token, functionName: 'approve', args: [credits.address, tokens] }, `approving Credits to burn ${formatTokens(tokens)} of ${payer}'s`)
  const { transaction, receipt } = await send(signer, { ...credits, functionName: 'burnForCredits', args: [account, tokens] }, `burning ${formatTokens(tokens)} for credits`)
  const [bought] = parseEventLogs({ abi: creditsAbi, logs: receipt.logs, eventName: 'CreditsBought' })
  if (bought === undefined) throw new Error(`transaction ${transaction} bought no credits`)
  const balance = await signer.client.readContract({ ...credits, functionName: 'balanceOf', args: [account] })
  return { payer, account, tokens, credits: bought.args.credits, price: bought.args.price, epoch: bought.args.epoch, balance, transaction }
}

/** `account`'s credits and, with `serviceKey`, that key's escrow. */
async function creditsBalance(state: NetworkState, account: Address, serviceKey?: Hex) {
  const credits = { address: creditsOf(state), abi: creditsAbi } as const
  const { client } = connect(state)
  const balance = await client.readContract({ ...credits, functionName: 'balanceOf', args: [account] })
  if (serviceKey === undefined) return { account, credits: balance }
  const escrow = await client.readContract({ ...credits, functionName: 'escrowOf', args: [serviceKey] })
  return { account, credits: balance, serviceKey, escrow }
}

/** Delegates `amount` of the sender's credits to `serviceKey`'s escrow, for good. */
async function delegateCredits(state: NetworkState, serviceKey: Hex, amount: bigint, keyFile?: string) {
  const credits = { address: creditsOf(state), abi: creditsAbi } as const
  const signer = signerFor(state, keyFile)
  const account = signer.wallet.account.address
  const { transaction } = await send(signer, { ...credits, functionName: 'delegate', args: [serviceKey, amount] }, `delegating ${amount} credits to ${serviceKey}`)
  const [balance, escrow] = await Promise.all([
    signer.client.readContract({ ...credits, functionName: 'balanceOf', args: [account] }),
    signer.client.readContract({ ...credits, functionName: 'escrowOf', args: [serviceKey] }),
  ])
  return { account, serviceKey, credits: amount, escrow, balance, transaction }
}

const whole = (n: bigint) => n.toLocaleString('en')

/** Options every credits command takes: where the network is described, and --json. */
function withNetwork(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where `pinion up` keeps its state (default .pinion)')
    .option('--network <file>', 'the network file `pinion deploy` wrote, instead of --data-dir')
    .option('--json', 'machine-readable output')
}

export function creditsCommand(): Command {
  const credits = new Command('credits').description('service credits: buy them by burning tokens, see balances and escrows, delegate them to a service key')
  withNetwork(credits.command('buy').description('burn tokens for credits, at the price source’s price (1 credit = $0.00001 on the devnet’s default price)'))
    .argument('<tokens>', 'tokens to burn, in whole tokens (decimals allowed: 12.5)')
    .option('--for <address>', 'the account the credits go to (default: the sender)')
    .option('--key-file <path>', KEY_FILE_HELP)
    .action(async (tokens: string, flags: Flags & { for?: string }) => {
      const state = stateFrom(flags)
      const amount = parseTokens(tokens)
      const account = flags.for === undefined ? undefined : parseAddress(flags.for, '--for')
      const result = await buyCredits(state, amount, { ...(account === undefined ? {} : { account }), ...(flags.keyFile === undefined ? {} : { keyFile: flags.keyFile }) })
      const formatTokens = await amountFormat(state, false)
      output(Boolean(flags.json), result, () =>
        [
          `bought ${whole(result.credits)} credits for ${result.account} with ${formatTokens(result.tokens)} at ${whole(result.price)} credits per token (epoch ${result.epoch}) in ${result.transaction}`,
          `balance ${whole(result.balance)} credits`,
        ].join('\n'),
      )
    })
  withNetwork(credits.command('balance').description("an account's credits and, with --service, a service key's escrow"))
    .argument('[address]', 'the account (default: the sender --key-file or PINION_KEY names, else the devnet’s first account)')
    .option('--service <key>', 'a service key (0x and 32 bytes: a router’s ed25519 public key) whose escrow to show')
    .option('--key-file <path>', KEY_FILE_HELP)
    .action(async (address: string | undefined, flags: Flags & { service?: string }) => {
      const state = stateFrom(flags)
      const account = address === undefined ? privateKeyToAccount(senderKey(state, flags.keyFile)).address : parseAddress(address, 'the account')
      const serviceKey = flags.service === undefined ? undefined : parseBytes32(flags.service, '--service')
      const result = await creditsBalance(state, account, serviceKey)
      output(Boolean(flags.json), result, () =>
        [`${result.account}  ${whole(result.credits)} credits`, ...('escrow' in result ? [`${result.serviceKey}  ${whole(result.escrow)} credits in escrow`] : [])].join('\n'),
      )
    })
  withNetwork(credits.command('delegate').description('move credits into a service key’s escrow, for good: the oracles settle its usage from there'))
    .argument('<serviceKey>', 'the service key (0x and 32 bytes: a router’s ed25519 public key)')
    .argument('<credits>', 'how many credits (whole numbers)')
    .option('--key-file <path>', KEY_FILE_HELP)
    .action(async (serviceKey: string, amount: string, flags: Flags) => {
      const state = stateFrom(flags)
      const result = await delegateCredits(state, parseBytes32(serviceKey, 'the service key'), parseWhole(amount, 'the credits to delegate', 1n), flags.keyFile)
      output(Boolean(flags.json), result, () =>
        [
          `delegated ${whole(result.credits)} credits from ${result.account} to ${result.serviceKey} in ${result.transaction}`,
          `escrow ${whole(result.escrow)} credits; balance ${whole(result.balance)} credits`,
        ].join('\n'),
      )
    })
  return credits
}
