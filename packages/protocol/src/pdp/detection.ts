/**
 * The chance that a provider who lost a fraction `lost` of a data set's leaves is caught within
 * `periods` proving periods of `challengesPerPeriod` challenges each: 1 − (1 − lost)^(challenges ×
 * periods), each challenge an independent uniform draw (PDP's design note). Whatever the provider
 * keeps, every leaf stays challengeable, so keeping the "unchallenged" part is no strategy.
 * A probability for docs and parameter choices, never an input to rewards.
 */
export function detectionProbability(lost: number, challengesPerPeriod: number, periods: number): number {
  if (!(lost >= 0 && lost <= 1)) throw new RangeError(`lost is ${lost}; expected a fraction from 0 to 1`)
  return 1 - (1 - lost) ** (challengesPerPeriod * periods)
}
