import { uptime } from '@pinion/kinds/uptime'
import { describe, expect, test } from 'vitest'
import { EpochComputer, IN_THREAD_MAX_REPORTS } from './computeOffThread.ts'
import { computeEpoch } from './computeEpoch.ts'
import { epochInput, makeDevices, signFleet } from '../../../testkit/src/oracle/epochFixture.ts'

const fleet = makeDevices('off-thread', ['honest', 'flaky', 'honest', 'offline', 'burst'])
const input = epochInput(fleet, signFleet(fleet, 11))

describe('EpochComputer', () => {
  test('a small epoch is computed on this thread; a large one on the computing thread, to the same bytes', async () => {
    expect(input.reports.length).toBeGreaterThan(0)
    expect(input.reports.length).toBeLessThanOrEqual(IN_THREAD_MAX_REPORTS)
    const { tree: _tree, ...expected } = await computeEpoch(input, { treeThreads: 1 })

    const small = new EpochComputer()
    try {
      expect(await small.compute(input)).toEqual(expected)
      expect(small.threadStarted).toBe(false)
    } finally {
      await small.close()
    }

    const large = new EpochComputer({ inThreadMaxReports: input.reports.length - 1 })
    try {
      const computed = await large.compute(input)
      expect(large.threadStarted).toBe(true)
      expect(computed.root).toBe(expected.root)
      expect(computed).toEqual(expected)
    } finally {
      await large.close()
    }
  }, 60_000)

  test('a kind outside the registry computes on this thread whatever the size', async () => {
    const ownKind = { ...uptime }
    const computer = new EpochComputer({ inThreadMaxReports: 0 })
    try {
      const result = await computer.compute({ ...input, kinds: new Map([['uptime', ownKind]]) })
      expect(result.root).toMatch(/^0x[0-9a-f]{64}$/)
      expect(computer.threadStarted).toBe(false)
    } finally {
      await computer.close()
    }
  })

  test('a closed computer refuses work with PINION_ERR_UNAVAILABLE', async () => {
    const computer = new EpochComputer()
    await computer.close()
    await expect(computer.compute(input)).rejects.toMatchObject({ code: 'PINION_ERR_UNAVAILABLE' })
  })
})
