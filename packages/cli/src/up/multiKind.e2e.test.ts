import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMMON_REASONS, kinds, splitQualifiedName } from '@pinion/kinds'
import { deviceIdOf } from '@pinion/protocol'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { creditsAbi, devnetAccounts, devnetPrivateKey, pinionTokenAbi, reasonText, rewardSplitAbi, rewardSplitFactoryAbi, stakingAbi, waitForReceipt } from '@pinion/contracts'
import { DEVNET_ROUTER_KEY } from '@pinion/kinds/wireless'
import { type Hex, createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { getJson } from '../commands/output.ts'
import { replayEpochs } from '../commands/replay.ts'
import { rewardsOf } from '../commands/rewards.ts'
import { defineNetwork } from '../config/network.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import { DEVNET_CARD_PAYMENT_CREDITS, DEVNET_DEVICE_STAKE, DEVNET_POOL } from './economy.ts'
import type { RunningNetwork } from './up.ts'

/**
 * One network running two kinds at once: uptime heartbeats and wireless proof of coverage (with the
 * wireless template's parameters: hotspots placed and asserted on chain, beacons from the chain's
 * entropy, witnesses heard through the radio model), each device of one kind, simulated by its own
 * kind with its own parameters, verified and paid by the same oracles into each kind's own pools.
 * Time is driven, never waited for.
 */
const config = defineNetwork({
  name: 'Pinion Two Kinds',
  // The wireless template's one-minute epochs and scaled windows (packages/kinds/wireless/template.config.ts);
  // uptime hears a heartbeat every 6 s, ten sub-intervals an epoch.
  epochs: { durationSeconds: 60, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 6_000 },
  pools: { 'uptime.uptime': 4_500, 'wireless.coverage': 4_000, 'wireless.usage': 1_000, treasury: 500 },
  kinds: {
    uptime: { subIntervalMs: 6_000 },
    wireless: { beaconIntervalMs: 15_000n, reciprocityWindowMs: 120_000n, hexDensityWindowMs: 150_000n, heldWindowMs: 120_000n, travelCooldownMs: 60_000n },
  },
  oracles: { count: 3, quorum: 2 },
  fleet: {
    seed: 11,
    kinds: {
      uptime: { devices: 5, behaviours: { honest: 3, flaky: 1, forger: 1 } },
      wireless: { devices: 16, behaviours: { honest: 12, 'witness-ring': 4 } },
    },
  },
})

/** Driven time moves 2 s at a step: below lateReportMs, a third of a wireless beacon window. */
const STEP = { stepMs: 2_000, timeoutMs: 240_000 }

type Verdict = { valid: boolean; reason: string | null; reasonText: string | null }
type Share = { pool: string; amount: string; multipliers: unknown[] }
type Explanation = { amount: string; verdicts: Verdict[]; shares: Share[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

describe('pinion up with two kinds, end to end', () => {
  const net = networkUnderTest('two-kinds', config.oracles.count)
  const { dataDir, logs } = net
  let network: RunningNetwork | undefined
  const start = () => net.start(config)

  it("runs each kind's fleet, judges each device by its own kind's rules and words, pays each kind in its own pools, runs the economy (credits, revenue share, settlement, slashing, a shared device), replays and resumes", {
    timeout: 420_000,
  }, async () => {
    network = await start()
    const { state } = network
    const oracle = state.oracles[0]!.url
    expect(network.fleetByKind).toEqual({ uptime: 5, wireless: 16 })
    expect(logs).toContain('21 devices registered, 21 in the fleet (5 uptime, 16 wireless)')

    // The fleet joins at the first whole epoch (a kind judges the epoch as a whole: wireless), so the
    // first committed epoch with valid reports is one both kinds reported in throughout.
    const committed = await driveUntil(
      network,
      'a committed epoch with valid reports',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      STEP,
    )

    // Each device of the fleet file is of one kind, and the file says which.
    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    expect(fleet.map((d) => d.kind)).toEqual([...Array<string>(5).fill('uptime'), ...Array<string>(16).fill('wireless')])

    // The oracle's words for every reason: the common ones bare, each kind's qualified with its own
    // words — uptime.OUTSIDE_EPOCH and wireless.OUTSIDE_EPOCH are two reasons, each its kind's.
    const { reasons } = await getJson<{ reasons: Record<string, string> }>(`${oracle}/v1/reasons`)
    for (const name of ['uptime', 'wireless']) {
      for (const [code, words] of Object.entries(kinds.get(name)!.reasons)) expect(reasons[`${name}.${code}`]).toBe(words)
    }
    expect(reasons['uptime.OUTSIDE_EPOCH']).not.toBe(reasons['wireless.OUTSIDE_EPOCH'])

    const earned = { uptime: 0n, wireless: 0n }
    const invalid = { uptime: new Set<string>(), wireless: new Set<string>() }
    for (const device of fleet) {
      const kind = device.kind as 'uptime' | 'wireless'
      const explanation = await getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(device.key.publicKey)}/epochs/${committed.epoch}`)
      // Every verdict against a device is in its own kind's words, or the pipeline's common ones.
      for (const verdict of explanation.verdicts.filter((v) => !v.valid)) {
        const reason = verdict.reason!
        invalid[kind].add(reason)
        if (Object.hasOwn(COMMON_REASONS, reason)) continue
        const qualified = splitQualifiedName(reason)
        expect(qualified?.kind, `device of kind ${kind} judged ${reason}`).toBe(kind)
        expect(verdict.reasonText).toBe(kinds.get(kind)!.reasons[qualified!.local])
        expect(reasons[reason]).toBe(verdict.reasonText)
      }
      // Every share is in one of its own kind's pools, or the network's revenue share.
      for (const share of explanation.shares) {
        expect(share.pool.startsWith(`${kind}.`) || share.pool === 'revenue', `device of kind ${kind} paid from ${share.pool}`).toBe(true)
        earned[kind] += BigInt(share.amount)
      }
    }
    // Both kinds earn, and the wireless kind's rules found something to reject in its own words.
    expect(earned.uptime).toBeGreaterThan(0n)
    expect(earned.wireless).toBeGreaterThan(0n)
    expect([...invalid.wireless].some((reason) => reason.startsWith('wireless.'))).toBe(true)

    // Proof of coverage as the wireless kind judges it (this test is also the wireless kind's end to
    // end): most honest hotspots earn coverage, each share explained by its multipliers; witness
    // rings have no radio, so none of their reports earn, and their verdicts say why.
    const explain = (device: StoredFleetDevice) => getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(device.key.publicKey)}/epochs/${committed.epoch}`)
    const coverageOf = (explanation: Explanation) => BigInt(explanation.shares.find((s) => s.pool === 'wireless.coverage')?.amount ?? '0')
    const hotspots = fleet.filter((d) => d.kind === 'wireless')
    const honest = await Promise.all(hotspots.filter((d) => d.behaviour === 'honest').map(explain))
    const earning = honest.filter((e) => coverageOf(e) > 0n)
    expect(earning.length).toBeGreaterThanOrEqual(Math.ceil(honest.length * 0.8))
    expect(earning[0]!.shares.find((s) => s.pool === 'wireless.coverage')!.multipliers.length).toBeGreaterThanOrEqual(2)
    const rings = await Promise.all(hotspots.filter((d) => d.behaviour === 'witness-ring').map(explain))
    expect(rings).toHaveLength(4)
    for (const ring of rings) expect(coverageOf(ring)).toBe(0n)
    expect(rings.flatMap((r) => r.verdicts.filter((v) => !v.valid)).length).toBeGreaterThan(0)

    // The pools the epoch paid: each kind's, none beside them but the treasury.
    const details = await getJson<{ endMs: string; pools: { pool: string; paid: string }[] }>(`${oracle}/v1/epochs/${committed.epoch}`)
    const paid = details.pools.filter((p) => BigInt(p.paid) > 0n).map((p) => p.pool)
    expect(paid).toEqual(expect.arrayContaining(['uptime.uptime']))
    expect(paid.some((pool) => pool.startsWith('wireless.'))).toBe(true)
    // The residual pool pays the network's timelock: what the treasury receives leaves only through governance.
    expect(state.treasury).toBe(state.deployment.timelock)
    const { recipients } = await getJson<{ recipients: { recipient: string; earnedInEpoch: string }[] }>(`${oracle}/v1/epochs/${committed.epoch}/recipients?limit=1000`)
    const treasuryLeaf = recipients.find((r) => r.recipient === state.deployment.timelock.toLowerCase())
    expect(BigInt(treasuryLeaf!.earnedInEpoch)).toBeGreaterThan(0n)

    // The economy, end to end. The customer bought credits by burning tokens, and the payment
    // operator minted it more for a card payment; all of them went into the devnet router's escrow.
    const client = createPublicClient({ transport: http(state.rpcUrl) })
    const credits = { address: state.deployment.credits, abi: creditsAbi } as const
    const router = DEVNET_ROUTER_KEY.publicKey.toLowerCase() as Hex
    const fromBlock = state.deployment.blockNumber
    const [bought] = await client.getContractEvents({ ...credits, eventName: 'CreditsBought', fromBlock })
    const [carded] = await client.getContractEvents({ ...credits, eventName: 'CreditsMintedForPayment', fromBlock })
    expect(bought!.args.credits).toBe((bought!.args.tokens! * 100_000n) / 10n ** 18n)
    expect(carded!.args.credits).toBe(DEVNET_CARD_PAYMENT_CREDITS)
    const delegated = (await client.getContractEvents({ ...credits, eventName: 'CreditsDelegated', fromBlock })).reduce((sum, e) => sum + e.args.credits!, 0n)
    expect(delegated).toBe(bought!.args.credits! + carded!.args.credits!)
    // Hotspots that carried the customer's data were charged for it and paid a revenue share: the
    // token value of the credits their transfers consumed, out of the emission before the pools.
    const revenue = await Promise.all(hotspots.map(explain))
    const revenuePaid = revenue.map((e) => BigInt(e.shares.find((s) => s.pool === 'revenue')?.amount ?? '0'))
    expect(revenuePaid.filter((amount) => amount > 0n).length).toBeGreaterThan(0)
    expect(details.pools.find((p) => p.pool === 'revenue')!.paid).toBe(revenuePaid.reduce((a, b) => a + b, 0n).toString())
    // Once the epoch's root is committed, the oracles settle its receipts on chain in one
    // quorum-signed batch, which burns what they consumed from the router's escrow.
    const settled = await driveUntil(
      network,
      `epoch ${committed.epoch}'s receipts settled`,
      async () => (await client.getContractEvents({ ...credits, eventName: 'ReceiptsSettled', fromBlock })).find((e) => e.args.epoch === BigInt(committed.epoch)),
      STEP,
    )
    const charged = revenuePaid.reduce((a, b) => a + b, 0n) // at 100,000 credits a token, 10^13 base units a credit
    expect(settled.args.totalCredits! * 10n ** 13n).toBe(charged)
    expect(await client.readContract({ ...credits, functionName: 'escrowOf', args: [router] })).toBeLessThanOrEqual(delegated - settled.args.totalCredits!)

    // Cheating costs stake. Every device bonded stake at start; a witness ring's verdicts prove it
    // cheated (wireless.WITNESS_RING), so the oracles sign a slash order against each ring device's
    // stake, with the verdicts' reports as evidence, and after the order's dispute window it is executed.
    const staking = { address: state.deployment.staking, abi: stakingAbi } as const
    const ringIds = hotspots.filter((d) => d.behaviour === 'witness-ring').map((d) => deviceIdOf(d.key.publicKey))
    const stakeOf = async (deviceId: Hex) => (await client.readContract({ ...staking, functionName: 'deviceStake', args: [BigInt(deviceId)] }))[0]
    const executed = await driveUntil(
      network,
      'a slash order against a witness ring executed',
      async () => (await client.getContractEvents({ ...staking, eventName: 'SlashExecuted', fromBlock })).find((e) => ringIds.includes(e.args.subject!)),
      STEP,
    )
    const [order] = await client.getContractEvents({ ...staking, eventName: 'SlashProposed', args: { id: executed.args.id }, fromBlock })
    expect(reasonText(order!.args.reason!)).toBe('wireless.WITNESS_RING')
    expect(order!.args.evidenceHash).not.toBe(`0x${'00'.repeat(32)}`)
    expect(executed.args.fromBonded).toBe(DEVNET_DEVICE_STAKE * 10n ** 18n)
    expect(await stakeOf(executed.args.subject!)).toBe(0n)
    // Honest hotspots keep theirs.
    const honestId = deviceIdOf(hotspots.find((d) => d.behaviour === 'honest')!.key.publicKey)
    expect(await stakeOf(honestId)).toBe(DEVNET_DEVICE_STAKE * 10n ** 18n)
    // Cheating does not pay, per behaviour, as `pinion fleet` shows the demo: a witness ring ends up
    // below nothing once its stake is taken, far under an honest hotspot.
    const fleetRun = await runPinion('fleet', '--data-dir', dataDir, '--json')
    expect(fleetRun.code).toBe(0)
    const behaviours = (JSON.parse(fleetRun.out) as { behaviours: { kind: string; behaviour: string; net: string; netVsHonestBps: number | null }[] }).behaviours
    const row = (behaviour: string) => behaviours.find((b) => b.kind === 'wireless' && b.behaviour === behaviour)!
    expect(row('honest').netVsHonestBps).toBe(10_000)
    expect(BigInt(row('witness-ring').net)).toBeLessThan(0n)
    expect(row('witness-ring').netVsHonestBps!).toBeLessThan(0)

    // Delegated stake: the devnet's last operator runs a pool with a commission, and a token holder
    // delegated to it. The oracles paid the delegator, in the same tree, its shares' part of what
    // each share of the operator's devices earned after the commission in force at the epoch's end.
    const [poolOperator, delegator] = [devnetAccounts(13)[9]!.address.toLowerCase(), devnetAccounts(13)[12]!.address.toLowerCase()]
    const [announced] = await client.getContractEvents({ ...staking, eventName: 'CommissionChanged', fromBlock })
    expect([announced!.args.operator!.toLowerCase(), announced!.args.commissionBps]).toEqual([poolOperator, DEVNET_POOL.commissionBps])
    const pool = await client.readContract({ ...staking, functionName: 'operatorStake', args: [poolOperator as Hex] })
    const [delegatorShares] = await client.readContract({ ...staking, functionName: 'delegationOf', args: [poolOperator as Hex, delegator as Hex] })
    expect(delegatorShares).toBe(pool.shares - pool.selfShares)
    const commission = BigInt(details.endMs) / 1000n >= announced!.args.effectiveAt! ? BigInt(DEVNET_POOL.commissionBps) : 0n
    let setAside = 0n
    for (const device of fleet.filter((d) => d.owner === 4)) {
      for (const share of (await explain(device)).shares) {
        const amount = BigInt(share.amount)
        setAside += ((amount - (amount * commission) / 10_000n) * delegatorShares) / pool.shares
      }
    }
    expect(setAside).toBeGreaterThan(0n)
    const delegatorPosition = await getJson<{ delegations: { epoch: string; operator: string; amount: string }[] }>(`${oracle}/v1/recipients/${delegator}`)
    expect(delegatorPosition.delegations.filter((d) => d.epoch === committed.epoch)).toEqual([{ epoch: committed.epoch, operator: poolOperator, amount: setAside.toString() }])

    // Shared ownership: the fleet's first device pays its rewards to a split of its owner (3 shares)
    // and a co-owner (1 share). Anyone claims the split's rewards from the distributor, and each
    // holder gets its part.
    const [created] = await client.getContractEvents({ address: state.deployment.splitFactory, abi: rewardSplitFactoryAbi, eventName: 'SplitCreated', fromBlock })
    const split = created!.args.split!
    const [owner, coOwner] = created!.args.payees!
    const position = await driveUntil(
      network,
      'rewards claimable by the split',
      async () => ((await rewardsOf(state, split)).claimable > 0n ? rewardsOf(state, split) : undefined),
      STEP,
    )
    const admin = createWalletClient({ account: privateKeyToAccount(devnetPrivateKey(0)), chain: network.devnet.chain, transport: http(state.rpcUrl) })
    const token = { address: state.deployment.token, abi: pinionTokenAbi } as const
    const balances = async () => Promise.all([owner!, coOwner!].map((holder) => client.readContract({ ...token, functionName: 'balanceOf', args: [holder] })))
    const before = await balances()
    const splitContract = { address: split, abi: rewardSplitAbi } as const
    await waitForReceipt(
      client,
      await admin.writeContract({ ...splitContract, functionName: 'claimAndRelease', args: [BigInt(position.claim!.cumulativeAmount), position.claim!.proof] }),
    )
    const after = await balances()
    const received = await client.readContract({ ...splitContract, functionName: 'totalReceived' })
    expect(received).toBe(BigInt(position.claim!.cumulativeAmount))
    expect(after[0]! - before[0]!).toBe((received * 3n) / 4n)
    expect(after[1]! - before[1]!).toBe(received / 4n)

    // Anyone can recompute the committed root of a two-kind epoch from the published inputs.
    const replay = await replayEpochs(state, config, BigInt(committed.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)

    // Stopped and started again, the network resumes with the same devices of the same kinds.
    await network.stop()
    logs.length = 0
    network = await start()
    expect(network.state.deployment).toEqual(state.deployment)
    expect(network.fleetByKind).toEqual({ uptime: 5, wireless: 16 })
    expect(logs).toContain('0 devices registered, 21 in the fleet (5 uptime, 16 wireless)')
  })
})
