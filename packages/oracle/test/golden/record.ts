/**
 * Records the golden epochs (golden.test.ts): two consecutive epochs of each kind, computed by
 * today's pipeline from seeded fleets, written with every input they were computed from.
 *
 *   npm run golden:record
 *
 * Run it only when a change is meant to change roots (a new rules version); the diff of the JSON
 * files is then the record of that decision. Everything else must reproduce them as they are.
 */
import { writeFileSync } from 'node:fs'
import { computeEpoch } from '../../src/epoch/computeEpoch.ts'
import type { EpochWindow } from '@pinion/kinds'
import { epochInput, makeDevices, signFleet, WINDOW } from '@pinion/testkit/oracle/epochFixture'
import { type GoldenEpoch, recordEpoch } from '@pinion/testkit/oracle/goldenEpoch'
import { DEFAULT_SCENARIO, runSeed, startCrypto } from '../../../../bench/fraud.ts'

const OUT = new URL('./', import.meta.url)

/** uptime: 12 devices of every behaviour the simulator knows, two 60 s epochs. */
async function uptimeEpochs(): Promise<GoldenEpoch[]> {
  const fleet = makeDevices('golden/uptime', ['honest', 'honest', 'honest', 'honest', 'honest', 'flaky', 'flaky', 'offline', 'burst', 'clock-skew', 'flaky', 'honest'])
  const epochs: GoldenEpoch[] = []
  let previousCumulative = new Map()
  let carried = new Map<string, unknown>()
  for (let k = 0n; k < 2n; k++) {
    const window: EpochWindow = { ...WINDOW, epoch: WINDOW.epoch + k, startMs: WINDOW.startMs + k * 60_000n, endMs: WINDOW.endMs + k * 60_000n }
    const input = epochInput(fleet, signFleet(fleet, 11 + Number(k), window), { window, previousCumulative, carried })
    const result = await computeEpoch(input, { treeThreads: 1 })
    epochs.push(recordEpoch(input, result))
    previousCumulative = new Map(result.cumulative.map((e) => [e.recipient, e.cumulativeAmount]))
    carried = result.carried
  }
  return epochs
}

/** wireless: the fraud benchmark's pipeline on a small fleet (10 honest hotspots and one of each adversary), two 24 h epochs. */
async function wirelessEpochs(): Promise<GoldenEpoch[]> {
  const crypto = await startCrypto(0)
  const epochs: GoldenEpoch[] = []
  try {
    const perClass = Object.fromEntries(Object.keys(DEFAULT_SCENARIO.perClass).map((name) => [name, 1])) as typeof DEFAULT_SCENARIO.perClass
    await runSeed(
      7,
      { ...DEFAULT_SCENARIO, seeds: [7], epochs: 2, honest: 10, perClass },
      crypto,
      () => {},
      (input, result) => epochs.push(recordEpoch(input, result)),
    )
  } finally {
    await crypto.close()
  }
  return epochs
}

for (const [name, epochs] of [
  ['uptime', await uptimeEpochs()],
  ['wireless', await wirelessEpochs()],
] as const) {
  const file = new URL(`${name}.json`, OUT)
  writeFileSync(file, `${JSON.stringify(epochs)}\n`)
  console.log(`${file.pathname}: ${epochs.length} epochs, roots ${epochs.map((e) => e.expected.root).join(', ')}`)
}
