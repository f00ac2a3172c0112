import { TOKEN } from './credits.ts'
import { type RevenueMode, WHOLE_SPEND_UP_TO_EMISSION } from './operatorRevenue.ts'
import type { TokenomicsParams } from './tokenomicsModel.ts'

/**
 * HNT's emission since the 2025-08-01 halving: 7.5 M HNT a year, ≈ 20,548 HNT per daily epoch
 * (HIP-20; helium/docs `tokens/hnt-token.mdx`; helium.md §5.2).
 */
const HELIUM_EPOCH_EMISSION = 20_548n * TOKEN

/** HIP-20: a halving every two years, 730 daily epochs (Helium's epoch is 24 h, `EPOCH_LENGTH = 86400`). */
const HELIUM_HALVING_INTERVAL_EPOCHS = 730n

/**
 * HIP-20 net emissions: Helium re-mints burnt HNT up to 1,643.83561643 HNT per epoch, 8 % of its
 * 20,548 HNT daily emission (600,000 of 7,500,000 a year). The simulator keeps the ratio: 8 % of
 * the initial epoch emission.
 */
const HELIUM_NET_EMISSION_CAP_PERCENT = 8n

/** HNT's supply on chain before HIP-149's supplement: ≈ 182.5 M (HIP-149; helium.md §5.2). */
const HELIUM_SUPPLY = 182_500_000n * TOKEN

/** HNT's effective ceiling before HIP-149: ≈ 206 M (helium/docs `tokens/hnt-token.mdx`; helium.md §5.2). */
const HELIUM_EFFECTIVE_CAP = 206_000_000n * TOKEN

/**
 * The simulator's default network, shaped like Helium since its 2025 halving: 20,548 tokens per
 * daily epoch halving every 730 epochs, starting from 182.5 M tokens under a 206 M cap, with net
 * emissions capped at 8 % of the emission (in revenue-share mode, off, and operators paid all of the
 * spend up to all of the emission).
 */
export function heliumLikeParams(mode: RevenueMode = 'net-emissions'): TokenomicsParams {
  return {
    schedule: { initialEpochEmission: HELIUM_EPOCH_EMISSION, halvingInterval: HELIUM_HALVING_INTERVAL_EPOCHS },
    cap: HELIUM_EFFECTIVE_CAP,
    initialSupply: HELIUM_SUPPLY,
    netEmissionCapPerEpoch: mode === 'net-emissions' ? (HELIUM_EPOCH_EMISSION * HELIUM_NET_EMISSION_CAP_PERCENT) / 100n : 0n,
    mode,
    revenueShare: WHOLE_SPEND_UP_TO_EMISSION,
  }
}
