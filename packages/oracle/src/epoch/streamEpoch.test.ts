import { readFileSync } from 'node:fs'
import { type GoldenEpoch, goldenOutcome, inputOf } from '@pinion/testkit/oracle/goldenEpoch'
import { describe, expect, it } from 'vitest'
import { canonicalPages } from './reportPages.ts'
import { streamEpoch } from './streamEpoch.ts'
import { whyNotStreamable } from './streamable.ts'
import type { ReportVerdict } from './types.ts'

const golden = (name: string): GoldenEpoch[] => JSON.parse(readFileSync(new URL(`../../test/golden/${name}.json`, import.meta.url), 'utf8')) as GoldenEpoch[]

describe('streamEpoch on the golden epochs', () => {
  it.each([0, 1])('streams golden uptime epoch %i to its recorded root and hashes, a few reports a page', async (k) => {
    const input = inputOf(golden('uptime')[k]!)
    const verdicts: ReportVerdict[] = []
    const { tree: _tree, ...result } = await streamEpoch(
      {
        ...input,
        reports: canonicalPages(
          input.reports.map((r) => r.signed),
          5,
        ),
      },
      { treeThreads: 1, onVerdicts: (page) => void verdicts.push(...page) },
    )
    expect(goldenOutcome({ ...result, tree: null, verdicts })).toEqual(golden('uptime')[k]!.expected)
    expect(verdicts).toHaveLength(input.reports.length)
  })

  it('says why the wireless and ping epochs cannot stream: their rules read other devices', () => {
    expect(whyNotStreamable(inputOf(golden('wireless-v3')[0]!).kinds, {})).toMatch(/kind wireless judges devices together/)
    expect(whyNotStreamable(inputOf(golden('ping')[0]!).kinds, {})).toMatch(/kind ping judges devices together/)
  })
})
