import { readFileSync } from 'node:fs'
import { type GoldenEpoch, goldenOutcome, inputOf } from '@pinion/testkit/oracle/goldenEpoch'
import { describe, expect, it } from 'vitest'
import { computeEpoch } from '../src/epoch/computeEpoch.ts'

/**
 * Golden epochs: inputs recorded from the pipeline as it was (golden/record.ts), replayed through the
 * pipeline as it is. A refactor of the epoch pipeline or of a kind must give the same roots from the
 * same bytes; a change that means to change them is a new rules version, recorded again on purpose.
 */
const golden = (kind: string): GoldenEpoch[] => JSON.parse(readFileSync(new URL(`./golden/${kind}.json`, import.meta.url), 'utf8')) as GoldenEpoch[]

describe.each(['uptime', 'wireless', 'wireless-v2', 'wireless-v3', 'ping'])('the golden %s epochs', (kind) => {
  const epochs = golden(kind)

  it('were recorded as two consecutive epochs, each carrying on from the one before', () => {
    expect(epochs).toHaveLength(2)
    const [first, second] = epochs.map(inputOf) as [ReturnType<typeof inputOf>, ReturnType<typeof inputOf>]
    expect(second.window.epoch).toBe(first.window.epoch + 1n)
    expect(first.previousCumulative.size).toBe(0)
    expect(second.previousCumulative.size).toBe(epochs[0]!.expected.recipients)
  })

  it.each([0, 1])('replays epoch %i of them to the recorded root, hashes and carried state', async (k) => {
    const recorded = epochs[k]!
    const result = await computeEpoch(inputOf(recorded), { treeThreads: 1 })
    expect(goldenOutcome(result)).toEqual(recorded.expected)
    if (k === 0) {
      // The next epoch's recorded start is exactly what this one ends with.
      const next = inputOf(epochs[1]!)
      expect(new Map(result.cumulative.map((e) => [e.recipient, e.cumulativeAmount]))).toEqual(next.previousCumulative)
      expect(result.carried).toEqual(next.carried)
    }
  })
})
