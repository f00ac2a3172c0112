/**
 * Service credits (Helium's Data Credits): non-transferable, minted only by burning the token, at a
 * fixed dollar value. All amounts are integers, every division rounds toward zero, as Credits.sol.
 */

/** One whole token: the token has 18 decimals. */
export const TOKEN = 10n ** 18n

/** USD amounts are fixed point with 18 decimals: 1 USD is 10^18. */
export const USD = 10n ** 18n

/** 1 credit = $0.00001 (Helium: 1 DC = $0.00001, docs `tokens/data-credit.mdx`), in USD × 10^18. */
const USD_PER_CREDIT = 10n ** 13n

/**
 * Credits one whole token buys at `priceUsd` (USD × 10^18 per token): `price / $0.00001`, toward
 * zero. A token at $3 buys 300,000 credits. A price below one credit's worth gives 0 credits: no
 * one can buy credits with such a token, which the model refuses (see tokensForCredits).
 */
export function creditsPerToken(priceUsd: bigint): bigint {
  if (priceUsd < 0n) throw new RangeError(`price is ${priceUsd}, expected 0 or more`)
  return priceUsd / USD_PER_CREDIT
}

/** Credits bought by burning `tokens` (18 decimals): `tokens * creditsPerToken / 10^18`, toward zero, as Credits.sol mints them. */
export function creditsFor(tokens: bigint, perToken: bigint): bigint {
  if (tokens < 0n || perToken < 0n) throw new RangeError(`${tokens} tokens at ${perToken} credits per token: expected amounts of 0 or more`)
  return (tokens * perToken) / TOKEN
}

/**
 * Tokens to burn for `credits` at `perToken` credits per token: `credits * 10^18 / creditsPerToken`,
 * toward zero, so that the customer never burns more than the credits are worth; creditsFor of the
 * result may be one credit ($0.00001) short of `credits`. Also the value in tokens of spent credits.
 */
export function tokensForCredits(credits: bigint, perToken: bigint): bigint {
  if (perToken <= 0n) throw new RangeError(`credits per token is ${perToken}: a token worth less than one credit ($0.00001) buys none`)
  if (credits < 0n) throw new RangeError(`credits is ${credits}, expected 0 or more`)
  return (credits * TOKEN) / perToken
}

/** Whole credits worth `usd` (USD × 10^18), toward zero. */
export function creditsWorth(usd: bigint): bigint {
  if (usd < 0n) throw new RangeError(`usd is ${usd}, expected 0 or more`)
  return usd / USD_PER_CREDIT
}

/** The dollar value (USD × 10^18) of `tokens` at `priceUsd`, toward zero. */
export function usdValue(tokens: bigint, priceUsd: bigint): bigint {
  return (tokens * priceUsd) / TOKEN
}
