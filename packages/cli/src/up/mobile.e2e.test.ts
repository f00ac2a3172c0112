import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deviceIdOf } from '@pinion/protocol'
import { devnetAccounts, devnetPrivateKey } from '@pinion/contracts'
import { describe, expect, it } from 'vitest'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import { getJson } from '../commands/output.ts'
import { claimRewards, rewardsOf } from '../commands/rewards.ts'
import { replayEpochs } from '../commands/replay.ts'
import { withFleetSize } from '../config/fleetConfig.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { templatePath } from '../init/init.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import type { RunningNetwork } from './up.ts'

/**
 * The mobile template, as `pinion init --kind mobile` writes it, with a fleet of 10: six honest
 * radios and one of each adversary class (a location spoofer, a speedtest faker, a radio nobody
 * uses, a crowder in an honest radio's hex). The devnet's carrier buys credits and delegates them
 * (the kind's devnet setup); the radios' carrier-signed data sessions are charged to that escrow.
 */
type Multiplier = { name: string; value: string }
type ShareJson = { pool: string; amount: string; multipliers: Multiplier[]; inputs: Record<string, string | number | boolean> }
type Explanation = { verdicts: { valid: boolean; reason: string | null }[]; shares: ShareJson[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

const ONE = 10n ** 18n

describe('pinion up with the mobile template, end to end', () => {
  const net = networkUnderTest('mobile', 3)
  const { dataDir, logs } = net
  let network: RunningNetwork | undefined

  it('pays honest radios for coverage and data, catches every adversary class by its reason or multiplier, lets an operator claim, and replays to the root', {
    timeout: 300_000,
  }, async () => {
    const config = withFleetSize((await loadConfig(templatePath('mobile'))).config, '10')
    network = await net.start(config)
    const oracle = network.state.oracles[0]!.url
    expect(logs).toContain('set up on chain: mobile')

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
    expect(new Set(fleet.map((d) => d.behaviour))).toEqual(new Set(['honest', 'location-spoofer', 'speedtest-faker', 'no-service', 'crowder']))
    const explained = await Promise.all(
      fleet.map(async (device) => ({
        behaviour: device.behaviour,
        explanation: await getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(device.key.publicKey)}/epochs/${committed.epoch}`),
      })),
    )
    const coverage = (e: Explanation) => e.shares.find((s) => s.pool === 'mobile.coverage')
    const multiplier = (share: ShareJson | undefined, name: string) => share?.multipliers.find((m) => m.name === name)?.value
    const paid = (e: Explanation, pool: string) => e.shares.filter((s) => s.pool === pool).reduce((sum, s) => sum + BigInt(s.amount), 0n)
    const reasons = (e: Explanation) => new Set(e.verdicts.flatMap((v) => (v.valid ? [] : [v.reason!])))

    // Crowded hexes pay one radio: of the radios asserted in the crowder's hex, exactly one ranks first.
    const crowder = explained.find((d) => d.behaviour === 'crowder')!
    const crowdedHex = coverage(crowder.explanation)!.inputs.assertedHex
    const crowd = explained.filter((d) => coverage(d.explanation)?.inputs.assertedHex === crowdedHex)
    expect(crowd.length).toBeGreaterThan(1)
    const ranks = crowd.map((d) => multiplier(coverage(d.explanation), 'rank'))
    expect(ranks.filter((rank) => rank === ONE.toString())).toHaveLength(1)
    expect(ranks.filter((rank) => rank === '0')).toHaveLength(crowd.length - 1)

    for (const { behaviour, explanation } of explained) {
      const share = coverage(explanation)
      if (behaviour === 'honest') {
        expect(explanation.verdicts.every((v) => v.valid)).toBe(true)
        expect(paid(explanation, 'mobile.data')).toBeGreaterThan(0n)
        if (crowd.some((d) => d.explanation === explanation)) continue
        for (const name of ['heartbeat', 'locationTrust', 'served', 'rank']) expect([name, multiplier(share, name)]).toEqual([name, ONE.toString()])
        expect(paid(explanation, 'mobile.coverage')).toBeGreaterThan(0n)
        continue
      }
      // Every adversary is paid nothing for coverage, and says why.
      expect([behaviour, paid(explanation, 'mobile.coverage')]).toEqual([behaviour, 0n])
      if (behaviour === 'location-spoofer') {
        const forged = [...reasons(explanation)].every((r) => ['mobile.UNTRUSTED_LOCATION_VALIDATOR', 'mobile.BAD_LOCATION_SIGNATURE'].includes(r))
        expect(share === undefined ? forged && reasons(explanation).size > 0 : multiplier(share, 'locationTrust') === '0').toBe(true)
        // Its subscribers were real: the carrier pays for what it carried where it really is.
        expect(paid(explanation, 'mobile.data')).toBeGreaterThan(0n)
      }
      if (behaviour === 'speedtest-faker') {
        expect(multiplier(share, 'speedtest')).toBe('0')
        expect(reasons(explanation).size).toBeGreaterThan(0)
        for (const reason of reasons(explanation)) expect(['mobile.UNTRUSTED_SPEEDTEST_SERVER', 'mobile.BAD_SPEEDTEST_SIGNATURE', 'mobile.OUTSIDE_EPOCH']).toContain(reason)
      }
      if (behaviour === 'no-service') {
        expect(multiplier(share, 'served')).toBe('0')
        expect(paid(explanation, 'mobile.data')).toBe(0n)
      }
    }

    // An operator claims what its radios earned once the root is past its dispute window: exactly the
    // sum of their explained rewards up to the epoch it claims through. Not the last operator: it runs
    // the devnet's stake pool, whose delegator is paid part of its devices' rewards.
    const operators = devnetAccounts(10).slice(5, 9)
    const claimant = await driveUntil(
      network,
      'a mobile operator with something to claim',
      async () => {
        for (const [i, account] of operators.entries()) if ((await rewardsOf(network!.state, account.address)).claimable > 0n) return { account, index: 5 + i }
        return undefined
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )
    const claim = await claimRewards(network.state, claimant.account.address, devnetPrivateKey(claimant.index))
    expect(claim.transaction).not.toBeNull()
    let earned = 0n
    for (const deviceId of claim.devices) {
      for (let epoch = 0n; epoch <= claim.claimedThrough!.epoch; epoch++)
        earned += BigInt((await getJson<{ amount: string }>(`${oracle}/v1/devices/${deviceId}/epochs/${epoch}`)).amount)
    }
    expect(earned).toBeGreaterThan(0n)
    expect(claim.claimed).toBe(earned)

    // Anyone can recompute the root from the published reports and the chain (the registry's
    // locations, the credits delegated to the carrier).
    const replay = await replayEpochs(network.state, config, BigInt(committed.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)
  })
})
