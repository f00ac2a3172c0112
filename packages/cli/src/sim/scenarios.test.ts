import { describe, expect, it } from 'vitest'
import { TOKEN, USD } from './credits.ts'
import { runScenarios } from './runScenarios.ts'
import { BASE_DEMAND_USD, DEMAND_SHOCK, PRICE_SHOCK, SCENARIO_NAMES, compounding, scenario } from './scenarios.ts'
import { periods } from './summary.ts'

const EPOCHS = 365
const SEED = 1
const [flat, growing, shock] = SCENARIO_NAMES.map((name) => scenario(name, EPOCHS, SEED)) as [ReturnType<typeof scenario>, ReturnType<typeof scenario>, ReturnType<typeof scenario>]
/** The shock's trough: the fall is over and the recovery has not started. */
const TROUGH_FROM = PRICE_SHOCK.startEpoch + PRICE_SHOCK.fallEpochs
const TROUGH_TO = TROUGH_FROM + PRICE_SHOCK.holdEpochs
const RECOVERED = TROUGH_TO + PRICE_SHOCK.recoverEpochs

describe('scenario', () => {
  it('gives every scenario one demand and one price per epoch, the same for the same seed', () => {
    for (const s of [flat, growing, shock]) {
      expect(s.path.demandUsd).toHaveLength(EPOCHS)
      expect(s.path.priceUsd).toHaveLength(EPOCHS)
      expect(scenario(s.name, EPOCHS, SEED)).toEqual(s)
    }
    expect(scenario('flat', EPOCHS, 2).path.priceUsd).not.toEqual(flat.path.priceUsd)
    expect(() => scenario('flat', 0, SEED)).toThrow(/epochs is 0/)
  })

  it('keeps flat demand flat, and walks all three on the same prices until the shock', () => {
    expect(new Set(flat.path.demandUsd)).toEqual(new Set([BASE_DEMAND_USD]))
    expect(growing.path.priceUsd).toEqual(flat.path.priceUsd)
    expect(shock.path.priceUsd.slice(0, PRICE_SHOCK.startEpoch)).toEqual(flat.path.priceUsd.slice(0, PRICE_SHOCK.startEpoch))
    expect(shock.path.demandUsd.slice(0, DEMAND_SHOCK.startEpoch)).toEqual(flat.path.demandUsd.slice(0, DEMAND_SHOCK.startEpoch))
  })

  it('compounds growing demand by 0.1 % an epoch: ≈ 3 % in 30 epochs, ≈ 44 % in a year', () => {
    const demand = growing.path.demandUsd
    expect(demand[0]).toBe(BASE_DEMAND_USD)
    expect(demand[1]).toBe(30_030n * USD)
    expect(demand.every((d, e) => e === 0 || d > demand[e - 1]!)).toBe(true)
    const ratio = (e: number) => Number((demand[e]! * 1_000_000n) / BASE_DEMAND_USD) / 1e6
    expect(ratio(30)).toBeCloseTo(1.0304, 3)
    expect(ratio(364)).toBeCloseTo(1.439, 2)
    expect(compounding(1_000n, 3)).toEqual([1_000n, 1_001n, 1_002n])
  })

  it('halves the shock’s demand and takes 70 % off its price at the trough, and gives both back once recovered', () => {
    for (let e = TROUGH_FROM - 1; e < TROUGH_TO; e++) {
      expect(shock.path.demandUsd[e]).toBe(BASE_DEMAND_USD / 2n)
      expect(shock.path.priceUsd[e]).toBe((flat.path.priceUsd[e]! * 3n) / 10n)
    }
    expect(shock.path.demandUsd.slice(RECOVERED)).toEqual(flat.path.demandUsd.slice(RECOVERED))
    expect(shock.path.priceUsd.slice(RECOVERED)).toEqual(flat.path.priceUsd.slice(RECOVERED))
    // Marked where the multipliers are back at 100 %: the recovery's last epoch.
    expect(shock.events.map((e) => e.epoch)).toEqual([PRICE_SHOCK.startEpoch, RECOVERED - 1])
    expect(shock.path.priceUsd[RECOVERED - 1]).toBe(flat.path.priceUsd[RECOVERED - 1])
    expect(shock.path.priceUsd[RECOVERED - 2]).toBeLessThan(flat.path.priceUsd[RECOVERED - 2]!)
  })
})

