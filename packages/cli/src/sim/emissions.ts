/**
 * The emission schedule, as packages/contracts/src/rewards/Emissions.sol computes it: the same
 * integer maths, so that the simulator's supply is the supply the contract would mint
 * (emissions.differential.chain.test.ts checks the two against each other on anvil).
 */

/** The schedule's parameters, as `IEmissions.Schedule` holds them (times left out: epochs are counted). */
export type EmissionSchedule = {
  /** Tokens (18 decimals) minted for epoch 0 and every epoch before the first halving. */
  initialEpochEmission: bigint
  /** Epochs between halvings; 0 for none. */
  halvingInterval: bigint
}

/** 2^256 - 1: `Emissions.scheduledBetween` saturates here instead of overflowing. */
const UINT256_MAX = (1n << 256n) - 1n

/**
 * `Emissions.emissionOf`: epoch `e` emits `initialEpochEmission >> (e / halvingInterval)` (the
 * division toward zero), every epoch the same when `halvingInterval` is 0, and 0 after 256 halvings.
 */
export function emissionOf(epoch: bigint, schedule: EmissionSchedule): bigint {
  if (epoch < 0n) throw new RangeError(`epoch ${epoch} is negative`)
  if (schedule.halvingInterval === 0n) return schedule.initialEpochEmission
  const halvings = epoch / schedule.halvingInterval
  return halvings >= 256n ? 0n : schedule.initialEpochEmission >> halvings
}

/**
 * `Emissions.scheduledBetween`: the scheduled emission of epochs `[from, to)`, one step per halving
 * period, saturating at 2^256 - 1 as the contract does.
 */
export function scheduledBetween(from: bigint, to: bigint, schedule: EmissionSchedule): bigint {
  let total = 0n
  while (from < to) {
    let periodEnd = to
    if (schedule.halvingInterval !== 0n) {
      const nextHalving = (from / schedule.halvingInterval + 1n) * schedule.halvingInterval
      if (nextHalving < to) periodEnd = nextHalving
    }
    const perEpoch = emissionOf(from, schedule)
    if (perEpoch === 0n) break
    total += perEpoch * (periodEnd - from)
    if (total > UINT256_MAX) return UINT256_MAX
    from = periodEnd
  }
  return total
}
