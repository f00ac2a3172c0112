import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deviceIdOf } from '@pinion/protocol'
import { createScratchDatabase } from '@pinion/testkit/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson } from '../commands/output.ts'
import { replayEpochs } from '../commands/replay.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { templatePath } from '../init/init.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { type RunningNetwork, up } from './up.ts'

/**
 * The wireless template, exactly as `pinion init --kind wireless` writes it, run by `pinion up`:
 * hotspots placed and asserted on chain, beacons built from the chain's entropy, witnesses heard
 * through the radio model, proof of coverage judged and paid by a quorum of oracles.
 */
const TEMPLATE = templatePath('wireless')

type Share = { pool: string; amount: string; multipliers: { name: string; value: string }[]; inputs: Record<string, unknown> }
type Explanation = { amount: string; verdicts: { valid: boolean; reason: string | null }[]; shares: Share[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

describe('pinion up with the wireless template, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-wireless-'))
  let network: RunningNetwork | undefined
  const scratch: Awaited<ReturnType<typeof createScratchDatabase>>[] = []
  beforeAll(async () => {
    const server = process.env.DATABASE_URL
    if (server) for (let i = 0; i < 3; i++) scratch.push(await createScratchDatabase(server))
  })
  afterAll(async () => {
    await network?.stop()
    for (const database of scratch) await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('commits an epoch of proof of coverage: honest hotspots earn coverage, colluding rings earn nothing, the root replays', { timeout: 360_000 }, async () => {
    const { config } = await loadConfig(TEMPLATE)
    network = await up({ config, dataDir, databaseUrls: scratch.length > 0 ? scratch.map((s) => s.url) : undefined, log: () => {}, drivenTime: true })
    const { state } = network
    const oracle = state.oracles[0]!.url

    // The fleet joins at the first whole epoch (liveFleet), so the first epoch with valid reports
    // is a whole one.
    const committed = await driveUntil(
      network,
      'a committed epoch with valid reports',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      { stepMs: 2_000, timeoutMs: 240_000 },
    )

    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    const explain = (device: StoredFleetDevice) => getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(device.key.publicKey)}/epochs/${committed.epoch}`)
    const coverageOf = (explanation: Explanation) => BigInt(explanation.shares.find((s) => s.pool === 'wireless.coverage')?.amount ?? '0')

    // Most honest hotspots earn coverage, each share explained by its multipliers.
    const honest = await Promise.all(fleet.filter((d) => d.behaviour === 'honest').map(explain))
    const earning = honest.filter((e) => coverageOf(e) > 0n)
    expect(earning.length).toBeGreaterThanOrEqual(Math.ceil(honest.length * 0.8))
    const names = earning[0]!.shares.find((s) => s.pool === 'wireless.coverage')!.multipliers.map((m) => m.name)
    expect(names.length).toBeGreaterThanOrEqual(2)

    // Witness rings have no radio: none of their reports should earn, and their verdicts say why.
    const rings = await Promise.all(fleet.filter((d) => d.behaviour === 'witness-ring').map(explain))
    expect(rings.length).toBeGreaterThan(0)
    for (const ring of rings) expect(coverageOf(ring)).toBe(0n)
    const reasons = new Set(rings.flatMap((r) => r.verdicts.filter((v) => !v.valid).map((v) => v.reason)))
    expect(reasons.size).toBeGreaterThan(0)

    // Anyone can recompute the committed root from the published inputs and the chain.
    const replay = await replayEpochs(state, config, BigInt(committed.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)
  })
})
