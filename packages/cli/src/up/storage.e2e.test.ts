import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deviceIdOf } from '@pinion/protocol'
import { kindContractsOf } from '@pinion/contracts'
import { DEVNET_PRICE_PER_PERIOD, STORAGE_MARKET, devnetPieces } from '@pinion/kinds/storage'
import { type Address, createPublicClient, http, numberToHex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import { getJson } from '../commands/output.ts'
import { replayEpochs } from '../commands/replay.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { templatePath } from '../init/init.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import type { RunningNetwork } from './up.ts'

/**
 * The storage template, as `pinion init --kind storage` writes it: twelve providers, each with a
 * deal the devnet's customer made on StorageMarket (three seeded pieces, committed by their PDP
 * roots) and accepted; every epoch each provider proves its deal's period from the bytes it holds.
 */
type ShareJson = { pool: string; amount: string; multipliers: { name: string; value: string }[]; inputs: Record<string, string | number | boolean> }
type Explanation = { verdicts: { valid: boolean; reason: string | null }[]; shares: ShareJson[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

const MARKET_ABI = parseAbi(['function dealCount() view returns (uint256)'])
/** StorageMarket's DealState: Proposed 0, Active 1, Completed 2, Terminated 3. */
const DEAL_ACTIVE = 1
const DEAL_TERMINATED = 3
type DealView = { deviceId: bigint; provider: Address; state: number; periodsRecorded: number; consecutiveFaults: number; totalFaults: number; collateralLeft: bigint }

describe('pinion up with the storage template, end to end', () => {
  const net = networkUnderTest('storage', 3)
  const { dataDir, logs } = net
  let network: RunningNetwork | undefined

  it('stores a real file, pays the providers that prove their periods from the escrow, judges each adversary, terminates and slashes a stopped provider, repairs its pieces onto another, fetches the file bit for bit, and replays to the root', {
    timeout: 300_000,
  }, async () => {
    const { config } = await loadConfig(templatePath('storage'))
    network = await net.start(config)
    const oracle = network.state.oracles[0]!.url
    expect(logs).toContain('set up on chain: storage')
    const market = network.state.deployment.kinds.storage![STORAGE_MARKET]!
    const client = createPublicClient({ transport: http(network.state.rpcUrl) })
    const storage = network.storage!

    // 1. A customer stored a real file: sealed, 2-of-4 coded, each piece keyed to its provider, and a
    // deal with every provider holding pieces of it, beside the devnet's deal with every provider.
    const file = storage.file()
    expect(logs.some((line) => line.startsWith(`stored ${file.size} bytes (${file.segments.length} segments)`))).toBe(true)
    const holders = [...new Set(file.segments.flatMap((s) => s.pieces.map((p) => p.deviceId)))]
    expect(holders.length).toBeGreaterThanOrEqual(4)
    expect(await client.readContract({ address: market, abi: MARKET_ABI, functionName: 'dealCount' })).toBe(12n + BigInt(holders.length))
    expect(Buffer.from(await storage.download()).equals(readFileSync(storage.original))).toBe(true)

    const committed = await driveUntil(
      network,
      'a committed epoch with valid proofs',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        return epochs.find((e) => e.committed !== null && e.validReports > 0)
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )

    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    const explained = await Promise.all(
      fleet.map(async (device) => {
        const deviceId = deviceIdOf(device.key.publicKey)
        return { behaviour: device.behaviour, deviceId, explanation: await getJson<Explanation>(`${oracle}/v1/devices/${deviceId}/epochs/${committed.epoch}`) }
      }),
    )
    const reasons = (e: Explanation) => [...new Set(e.verdicts.flatMap((v) => (v.valid ? [] : [v.reason!])))].sort()
    const paid = (e: Explanation) => e.shares.filter((s) => s.pool === 'storage.proven').reduce((sum, s) => sum + BigInt(s.amount), 0n)
    for (const { behaviour, deviceId, explanation } of explained) {
      expect(devnetPieces(deviceId)).toHaveLength(3)
      if (behaviour === 'honest') {
        // One period for the devnet's deal, and one for the customer's file where it holds pieces of it.
        const owed = holders.includes(deviceId) ? 2 : 1
        expect([behaviour, explanation.verdicts.length, reasons(explanation)]).toEqual([behaviour, owed, []])
        expect(paid(explanation)).toBeGreaterThan(0n)
        expect(explanation.shares[0]!.inputs).toMatchObject({ periodsOwed: owed, periodsProven: owed })
      }
      if (behaviour === 'late') expect([behaviour, reasons(explanation), paid(explanation)]).toEqual([behaviour, ['storage.ANSWERED_LATE'], 0n])
      if (behaviour === 'corrupter' || behaviour === 'sybil') expect([behaviour, reasons(explanation), paid(explanation)]).toEqual([behaviour, ['storage.PROOF_INVALID'], 0n])
      if (behaviour === 'repeater') {
        expect(reasons(explanation)).toEqual(['storage.DUPLICATE_PROOF'])
        expect(paid(explanation)).toBeGreaterThan(0n)
      }
      if (behaviour === 'dropper') expect(reasons(explanation).every((r) => r === 'storage.PROOF_INVALID')).toBe(true)
    }

    // 2. One honest provider holding pieces of the file stops: its node goes down and it proves nothing.
    const honestHolders = explained.filter((d) => d.behaviour === 'honest' && holders.includes(d.deviceId))
    const stopped = honestHolders[0]!.deviceId
    const honest = honestHolders[1]!
    await storage.stopProvider(stopped)

    // 3. The oracles settle each committed epoch's periods on StorageMarket, signed by a quorum: proven
    // periods pay their provider out of the escrow; a fault refunds the customer and burns its fee, and
    // the third in a row terminates the deal, burning the rest of its collateral: the corrupter's, and
    // the stopped provider's.
    const { abi } = kindContractsOf('storage')[STORAGE_MARKET]!
    const dealOf = async (dealId: bigint) => (await client.readContract({ address: market, abi, functionName: 'dealOf', args: [dealId] })) as DealView
    const dealsOf = new Map<string, bigint[]>()
    for (let id = 1n; id <= 12n + BigInt(holders.length); id++) {
      const deviceId = numberToHex((await dealOf(id)).deviceId, { size: 32 })
      dealsOf.set(deviceId, [...(dealsOf.get(deviceId) ?? []), id])
    }
    const corrupter = explained.find((d) => d.behaviour === 'corrupter')!
    const watched = [...dealsOf.get(corrupter.deviceId)!, ...dealsOf.get(stopped)!]
    const terminated = await driveUntil(
      network,
      "the corrupter's and the stopped provider's deals terminated",
      async () => {
        const deals = await Promise.all(watched.map(dealOf))
        return deals.every((deal) => deal.state === DEAL_TERMINATED) ? deals : undefined
      },
      { stepMs: 2_000, timeoutMs: 240_000 },
    )
    for (const deal of terminated) expect([deal.consecutiveFaults, deal.collateralLeft]).toEqual([3, 0n])
    for (const dealId of dealsOf.get(honest.deviceId)!) {
      const deal = await dealOf(dealId)
      // Periods before the fleet's first epoch (the network still starting) are faults of every
      // provider; since then the honest one proved each.
      expect([deal.state, deal.consecutiveFaults]).toEqual([DEAL_ACTIVE, 0])
      expect(deal.periodsRecorded - deal.totalFaults).toBeGreaterThanOrEqual(3)
    }
    const honestProvider = (await dealOf(dealsOf.get(honest.deviceId)![0]!)).provider
    expect(await client.readContract({ address: market, abi, functionName: 'balanceOf', args: [honestProvider] })).toBeGreaterThanOrEqual(3n * DEVNET_PRICE_PER_PERIOD)

    // 4. The customer repairs its file: each segment that lost the stopped provider's piece has it
    // rebuilt from two healthy ones and stored, keyed anew, with the one operator the segment did not
    // use, under a new deal, which that provider then proves.
    const before = storage.file()
    const repair = await storage.repair()
    const lostSegments = before.segments.filter((segment) => segment.pieces.some((p) => p.deviceId === stopped)).length
    expect(repair.summary).toMatchObject({ checked: before.segments.length, repaired: lostSegments, short: 0, unrecoverable: 0, piecesUploaded: lostSegments })
    for (const segment of storage.file().segments) {
      expect(segment.pieces.some((p) => p.deviceId === stopped)).toBe(false)
      expect(new Set(segment.pieces.map((p) => p.operator)).size).toBe(4)
    }
    const dealCount = (await client.readContract({ address: market, abi: MARKET_ABI, functionName: 'dealCount' })) as bigint
    const repairDeals = Array.from({ length: Number(dealCount) - 12 - holders.length }, (_, i) => BigInt(13 + holders.length + i))
    expect(repairDeals.length).toBeGreaterThan(0)
    // Repair placed nothing with a provider a deal of which was terminated for faults (the adversaries'): each new holder proves.
    const behaviourOf = new Map(explained.map((d) => [d.deviceId, d.behaviour]))
    const repairHolders = await Promise.all(repairDeals.map(async (id) => behaviourOf.get(numberToHex((await dealOf(id)).deviceId, { size: 32 }))))
    for (const behaviour of repairHolders) expect(['honest', 'flaky', 'repeater']).toContain(behaviour)
    await driveUntil(
      network,
      'a proven period of every repair deal',
      async () => ((await Promise.all(repairDeals.map(dealOf))).every((deal) => deal.periodsRecorded > deal.totalFaults) ? true : undefined),
      { stepMs: 2_000, timeoutMs: 120_000 },
    )

    // 5. The customer gets its file back bit for bit, from the providers still up.
    expect(Buffer.from(await storage.download()).equals(readFileSync(storage.original))).toBe(true)

    // Anyone can recompute the root from the published proofs and the chain (the deals' events).
    const replay = await replayEpochs(network.state, config, BigInt(committed.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)
  })
})
