import { type Hex, parseAbi } from 'viem'
import type { DevnetContext, KindDevnet } from '../src/devnet.ts'
import type { WirelessParams } from './params.ts'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'

/** Whole tokens the customer burns for credits at setup (all its genesis tokens): at 100,000 credits a token, 10⁹ credits, about 24 GB at 24 bytes a credit. */
const WIRELESS_DEVNET_CREDIT_TOKENS = 10_000n

/**
 * The devnet's customer of the wireless network: at setup it burns WIRELESS_DEVNET_CREDIT_TOKENS for
 * credits (at the network's price) and delegates every credit it holds — those and any a payment
 * operator minted for its card payments — to the devnet router's key, the escrow the simulated
 * hotspots' data transfers are charged to. Helium's customers do the same: buy DC, delegate them to
 * their router's payer key.
 */
export const wirelessDevnet: KindDevnet<WirelessParams> = {
  genesisTokens: WIRELESS_DEVNET_CREDIT_TOKENS,
  async setup(ctx) {
    if (ctx.credits === undefined) return
    await buyAndDelegate(ctx)
  },
}

const TOKEN_UNIT = 10n ** 18n
const CREDITS_ABI = parseAbi([
  'function burnForCredits(address account, uint256 tokens) returns (uint256)',
  'function delegate(bytes32 serviceKey, uint256 credits)',
  'function balanceOf(address account) view returns (uint256)',
  'function escrowOf(bytes32 serviceKey) view returns (uint256)',
])
const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])

/** Buys the customer's credits once (an escrow already funded means setup ran), then delegates whatever it holds. */
async function buyAndDelegate(ctx: DevnetContext<WirelessParams>): Promise<void> {
  const credits = ctx.credits!
  const customer = ctx.customer
  const router = DEVNET_ROUTER_KEY.publicKey.toLowerCase() as Hex
  const send = async (request: Parameters<typeof customer.writeContract>[0]) => {
    const hash = await customer.writeContract(request)
    await ctx.client.waitForTransactionReceipt({ hash })
  }
  if ((await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'escrowOf', args: [router] })) === 0n) {
    const tokens = WIRELESS_DEVNET_CREDIT_TOKENS * TOKEN_UNIT
    await send({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [credits, tokens] })
    await send({ address: credits, abi: CREDITS_ABI, functionName: 'burnForCredits', args: [customer.account.address, tokens] })
  }
  const held = await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'balanceOf', args: [customer.account.address] })
  if (held > 0n) await send({ address: credits, abi: CREDITS_ABI, functionName: 'delegate', args: [router, held] })
}
