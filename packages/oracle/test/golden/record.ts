/**
 * Records the golden epochs (golden.test.ts): two consecutive epochs of each kind, computed by
 * today's pipeline from seeded fleets, written with every input they were computed from.
 *
 *   npm run golden:record [-- <kind>…]
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
import { pingAnswers, pingFacts, pingRules } from '@pinion/testkit/kinds/ping'
import { assembleEpochInput } from '../../src/service/assembleEpochInput.ts'
import type { Address } from 'viem'

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

/**
 * ping: nine devices of every behaviour over two 60 s epochs (3 and 4) of the ping test world, whose
 * inputs go beyond reports: challenges from the entropy block, stake and revenue from PingMarket
 * events. Recorded with params document 3, which signs them.
 */
async function pingEpochs(): Promise<GoldenEpoch[]> {
  const epochs: GoldenEpoch[] = []
  let previous = { cumulative: new Map<Address, bigint>(), carried: new Map<string, unknown>() }
  for (const epoch of [3n, 4n]) {
    const { input } = await assembleEpochInput(pingFacts, pingRules, epoch, await pingAnswers(epoch), previous)
    const result = await computeEpoch(input, { treeThreads: 1 })
    epochs.push(recordEpoch(input, result))
    previous = { cumulative: new Map(result.cumulative.map((e) => [e.recipient, e.cumulativeAmount])), carried: result.carried }
  }
  return epochs
}

// Only the files named on the command line, or every one: a recorded file changes only on purpose.
// wireless.json holds wireless epochs of rules version 1 under params document 2, and
// wireless-v2.json of rules version 2, each recorded while its version was today's: no recorder
// writes them any more, and they replay as they are. wireless-v3.json holds today's.
const wanted = process.argv.slice(2)
const recorders = { uptime: uptimeEpochs, 'wireless-v3': wirelessEpochs, ping: pingEpochs } as const
for (const [name, record] of Object.entries(recorders)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  const epochs = await record()
  const file = new URL(`${name}.json`, OUT)
  writeFileSync(file, `${JSON.stringify(epochs)}\n`)
  console.log(`${file.pathname}: ${epochs.length} epochs, roots ${epochs.map((e) => e.expected.root).join(', ')}`)
}
