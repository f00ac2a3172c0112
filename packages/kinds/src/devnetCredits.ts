import { type Hex, parseAbi } from 'viem'
import type { DevnetContext, KindDevnet } from './devnet.ts'

const TOKEN_UNIT = 10n ** 18n
const CREDITS_ABI = parseAbi([
  'function burnForCredits(address account, uint256 tokens) returns (uint256)',
  'function delegate(bytes32 serviceKey, uint256 credits)',
  'function balanceOf(address account) view returns (uint256)',
  'function escrowOf(bytes32 serviceKey) view returns (uint256)',
])
const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])

/**
 * The devnet hooks of a kind whose customer pays in credits charged to one service key (a
 * router's, a carrier's): the customer gets `tokens` whole tokens at genesis and, at setup, burns
 * them all for credits (at the network's price) and delegates every credit it holds — those and any
 * a payment operator minted for its card payments — to `serviceKey`, the escrow the simulated
 * devices' usage receipts are charged to. Helium's customers do the same: buy DC, delegate them to
 * their router's (or carrier's) payer key. Networks without a Credits contract do nothing.
 */
export function creditsCustomerDevnet<params>(serviceKey: Hex, tokens: bigint): KindDevnet<params> {
  return {
    genesisTokens: tokens,
    async setup(ctx) {
      if (ctx.credits === undefined) return
      await buyAndDelegate(ctx, serviceKey.toLowerCase() as Hex, tokens)
    },
  }
}

/** Buys the customer's credits once (an escrow already funded means setup ran), then delegates whatever it holds. */
async function buyAndDelegate<params>(ctx: DevnetContext<params>, serviceKey: Hex, wholeTokens: bigint): Promise<void> {
  const credits = ctx.credits!
  const customer = ctx.customer
  const send = async (request: Parameters<typeof customer.writeContract>[0]) => {
    const hash = await customer.writeContract(request)
    await ctx.receiptOf(hash)
  }
  if ((await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'escrowOf', args: [serviceKey] })) === 0n) {
    const tokens = wholeTokens * TOKEN_UNIT
    await send({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [credits, tokens] })
    await send({ address: credits, abi: CREDITS_ABI, functionName: 'burnForCredits', args: [customer.account.address, tokens] })
  }
  const held = await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'balanceOf', args: [customer.account.address] })
  if (held > 0n) await send({ address: credits, abi: CREDITS_ABI, functionName: 'delegate', args: [serviceKey, held] })
}
