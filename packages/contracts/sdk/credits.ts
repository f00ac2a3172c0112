/**
 * Service credits in TypeScript: the maths of Credits.sol and its price sources, mirrored exactly
 * (integers, rounded toward zero as the contracts do), and the EIP-712 messages the oracles sign for
 * receipt settlements (Credits) and prices (QuorumPrice).
 */
import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem'

/** One whole token: prices are in credits per 10^18 base units (the PinionToken has 18 decimals). */
export const TOKEN_UNIT = 10n ** 18n

/** Helium's Data Credit price, $0.00001, in 18-decimal USD: ChainlinkPrice's `usdPerCredit` for DC-priced credits. */
export const HELIUM_USD_PER_CREDIT = 10n ** 13n

/** A devnet's credit price: 100,000 credits per token, a token at $1 with 1 credit = $0.00001 (Helium's DC). */
export const DEVNET_CREDITS_PER_TOKEN = 100_000n

/** Helium's maximum price age for minting Data Credits (`data-credits::mint_data_credits_v0`): 10 minutes. */
export const HELIUM_MAX_PRICE_AGE_SECONDS = 600

/**
 * Helium's net emission cap relative to its scheduled emission: 1,643.83561643 HNT per daily epoch
 * is 600,000 HNT a year, 8% of the 7.5 M HNT a year emitted since 2025-08-01 (HIP-20; docs HNT).
 */
export const HELIUM_NET_EMISSION_RATIO = { numerator: 2n, denominator: 25n } as const

/** One receipt the oracles settle (Credits' `Receipt`). */
export type Receipt = {
  /** The oracles' id of the receipt: each settles once, ever. */
  id: Hex
  /** Whose escrow pays: for wireless, the router's ed25519 public key. */
  serviceKey: Hex
  deviceId: Hex
  credits: bigint
}

/** What the oracles sign to settle one epoch's receipts (see `Credits.settleReceipts`). */
export type ReceiptSettlement = {
  epoch: bigint
  /** The oracle set's `oracleSetVersion()` when signed. */
  version: number
  receiptsHash: Hex
}

/** What the oracles sign for a price (see `QuorumPrice.update`). */
export type PriceUpdate = {
  /** Credits per whole token (10^18 base units). */
  creditsPerToken: bigint
  /** When the price was observed, unix seconds (chain time). */
  observedAt: bigint
  /** The oracle set's `oracleSetVersion()` when signed. */
  version: number
}

/** `Credits.creditsFor`: the credits `tokens` (base units) buy at `creditsPerToken`, `tokens · price / 10^18` toward zero. */
export function creditsForTokens(tokens: bigint, creditsPerToken: bigint): bigint {
  if (tokens < 0n || creditsPerToken < 0n) throw new RangeError(`creditsForTokens(${tokens}, ${creditsPerToken}): expected non-negative amounts`)
  return (tokens * creditsPerToken) / TOKEN_UNIT
}

/** `Credits.netEmissionOf`: the tokens an epoch re-mints for `tokensBurned` under `cap` (0: net emissions off). */
export function netEmissionOf(tokensBurned: bigint, cap: bigint): bigint {
  return tokensBurned < cap ? tokensBurned : cap
}

/**
 * `ChainlinkPrice.creditsPerToken`: credits per whole token from a feed's `answer` with `decimals`,
 * at `usdPerCredit` (18-decimal USD): `answer · 10^18 / 10^decimals / usdPerCredit`, toward zero.
 */
export function creditsPerTokenFromUsd(answer: bigint, decimals: number, usdPerCredit: bigint = HELIUM_USD_PER_CREDIT): bigint {
  if (answer <= 0n) throw new RangeError(`creditsPerTokenFromUsd: the answer is ${answer}, expected a positive price`)
  return (answer * TOKEN_UNIT) / (10n ** BigInt(decimals) * usdPerCredit)
}

/** The ABI type of `Receipt[]`, as Credits encodes it. */
const RECEIPTS_ABI = [
  {
    type: 'tuple[]',
    components: [
      { name: 'id', type: 'bytes32' },
      { name: 'serviceKey', type: 'bytes32' },
      { name: 'deviceId', type: 'bytes32' },
      { name: 'credits', type: 'uint256' },
    ],
  },
] as const

/**
 * `Credits.hashReceipts`: `keccak256(abi.encode(receipts))`, the ABI encoding of the `Receipt[]`
 * array alone (its offset word, its length, then each receipt's four words), in the order given.
 */
export function receiptsHash(receipts: readonly Receipt[]): Hex {
  return keccak256(encodeAbiParameters(RECEIPTS_ABI, [receipts]))
}

/** The EIP-712 message every oracle signs to settle an epoch's receipts (see `Credits.settleReceipts`). */
export function receiptSettlementTypedData(chainId: number, credits: Address, settlement: ReceiptSettlement) {
  return {
    domain: { name: 'Pinion Credits', version: '1', chainId, verifyingContract: credits },
    types: {
      ReceiptSettlement: [
        { name: 'epoch', type: 'uint64' },
        { name: 'version', type: 'uint32' },
        { name: 'receiptsHash', type: 'bytes32' },
      ],
    },
    primaryType: 'ReceiptSettlement',
    message: settlement,
  } as const
}

/** The EIP-712 message every oracle signs for a price (see `QuorumPrice.update`). */
export function priceUpdateTypedData(chainId: number, quorumPrice: Address, update: PriceUpdate) {
  return {
    domain: { name: 'Pinion QuorumPrice', version: '1', chainId, verifyingContract: quorumPrice },
    types: {
      PriceUpdate: [
        { name: 'creditsPerToken', type: 'uint256' },
        { name: 'observedAt', type: 'uint64' },
        { name: 'version', type: 'uint32' },
      ],
    },
    primaryType: 'PriceUpdate',
    message: update,
  } as const
}
