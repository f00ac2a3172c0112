/**
 * Regenerates gas-snapshots/*.json from fresh measurements: `npm run gas`, or `npm run gas --
 * PingMarket` for the named contracts' snapshots only.
 */
import { GAS_BARS } from '../gas/bars.ts'
import { measureGas } from '../gas/scenarios.ts'
import { writeSnapshots } from '../gas/snapshots.ts'

const only = process.argv.slice(2)
const snapshots = await measureGas((line) => console.log(line), only.length > 0 ? only : undefined)
writeSnapshots(snapshots)
for (const [contract, values] of Object.entries(snapshots)) {
  console.log(`\n${contract}`)
  for (const [name, gas] of Object.entries(values)) {
    const bar = GAS_BARS[contract]?.[name]
    const verdict = bar === undefined ? '' : gas <= bar ? `  ≤ ${bar} ✓` : `  > ${bar} ✗ ABOVE THE BAR`
    console.log(`  ${name.padEnd(74)} ${String(gas).padStart(8)}${verdict}`)
  }
}
