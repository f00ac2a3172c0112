import { seededRandom } from '@pinion/kinds'

/** Parts per million: the unit of the price model's rates. */
export const PPM = 1_000_000n

/**
 * The token's price as a mean-reverting random walk around an anchor. The price is an input of the
 * simulation, not an outcome: nothing here reacts to supply or burn.
 */
export type PriceWalk = {
  /** The price at epoch 0 and the anchor it reverts to, USD × 10^18 per whole token. */
  anchorUsd: bigint
  /** Share of the gap to the anchor closed each epoch, ppm. */
  reversionPpm: bigint
  /** Largest seeded move in one epoch, ppm of the price: each step is uniform in ±volatilityPpm. */
  volatilityPpm: bigint
  /** The walk never goes below this price. */
  floorUsd: bigint
}

/**
 * `epochs` prices: `p[0] = anchor`, then
 * `p[e] = max(floor, p[e-1] + (anchor - p[e-1]) * reversion / 10^6 + p[e-1] * step[e] / 10^6)`,
 * divisions toward zero, `step[e]` drawn from `seededRandom(seed)` (integer arithmetic throughout, so
 * the same seed gives the same path on every platform). Its spread (one standard deviation) settles near
 * `volatility / sqrt(6 · reversion)` of the anchor: ≈ 9 % for ±3 % steps reverting 2 % a day.
 */
export function priceWalk(epochs: number, walk: PriceWalk, seed: number): bigint[] {
  if (walk.anchorUsd <= 0n || walk.floorUsd <= 0n) throw new RangeError(`a price walk needs a positive anchor and floor, got ${walk.anchorUsd} and ${walk.floorUsd}`)
  if (walk.reversionPpm < 0n || walk.reversionPpm > PPM) throw new RangeError(`reversionPpm is ${walk.reversionPpm}, expected 0 to 1,000,000`)
  if (walk.volatilityPpm < 0n || walk.volatilityPpm >= PPM) throw new RangeError(`volatilityPpm is ${walk.volatilityPpm}, expected 0 to 999,999`)
  const random = seededRandom(seed)
  // random() is an integer over 2^32; times 2v + 1 (below 2^21) it stays exact in a double.
  const span = Number(2n * walk.volatilityPpm + 1n)
  const prices: bigint[] = []
  let price = walk.anchorUsd
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (epoch > 0) {
      const step = BigInt(Math.floor(random() * span)) - walk.volatilityPpm
      price += ((walk.anchorUsd - price) * walk.reversionPpm) / PPM + (price * step) / PPM
      if (price < walk.floorUsd) price = walk.floorUsd
    }
    prices.push(price)
  }
  return prices
}
