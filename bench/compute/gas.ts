/**
 * bench:compute part (c): ComputeMarket's gas, read from its committed snapshot
 * (packages/contracts/gas-snapshots/ComputeMarket.json, written by `npm run gas`): no chain is run
 * here. Per bid, per lease settlement, per verdict recorded (the slope between recording 1 and 20
 * verdicts under the same 2-of-3 oracle signatures, and the fixed cost of a call) and per losing bid
 * of acceptLowest (1 and 20 bids).
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const SNAPSHOT = fileURLToPath(new URL('../../packages/contracts/gas-snapshots/ComputeMarket.json', import.meta.url))

/** The slope and intercept through two scenarios of `a` and `b` items. */
export type Marginal = { perItem: number; fixed: number }
export type ComputeGas = {
  /** Every scenario of the snapshot, as it stands. */
  scenarios: [string, number][]
  /** Missing scenarios, by the pattern that looked for them. */
  missing: string[]
  bid: { first: number; twentieth: number } | null
  /** settle: pay released after the approval window (time up, lease closing), and the last release (collateral returned). */
  settle: { released: number; finalized: number } | null
  verdicts: (Marginal & { one: number; twenty: number; fault: number | null }) | null
  acceptLowest: (Marginal & { one: number; twenty: number }) | null
}

/** gas(b items) − gas(a items), shared out: the cost of one more item, and what is left as the call's own. */
export function marginal(a: { items: number; gas: number }, b: { items: number; gas: number }): Marginal {
  if (a.items === b.items) throw new RangeError('a marginal needs two different item counts')
  const perItem = Math.round((b.gas - a.gas) / (b.items - a.items))
  return { perItem, fixed: a.gas - perItem * a.items }
}

/** The snapshot at `path` (the committed one by default), or null when it is not there. */
export function readComputeGas(path = SNAPSHOT): ComputeGas | null {
  if (!existsSync(path)) return null
  const scenarios = Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number')
  const missing: string[] = []
  const find = (pattern: RegExp): number | null => {
    const found = scenarios.find(([name]) => pattern.test(name))
    if (found === undefined) missing.push(String(pattern))
    return found?.[1] ?? null
  }
  const firstBid = find(/^bid: first/)
  const twentiethBid = find(/^bid: 20th/)
  const released = find(/^settle: pay released/)
  const finalized = find(/^settle: .*finali[sz]ed/)
  const oneVerdict = find(/^recordVerdicts: 1 lease verified/)
  const twentyVerdicts = find(/^recordVerdicts: 20 leases verified/)
  const fault = find(/^recordVerdicts: 1 lease faulted/)
  const oneBid = find(/^acceptLowest: 1 bid/)
  const twentyBids = find(/^acceptLowest: 20 bids/)
  return {
    scenarios,
    missing,
    bid: firstBid === null || twentiethBid === null ? null : { first: firstBid, twentieth: twentiethBid },
    settle: released === null || finalized === null ? null : { released, finalized },
    verdicts:
      oneVerdict === null || twentyVerdicts === null
        ? null
        : { one: oneVerdict, twenty: twentyVerdicts, fault, ...marginal({ items: 1, gas: oneVerdict }, { items: 20, gas: twentyVerdicts }) },
    acceptLowest: oneBid === null || twentyBids === null ? null : { one: oneBid, twenty: twentyBids, ...marginal({ items: 1, gas: oneBid }, { items: 20, gas: twentyBids }) },
  }
}

const gas = (n: number) => n.toLocaleString('en')

export function runGasPart(): ComputeGas | null {
  const report = readComputeGas()
  console.log('\n(c) gas — ComputeMarket, from the committed snapshot packages/contracts/gas-snapshots/ComputeMarket.json (npm run gas writes it; no chain is run here)')
  if (report === null) {
    console.log('  ComputeMarket.json is not there: run `npm run gas` first')
    return null
  }
  if (report.bid !== null) console.log(`  per bid                 ${gas(report.bid.first)} (first on its order), ${gas(report.bid.twentieth)} (20th)`)
  if (report.settle !== null)
    console.log(
      `  per lease settlement    ${gas(report.settle.released)} (pay released after the window, closing at time up), ${gas(report.settle.finalized)} (last release, collateral returned)`,
    )
  if (report.verdicts !== null) {
    const v = report.verdicts
    console.log(
      `  per verdict recorded    ${gas(v.perItem)} (1 lease: ${gas(v.one)}, 20 leases: ${gas(v.twenty)}, 2-of-3 signatures; the call itself ${gas(v.fixed)})${v.fault === null ? '' : `; a fault: ${gas(v.fault)}`}`,
    )
  }
  if (report.acceptLowest !== null) {
    const a = report.acceptLowest
    console.log(`  acceptLowest            ${gas(a.one)} with 1 bid, ${gas(a.twenty)} with 20: ${gas(a.perItem)} a losing bid (collateral returned)`)
  }
  console.log('  every scenario:')
  for (const [name, value] of report.scenarios) console.log(`    ${name.padEnd(72)} ${gas(value).padStart(9)}`)
  for (const pattern of report.missing) console.log(`  no scenario matches ${pattern}: the snapshot changed; update bench/compute/gas.ts`)
  return report
}