describe('the scenarios, simulated (shape)', () => {
  const { runs } = runScenarios(SCENARIO_NAMES, EPOCHS, SEED, 'net-emissions')
  const [flatRun, growingRun, shockRun] = runs.map((r) => r.outcomes) as [(typeof runs)[0]['outcomes'], (typeof runs)[0]['outcomes'], (typeof runs)[0]['outcomes']]
  const total = (outcomes: typeof flatRun, pick: (o: (typeof flatRun)[number]) => bigint, from = 0, to = outcomes.length) =>
    outcomes.slice(from, to).reduce((sum, o) => sum + pick(o), 0n)

  it('burns more with growing demand than with flat demand, more so every month', () => {
    const flatMonths = periods(flatRun, 30).map((p) => p.burned)
    const growingMonths = periods(growingRun, 30).map((p) => p.burned)
    const excess = growingMonths.slice(0, 12).map((g, i) => g - flatMonths[i]!)
    expect(excess.every((x) => x > 0n)).toBe(true)
    expect(excess.every((x, i) => i === 0 || x > excess[i - 1]!)).toBe(true)
    // Same prices: each epoch's burn is in proportion to its demand, so the year's last burns ≈ 1.44× flat's.
    expect(Number((growingRun[364]!.burned * 1000n) / flatRun[364]!.burned) / 1000).toBeCloseTo(1.439, 2)
    // Supply grows less when more is burnt.
    expect(growingRun[364]!.totalSupply).toBeLessThan(flatRun[364]!.totalSupply)
  })

  it('dips in the shock: customers spend half as many dollars, and operators earn less than a third in dollars', () => {
    const spend = (outcomes: typeof flatRun, from: number, to: number) => total(outcomes, (o) => o.demandUsd, from, to)
    expect(spend(shockRun, TROUGH_FROM, TROUGH_TO)).toBe(spend(flatRun, TROUGH_FROM, TROUGH_TO) / 2n)
    const earned = (outcomes: typeof flatRun) => total(outcomes, (o) => o.operatorUsd, TROUGH_FROM, TROUGH_TO)
    expect(earned(shockRun) * 10n).toBeLessThan((earned(flatRun) * 31n) / 10n)
    expect(earned(shockRun) * 10n).toBeGreaterThan((earned(flatRun) * 29n) / 10n)
    // …and recovers: the same dollars as flat once over.
    expect(total(shockRun, (o) => o.operatorUsd, RECOVERED)).toBe(total(flatRun, (o) => o.operatorUsd, RECOVERED))
  })

  it('burns more tokens in the shock, for half the dollars: the token fell further (70 %) than demand (50 %)', () => {
    const burned = (outcomes: typeof flatRun) => total(outcomes, (o) => o.burned, TROUGH_FROM, TROUGH_TO)
    const ratio = Number((burned(shockRun) * 1000n) / burned(flatRun)) / 1000
    expect(ratio).toBeCloseTo(0.5 / 0.3, 2)
    expect(shockRun.slice(TROUGH_FROM, TROUGH_TO).every((o) => o.tokensPerMillionCredits > 10n * TOKEN)).toBe(true)
  })

  it('mints the same every epoch under net emissions while burns exceed the net cap, and pays it all to operators', () => {
    const mint = 20_548n * TOKEN + (20_548n * TOKEN * 8n) / 100n
    for (const outcomes of [flatRun, growingRun, shockRun]) {
      expect(outcomes.every((o) => o.minted === mint && o.operatorTokens === mint && o.clipped === 0n)).toBe(true)
    }
  })

  it('in revenue-share mode, pays operators what customers spent (in tokens, toward zero), out of an emission that re-mints nothing', () => {
    const [revenueFlat] = runScenarios(['flat'], EPOCHS, SEED, 'revenue-share').runs
    for (const o of revenueFlat!.outcomes) {
      expect(o.minted).toBe(20_548n * TOKEN)
      expect(o.operatorTokens).toBe((o.creditsBought * TOKEN) / o.creditsPerToken)
      expect(o.operatorTokens + o.otherPoolsTokens).toBe(o.minted)
    }
    // Each epoch's operators get within a cent of the $30,000 spent.
    expect(revenueFlat!.outcomes.every((o) => BASE_DEMAND_USD - o.operatorUsd < USD / 100n)).toBe(true)
  })
})
