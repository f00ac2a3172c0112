import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeEpoch } from '../packages/oracle/src/epoch/computeEpoch.ts'
import { streamEpoch } from '../packages/oracle/src/epoch/streamEpoch.ts'
import { readReportPages, scaleFleet, scaleInput, writeReports } from './scaleFleet.ts'

describe("bench:scale's reports", () => {
  it('are written in canonical order, read back across any chunk boundary, and stream to the root computeEpoch gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pinion-scale-test-'))
    try {
      const fleet = scaleFleet(3, 40)
      const paths = [join(dir, 'a.bin'), join(dir, 'b.bin')]
      await writeReports(paths[0]!, fleet, 0, 25, 1_000, 3)
      await writeReports(paths[1]!, fleet, 25, 40, 1_000, 3)
      const pages: Uint8Array[][] = []
      // 97-byte reads: most reports straddle two of them.
      for await (const page of readReportPages(paths, 16, 97)) pages.push(page)
      const reports = pages.flat()
      expect(reports).toHaveLength(1_000)
      expect(pages.slice(0, -1).every((page) => page.length === 16)).toBe(true)

      const input = scaleInput(fleet)
      const whole = await computeEpoch({ ...input, reports: reports.map((signed) => ({ signed })) }, { treeThreads: 1 })
      const streamed = await streamEpoch({ ...input, reports: readReportPages(paths, 16, 4096) }, { treeThreads: 1 }) // refuses any report out of canonical order
      expect(streamed.root).toBe(whole.root)
      expect(streamed.inputsHash).toBe(whole.inputsHash)
      // The fleet's behaviours all show: qualified devices, devices below the required sub-intervals, late reports.
      expect(whole.verdicts.some((v) => v.reason === 'uptime.OUTSIDE_EPOCH')).toBe(true)
      expect(whole.shares.some((s) => s.weight === 0n) && whole.shares.some((s) => s.weight > 0n)).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
