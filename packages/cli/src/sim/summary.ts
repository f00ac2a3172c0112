import { TOKEN, USD } from './credits.ts'
import type { ScenarioRun } from './runScenarios.ts'
import type { EpochOutcome } from './tokenomicsModel.ts'

/** A stretch of epochs added up: flows summed, levels (supply, price, credit cost) as at its last epoch. */
export type Period = {
  fromEpoch: number
  toEpoch: number
  burned: bigint
  minted: bigint
  clipped: bigint
  netSupplyChange: bigint
  operatorTokens: bigint
  operatorUsd: bigint
  totalSupply: bigint
  priceUsd: bigint
  tokensPerMillionCredits: bigint
}

/** `outcomes` in periods of `length` epochs (the last one may be shorter). */
export function periods(outcomes: readonly EpochOutcome[], length: number): Period[] {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`a period is ${length} epochs, expected a whole number of 1 or more`)
  const result: Period[] = []
  for (let from = 0; from < outcomes.length; from += length) {
    const slice = outcomes.slice(from, from + length)
    const last = slice[slice.length - 1]!
    const sum = (pick: (o: EpochOutcome) => bigint) => slice.reduce((total, o) => total + pick(o), 0n)
    result.push({
      fromEpoch: slice[0]!.epoch,
      toEpoch: last.epoch,
      burned: sum((o) => o.burned),
      minted: sum((o) => o.minted),
      clipped: sum((o) => o.clipped),
      netSupplyChange: sum((o) => o.netSupplyChange),
      operatorTokens: sum((o) => o.operatorTokens),
      operatorUsd: sum((o) => o.operatorUsd),
      totalSupply: last.totalSupply,
      priceUsd: last.priceUsd,
      tokensPerMillionCredits: last.tokensPerMillionCredits,
    })
  }
  return result
}

/** `amount / unit` toward zero with thousands separators, and a sign when `signed`: 1,234 or +1,234 or −1,234. */
export function whole(amount: bigint, unit: bigint, signed = false): string {
  const magnitude = (amount < 0n ? -amount : amount) / unit
  const sign = amount < 0n && magnitude !== 0n ? '−' : signed && magnitude !== 0n ? '+' : ''
  return `${sign}${magnitude.toLocaleString('en')}`
}

/** `amount / unit` toward zero with `digits` decimals (cut, not rounded): 3.33. */
export function decimals(amount: bigint, unit: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits)
  const scaled = (amount * scale) / unit
  const negative = scaled < 0n
  const magnitude = negative ? -scaled : scaled
  const fraction = digits === 0 ? '' : `.${(magnitude % scale).toString().padStart(digits, '0')}`
  return `${negative ? '−' : ''}${(magnitude / scale).toLocaleString('en')}${fraction}`
}

const COLUMNS = [
  ['epochs', 11],
  ['burnt', 12],
  ['minted', 12],
  ['net change', 12],
  ['total supply', 14],
  ['price', 8],
  ['tokens/1M cr', 12],
  ['operators', 12],
  ['operators $', 14],
] as const

const row = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i]![1]) : cell.padStart(COLUMNS[i]![1]))).join(' ')

/**
 * A scenario for people: its description, then one line per `length` epochs (token amounts in whole
 * tokens, toward zero; flows summed over the period, supply, price and the tokens 1,000,000 credits
 * cost as at its last epoch), then the totals.
 */
export function scenarioText(run: ScenarioRun, length: number): string {
  const { scenario, outcomes } = run
  const lines = [`${scenario.title} (${scenario.name}): ${scenario.description}`, row(COLUMNS.map(([name]) => name))]
  const line = (p: Period, label: string) =>
    row([
      label,
      whole(p.burned, TOKEN),
      whole(p.minted, TOKEN),
      whole(p.netSupplyChange, TOKEN, true),
      whole(p.totalSupply, TOKEN),
      `$${decimals(p.priceUsd, USD, 2)}`,
      decimals(p.tokensPerMillionCredits, TOKEN, 2),
      whole(p.operatorTokens, TOKEN),
      `$${whole(p.operatorUsd, USD)}`,
    ])
  for (const p of periods(outcomes, length)) lines.push(line(p, `${p.fromEpoch}–${p.toEpoch}`))
  const [total] = periods(outcomes, outcomes.length)
  lines.push(line(total!, 'all'))
  const clipped = total!.clipped
  if (clipped > 0n) lines.push(`the cap left no room for ${whole(clipped, TOKEN)} tokens of the schedule`)
  return lines.join('\n')
}
