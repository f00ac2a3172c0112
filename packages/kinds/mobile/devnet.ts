import type { KindDevnet } from '../src/devnet.ts'
import { creditsCustomerDevnet } from '../src/devnetCredits.ts'
import { DEVNET_CARRIER_KEY } from './infrastructure.ts'
import type { MobileParams } from './params.ts'

/** Whole tokens the customer burns for credits at setup (all its genesis tokens): at 100,000 credits a token, 10⁹ credits, 100 TB at 100,000 bytes a credit. */
const MOBILE_DEVNET_CREDIT_TOKENS = 10_000n

/**
 * The devnet's customer of the mobile network is its carrier: it buys credits with its genesis
 * tokens and delegates them to the devnet carrier's key, the escrow the simulated radios' data
 * sessions are charged to. Helium Mobile's service provider does the same: buys DC and burns them
 * for its subscribers' bytes.
 */
export const mobileDevnet: KindDevnet<MobileParams> = creditsCustomerDevnet(DEVNET_CARRIER_KEY.publicKey, MOBILE_DEVNET_CREDIT_TOKENS)
