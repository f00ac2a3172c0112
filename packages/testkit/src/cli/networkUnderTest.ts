import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { NetworkConfig } from '../../../cli/src/config/network.ts'
import { type RunningNetwork, type UpOptions, up } from '../../../cli/src/up/up.ts'
import { createScratchDatabase } from '../oracle/scratchDatabase.ts'

/**
 * What an end-to-end test of `pinion up` keeps around its network, set up and removed by the
 * describe block that calls it: a data directory of its own, one scratch PostgreSQL database per
 * oracle when DATABASE_URL names a server (CI's PostgreSQL pass; PGlite stores otherwise), and the
 * lines `up` logged. The network started last is stopped after the block's tests.
 */
export function networkUnderTest(name: string, oracleCount: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `pinion-${name}-`))
  const logs: string[] = []
  const scratch: Awaited<ReturnType<typeof createScratchDatabase>>[] = []
  let running: RunningNetwork | undefined
  beforeAll(async () => {
    const server = process.env.DATABASE_URL
    if (server) for (let i = 0; i < oracleCount; i++) scratch.push(await createScratchDatabase(server))
  })
  afterAll(async () => {
    await running?.stop()
    for (const database of scratch) await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return {
    dataDir,
    logs,
    /** Starts the network, or resumes it from the data directory, on driven time. */
    async start(config: NetworkConfig, options: Partial<UpOptions> = {}): Promise<RunningNetwork> {
      running = await up({
        config,
        dataDir,
        databaseUrls: scratch.length > 0 ? scratch.map((s) => s.url) : undefined,
        log: (line) => logs.push(line),
        drivenTime: true,
        ...options,
      })
      return running
    },
  }
}
