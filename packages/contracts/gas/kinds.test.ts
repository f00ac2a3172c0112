import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadKindGasScenarios } from './kinds.ts'

describe('loadKindGasScenarios', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  /** A stand-in for src/kinds/: each kind folder with the given gas.ts, or none. */
  const kindsFolder = (files: Record<string, string | undefined>) => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-kind-gas-'))
    dirs.push(dir)
    for (const [kind, source] of Object.entries(files)) {
      mkdirSync(join(dir, kind))
      if (source !== undefined) writeFileSync(join(dir, kind, 'gas.ts'), source)
    }
    return dir
  }

  it("finds each kind's gas.ts by folder: ping measures PingMarket", async () => {
    const found = await loadKindGasScenarios()
    expect(found.map(({ kind, contract }) => ({ kind, contract }))).toContainEqual({ kind: 'ping', contract: 'PingMarket' })
    expect(found.every(({ measure }) => typeof measure === 'function')).toBe(true)
  })

  it('skips a kind folder without gas.ts, and refuses a scenario for a contract the kind does not have', async () => {
    expect(await loadKindGasScenarios(kindsFolder({ ping: undefined }))).toEqual([])
    await expect(loadKindGasScenarios(kindsFolder({ ping: 'export const gasScenarios = { PingMarkt: async () => ({}) }\n' }))).rejects.toThrow(
      'src/kinds/ping/gas.ts measures PingMarkt, which is not a contract of the ping kind (PingMarket)',
    )
    await expect(loadKindGasScenarios(kindsFolder({ ping: 'export const scenarios = {}\n' }))).rejects.toThrow('src/kinds/ping/gas.ts exports no gasScenarios')
  })
})
