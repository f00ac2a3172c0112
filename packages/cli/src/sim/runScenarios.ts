import type { RevenueMode } from './operatorRevenue.ts'
import { heliumLikeParams } from './parameters.ts'
import { type Scenario, type ScenarioName, scenario } from './scenarios.ts'
import { type EpochOutcome, type TokenomicsParams, simulateTokenomics } from './tokenomicsModel.ts'

/** A scenario with its simulated epochs. */
export type ScenarioRun = { scenario: Scenario; outcomes: readonly EpochOutcome[] }

/** Runs `names` over `epochs` epochs on the Helium-like parameters in `mode`, the price walk drawn from `seed`. */
export function runScenarios(names: readonly ScenarioName[], epochs: number, seed: number, mode: RevenueMode): { params: TokenomicsParams; runs: ScenarioRun[] } {
  const params = heliumLikeParams(mode)
  const runs = names.map((name) => {
    const chosen = scenario(name, epochs, seed)
    return { scenario: chosen, outcomes: simulateTokenomics(params, chosen.path) }
  })
  return { params, runs }
}
