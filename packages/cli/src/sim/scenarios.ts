import { USD } from './credits.ts'
import { type PriceWalk, priceWalk } from './priceModel.ts'
import { type Shock, applyShock } from './shock.ts'
import type { DemandPath } from './tokenomicsModel.ts'

export const SCENARIO_NAMES = ['flat', 'growing', 'shock'] as const
export type ScenarioName = (typeof SCENARIO_NAMES)[number]

/** A moment worth marking on a plot. */
type ScenarioEvent = { epoch: number; label: string }

export type Scenario = { name: ScenarioName; title: string; description: string; path: DemandPath; events: readonly ScenarioEvent[] }

/**
 * Customers' spend on service at the start: $30,000 a day, 3,000,000,000 credits, about half the
 * emission's worth at $3 (10,000 of 20,548 tokens), so that growth crosses the emission within the
 * schedule's first halving period.
 */
export const BASE_DEMAND_USD = 30_000n * USD

/** The growing scenario's demand compounds 0.1 % an epoch (×1001/1000, toward zero): ≈ 3 % per 30 epochs, ≈ 44 % a year. */
const GROWTH_PER_EPOCH = { numerator: 1_001n, denominator: 1_000n } as const

/**
 * Every scenario's price walk: anchored at $3 a token, ±3 % seeded steps a day, reverting 2 % of the
 * way to the anchor each day, never below $0.01. The same seed gives the three scenarios the same
 * walk, so that they differ only in what the scenario changes.
 */
const PRICE_WALK: PriceWalk = { anchorUsd: 3n * USD, reversionPpm: 20_000n, volatilityPpm: 30_000n, floorUsd: USD / 100n }

/** The shock scenario's crash: from epoch 120 the token loses 70 % in 5 epochs, stays there 40 and recovers over 120. */
export const PRICE_SHOCK: Shock = { startEpoch: 120, fallEpochs: 5, holdEpochs: 40, recoverEpochs: 120, troughPpm: 300_000n }

/** …and customers' demand halves in the same 5 epochs, holds 40 and recovers over 120 with it. */
export const DEMAND_SHOCK: Shock = { startEpoch: 120, fallEpochs: 5, holdEpochs: 40, recoverEpochs: 120, troughPpm: 500_000n }

/** Demand growing from `start` by GROWTH_PER_EPOCH each epoch. */
export function compounding(start: bigint, epochs: number): bigint[] {
  const values: bigint[] = []
  let value = start
  for (let epoch = 0; epoch < epochs; epoch++) {
    values.push(value)
    value = (value * GROWTH_PER_EPOCH.numerator) / GROWTH_PER_EPOCH.denominator
  }
  return values
}

/** The scenario `name` over `epochs` epochs, its price walk drawn from `seed`. */
export function scenario(name: ScenarioName, epochs: number, seed: number): Scenario {
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs is ${epochs}, expected a whole number of 1 or more`)
  const walk = priceWalk(epochs, PRICE_WALK, seed)
  const flat = new Array<bigint>(epochs).fill(BASE_DEMAND_USD)
  switch (name) {
    case 'flat':
      return {
        name,
        title: 'Flat demand',
        description: '$30,000 of service an epoch throughout; the token walks around $3 (seeded).',
        path: { demandUsd: flat, priceUsd: walk },
        events: [],
      }
    case 'growing':
      return {
        name,
        title: 'Growing demand',
        description: 'Demand starts at $30,000 an epoch and compounds 0.1 % an epoch (≈ 3 % a month); the same price walk.',
        path: { demandUsd: compounding(BASE_DEMAND_USD, epochs), priceUsd: walk },
        events: [],
      }
    case 'shock':
      return {
        name,
        title: 'Shock',
        description: 'Flat demand and the same walk, until epoch 120: the token loses 70 % and demand halves in 5 epochs, hold 40, recover over 120.',
        path: { demandUsd: applyShock(flat, DEMAND_SHOCK), priceUsd: applyShock(walk, PRICE_SHOCK) },
        events: [
          { epoch: PRICE_SHOCK.startEpoch, label: 'shock' },
          { epoch: PRICE_SHOCK.startEpoch + PRICE_SHOCK.fallEpochs + PRICE_SHOCK.holdEpochs + PRICE_SHOCK.recoverEpochs - 1, label: 'recovered' },
        ],
      }
  }
}
