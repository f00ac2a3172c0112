import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PING_MARKET, ping } from '@pinion/kinds/ping'
import { deviceIdOf } from '@pinion/protocol'
import { devnetAccounts, devnetPrivateKey } from '@pinion/contracts'
import { createPublicClient, http, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { getJson } from '../commands/output.ts'
import { claimRewards, rewardsOf } from '../commands/rewards.ts'
import { replayEpochs } from '../commands/replay.ts'
import { withFleetSize } from '../config/fleetConfig.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { templatePath } from '../init/init.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import type { RunningNetwork } from './up.ts'

/**
 * The ping template, as `pinion init --kind ping` writes it, with a fleet of 8: a kind with devnet
 * hooks and challenges run by `pinion up`. Operators and the customer are funded at genesis, the
 * operators bond stake (setup), the customer pays for service each epoch (the epoch hook), and the
 * fleet answers the challenges the oracle serves it.
 */
const STAKE_ABI = parseAbi(['function stakeOf(uint256 deviceId) view returns (uint256)'])

type Explanation = { verdicts: { valid: boolean; reason: string | null }[]; shares: { pool: string; amount: string }[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

describe('pinion up with the ping template, end to end', () => {
  const net = networkUnderTest('ping', 3)
  const { dataDir, logs } = net
  let network: RunningNetwork | undefined

  it('bonds, answers challenges, is paid for service, earns in its own pools, claims, replays, and bonds nothing twice on resume', { timeout: 300_000 }, async () => {
    const config = withFleetSize((await loadConfig(templatePath('ping'))).config, '8')
    const start = () => net.start(config)
    network = await start()
    const { state } = network
    const oracle = state.oracles[0]!.url
    expect(logs).toContain('set up on chain: ping')

    const committed = await driveUntil(
      network,
      'a committed epoch with valid reports',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )

    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    const explained = await Promise.all(
      fleet.map(async (device) => ({
        device,
        explanation: await getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(device.key.publicKey)}/epochs/${committed.epoch}`),
      })),
    )
    const paid = (pool: string, e: Explanation) => e.shares.filter((s) => s.pool === pool).reduce((sum, s) => sum + BigInt(s.amount), 0n)
    // Honest devices answered every challenge and earn availability; the customer's payments earn service.
    for (const { device, explanation } of explained) {
      for (const share of explanation.shares) expect(share.pool.startsWith('ping.')).toBe(true)
      if (device.behaviour === 'honest') {
        expect(explanation.verdicts.length).toBeGreaterThan(0)
        expect(explanation.verdicts.every((v) => v.valid)).toBe(true)
        expect(paid('ping.availability', explanation)).toBeGreaterThan(0n)
      }
      if (device.behaviour === 'late') {
        expect(explanation.verdicts.length).toBeGreaterThan(0)
        expect(new Set(explanation.verdicts.map((v) => v.reason))).toEqual(new Set(['ping.ANSWERED_LATE']))
      }
    }
    expect(explained.reduce((sum, { explanation }) => sum + paid('ping.service', explanation), 0n)).toBeGreaterThan(0n)

    // An operator claims what its ping devices earned once the root is past its dispute window: exactly
    // the sum of their explained rewards up to the epoch it claims through. Not the last operator: it
    // runs the devnet's stake pool, whose delegator is paid part of its devices' rewards.
    const operators = devnetAccounts(10).slice(5, 9)
    const claimant = await driveUntil(
      network,
      'a ping operator with something to claim',
      async () => {
        for (const [i, account] of operators.entries()) if ((await rewardsOf(state, account.address)).claimable > 0n) return { account, index: 5 + i }
        return undefined
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )
    const claim = await claimRewards(state, claimant.account.address, devnetPrivateKey(claimant.index))
    expect(claim.transaction).not.toBeNull()
    let earned = 0n
    for (const deviceId of claim.devices) {
      for (let epoch = 0n; epoch <= claim.claimedThrough!.epoch; epoch++) {
        earned += BigInt((await getJson<{ amount: string }>(`${oracle}/v1/devices/${deviceId}/epochs/${epoch}`)).amount)
      }
    }
    expect(earned).toBeGreaterThan(0n)
    expect(claim.claimed).toBe(earned)

    // Anyone can recompute the root from the published reports and the chain: the challenges from the
    // entropy block, the stake bonded and the service paid from PingMarket's events.
    const replay = await replayEpochs(state, config, BigInt(committed.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)

    // Restarted, setup runs again and bonds nothing twice: every staked device holds exactly its stake.
    await network.stop()
    logs.length = 0
    network = await start()
    expect(logs).toContain('set up on chain: ping')
    const client = createPublicClient({ transport: http(network.state.rpcUrl) })
    const market = network.state.deployment.kinds.ping![PING_MARKET]!
    const { minStake } = ping.parseParams(config.kinds.ping)
    for (const device of fleet.filter((d) => d.behaviour === 'honest')) {
      expect(await client.readContract({ address: market, abi: STAKE_ABI, functionName: 'stakeOf', args: [BigInt(deviceIdOf(device.key.publicKey))] })).toBe(minStake)
    }
  })
})
