import type { KindDevnet } from '../src/devnet.ts'
import { creditsCustomerDevnet } from '../src/devnetCredits.ts'
import type { WirelessParams } from './params.ts'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'

/** Whole tokens the customer burns for credits at setup (all its genesis tokens): at 100,000 credits a token, 10⁹ credits, about 24 GB at 24 bytes a credit. */
const WIRELESS_DEVNET_CREDIT_TOKENS = 10_000n

/**
 * The devnet's customer of the wireless network buys credits with its genesis tokens and delegates
 * them to the devnet router's key, the escrow the simulated hotspots' data transfers are charged to.
 */
export const wirelessDevnet: KindDevnet<WirelessParams> = creditsCustomerDevnet(DEVNET_ROUTER_KEY.publicKey, WIRELESS_DEVNET_CREDIT_TOKENS)
