import { describe, expect, it } from 'vitest'
import { getJson } from '../commands/output.ts'
import { defineNetwork } from '../config/network.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import type { RunningNetwork } from './up.ts'

/**
 * `pinion up --transport mqtt`: the same network as up.e2e.test.ts, smaller, with the fleet's agents
 * reporting through the broker each oracle embeds instead of HTTP. An epoch of their reports is
 * committed on chain by quorum.
 */
const config = defineNetwork({
  epochs: { durationSeconds: 8, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  oracles: { count: 2, quorum: 2 },
  fleet: { devices: 4, behaviours: { honest: 4 }, seed: 11 },
})

type EpochJson = { epoch: string; reports: number; validReports: number; devices: number; committed: unknown }

describe('pinion up over MQTT, end to end', () => {
  const net = networkUnderTest('mqtt', config.oracles.count)
  const { logs } = net
  let network: RunningNetwork | undefined

  it('runs the fleet over the oracles’ embedded MQTT brokers and commits an epoch of valid reports by quorum', { timeout: 300_000 }, async () => {
    network = await net.start(config, { transport: 'mqtt' })
    const brokers = network.oracles.map((oracle) => oracle.mqttUrl)
    expect(brokers).toEqual([expect.stringMatching(/^mqtt:\/\/127\.0\.0\.1:\d+$/), expect.stringMatching(/^mqtt:\/\/127\.0\.0\.1:\d+$/)])
    expect(logs).toContain(`the fleet reports over MQTT: ${brokers.join(', ')}`)

    const committed = await driveUntil(
      network,
      'a committed epoch with valid reports',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${network!.state.oracles[0]!.url}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      { stepMs: 1_000 },
    )
    // Every device reported, every report was valid, and both oracles hold them (each signed the root).
    expect(committed.devices).toBe(4)
    expect(committed.validReports).toBe(committed.reports)
    for (const oracle of network.state.oracles) {
      const epoch = await getJson<EpochJson>(`${oracle.url}/v1/epochs/${committed.epoch}`)
      expect(epoch.validReports).toBe(committed.validReports)
    }
  })
})
