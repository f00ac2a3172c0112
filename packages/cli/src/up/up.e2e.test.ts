import { type Socket, connect } from 'node:net'
import { devnetAccounts, devnetPrivateKey, rewardDistributorAbi } from '@pinion/contracts'
import { type Hex, createPublicClient, decodeFunctionData, http, size } from 'viem'
import { describe, expect, it } from 'vitest'
import { claimRewards, rewardsOf } from '../commands/rewards.ts'
import { getJson } from '../commands/output.ts'
import { replayEpochs } from '../commands/replay.ts'
import { defineNetwork } from '../config/network.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import type { RunningNetwork } from './up.ts'

/**
 * The whole machine, through real parts only: anvil, the contracts, three oracles (each with its
 * own PGlite, or PostgreSQL when DATABASE_URL is set) and a fleet of signed-report devices.
 */
const config = defineNetwork({
  epochs: { durationSeconds: 8, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 8, behaviours: { honest: 5, flaky: 1, forger: 1, replayer: 1 }, seed: 7 },
})

/** Driven time moves a sub-interval (1 s of the 8-second epoch) at a step. */
const STEP = { stepMs: 1_000 }

type Explanation = { amount: string; verdicts: { valid: boolean; reason: string | null }[] }
type EpochJson = { epoch: string; validReports: number; devices: number; committed: unknown }

describe('pinion up, end to end', () => {
  const net = networkUnderTest('e2e', config.oracles.count)
  let network: RunningNetwork | undefined
  const start = () => net.start(config)

  it('registers, reports, commits by quorum, pays exactly the explained rewards, replays the root and resumes', { timeout: 300_000 }, async () => {
    network = await start()
    const { state } = network
    const oracle = state.oracles[0]!.url
    const client = createPublicClient({ transport: http(state.rpcUrl) })

    // An epoch in which the devices reported is committed on chain: time moves a sub-interval at a
    // time, and the fleet delivers what is due at each step.
    const committed = await driveUntil(
      network,
      'a committed epoch with valid reports',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      STEP,
    )
    const committedEpoch = BigInt(committed.epoch)
    expect(committed.devices).toBeGreaterThanOrEqual(5)

    // The root on chain carries a quorum's signatures: at least two oracles signed it, and the
    // oracle's API shows the signers that are on chain.
    const details = await getJson<{ root: string; signatures: { oracle: string }[]; committed: { transaction: Hex } }>(`${oracle}/v1/epochs/${committed.epoch}`)
    const transaction = await client.getTransaction({ hash: details.committed.transaction })
    const [, packed] = decodeFunctionData({ abi: rewardDistributorAbi, data: transaction.input }).args as unknown as [unknown, Hex]
    expect(size(packed) / 64).toBeGreaterThanOrEqual(2)
    const signers = state.oracles.map((o) => o.address.toLowerCase())
    expect(details.signatures.length).toBeGreaterThanOrEqual(2)
    for (const { oracle: signer } of details.signatures) expect(signers).toContain(signer)

    // An operator claims with the API's proof; its balance equals the sum of its explained rewards.
    // Not the last operator: it runs the devnet's stake pool, whose delegator is paid part of its
    // devices' rewards (a quarter of them would reach it, before its commission is in force).
    const operators = devnetAccounts(10).slice(5, 9)
    const claimant = await driveUntil(
      network,
      'an operator with something to claim',
      async () => {
        for (const [i, account] of operators.entries()) {
          const position = await rewardsOf(state, account.address)
          if (position.claimable > 0n) return { account, index: 5 + i }
        }
        return undefined
      },
      STEP,
    )
    const claim = await claimRewards(state, claimant.account.address, devnetPrivateKey(claimant.index))
    expect(claim.transaction).not.toBeNull()
    const claimedEpoch = claim.claimedThrough!.epoch
    let explained = 0n
    for (const deviceId of claim.devices) {
      for (let epoch = 0n; epoch <= claimedEpoch; epoch++) {
        const explanation = await getJson<Explanation>(`${oracle}/v1/devices/${deviceId}/epochs/${epoch}`)
        explained += BigInt(explanation.amount)
      }
    }
    expect(explained).toBeGreaterThan(0n)
    expect(claim.claimedThrough!.cumulativeAmount).toBe(explained)
    expect(claim.claimed).toBe(explained)
    expect(claim.balance).toBe(explained)

    // Anyone can recompute the committed root from the published inputs and the chain.
    const replay = await replayEpochs(state, config, committedEpoch)
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)
    expect(replay.onChainRoot).toBe(details.root)

    // The forger's reports were never accepted: its device earned nothing.
    const { devices } = await getJson<{ devices: { deviceId: string; earned: string }[] }>(`${oracle}/v1/devices?limit=100`)
    expect(devices).toHaveLength(8)
    expect(devices.filter((d) => BigInt(d.earned) === 0n).length).toBeGreaterThanOrEqual(1)

    // Stop and start again: the same deployment resumes and epochs keep being committed.
    const nextEpochBefore = await client.readContract({ address: state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
    // A client that connected to every oracle but never sent a request (a device agent stopped
    // mid-connect) does not hold the stop up (the server's header timeout is about 70 s, past this
    // test's own): stopping closes it from the server's side.
    const halfOpen = await Promise.all(network.oracles.map((o) => connectWithoutRequest(o.url)))
    const closedByServer = halfOpen.map((socket) => new Promise<boolean>((resolve) => socket.once('close', () => resolve(true))))
    await network.stop()
    expect(await Promise.all(closedByServer)).toEqual(halfOpen.map(() => true))
    network = await start()
    expect(network.state.deployment).toEqual(state.deployment)
    const resumedClient = createPublicClient({ transport: http(network.state.rpcUrl) })
    await driveUntil(
      network,
      'a root committed after the restart',
      async () => {
        const next = await resumedClient.readContract({ address: state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
        return next > nextEpochBefore ? next : undefined
      },
      STEP,
    )
    // The claim made before the restart is still on the chain.
    expect((await rewardsOf(network.state, claimant.account.address)).claimed).toBe(explained)
  })
})

/** Opens a TCP connection to an HTTP server and sends nothing. */
function connectWithoutRequest(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket))
    socket.once('error', reject)
  })
}
