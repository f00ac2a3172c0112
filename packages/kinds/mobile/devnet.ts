import { type Hex, parseAbi } from 'viem'
import type { DevnetContext, KindDevnet } from '../src/devnet.ts'
import type { MobileParams } from './params.ts'
import { DEVNET_CARRIER_KEY } from './infrastructure.ts'

/** Whole tokens the customer burns for credits at setup (all its genesis tokens): at 100,000 credits a token, 10⁹ credits, 100 TB at 100,000 bytes a credit. */
const MOBILE_DEVNET_CREDIT_TOKENS = 10_000n

/**
 * The devnet's customer of the mobile network is its carrier: at setup it burns
 * MOBILE_DEVNET_CREDIT_TOKENS for credits (at the network's price) and delegates every credit it
 * holds — those and any a payment operator minted for its card payments — to the devnet carrier's
 * key, the escrow the simulated radios' data sessions are charged to. Helium Mobile's service
 * provider does the same: buys DC and burns them for its subscribers' bytes.
 */
export const mobileDevnet: KindDevnet<MobileParams> = {
  genesisTokens: MOBILE_DEVNET_CREDIT_TOKENS,
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
async function buyAndDelegate(ctx: DevnetContext<MobileParams>): Promise<void> {
  const credits = ctx.credits!
  const customer = ctx.customer
  const carrier = DEVNET_CARRIER_KEY.publicKey.toLowerCase() as Hex
  const send = async (request: Parameters<typeof customer.writeContract>[0]) => {
    const hash = await customer.writeContract(request)
    await ctx.client.waitForTransactionReceipt({ hash })
  }
  if ((await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'escrowOf', args: [carrier] })) === 0n) {
    const tokens = MOBILE_DEVNET_CREDIT_TOKENS * TOKEN_UNIT
    await send({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [credits, tokens] })
    await send({ address: credits, abi: CREDITS_ABI, functionName: 'burnForCredits', args: [customer.account.address, tokens] })
  }
  const held = await ctx.client.readContract({ address: credits, abi: CREDITS_ABI, functionName: 'balanceOf', args: [customer.account.address] })
  if (held > 0n) await send({ address: credits, abi: CREDITS_ABI, functionName: 'delegate', args: [carrier, held] })
}
