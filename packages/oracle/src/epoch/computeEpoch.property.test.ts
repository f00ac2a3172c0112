import { UPTIME_BEHAVIOURS } from '@pinion/kinds/uptime'
import { type DeviceKey, RewardTree, deviceIdOf, p256KeyPair, rewardLeaf, verifyProof } from '@pinion/protocol'
import fc from 'fast-check'
import { type Address, keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { computeEpoch } from './computeEpoch.ts'
import { type FleetDevice, TREASURY, epochInput, shuffled, signFleet } from '../../../testkit/src/oracle/epochFixture.ts'
import type { EpochResult } from './types.ts'

// P-256 keys from pinned private keys, and RFC 6979 signatures: every run is reproducible.
const KEYS: DeviceKey[] = Array.from({ length: 6 }, (_, i) => ({ type: 'p256', ...p256KeyPair(keccak256(toBytes(`pinion/property/${i}`))) }))
const RECIPIENTS: Address[] = [
  '0x1111111111111111111111111111111111111111',
  '0x2222222222222222222222222222222222222222',
  '0x3333333333333333333333333333333333333333',
  TREASURY, // a device may pay the treasury: its share and the residual add up in one leaf
  '0x5555555555555555555555555555555555555555',
]

const fleetArbitrary = fc.array(
  fc.record({
    behaviour: fc.constantFrom(...UPTIME_BEHAVIOURS),
    recipient: fc.nat({ max: 3 }),
    active: fc.nat({ max: 4 }).map((n) => n > 0), // one device in five retired or suspended
    located: fc.boolean(),
  }),
  { minLength: 1, maxLength: KEYS.length },
)

const comparable = ({ tree, ...rest }: EpochResult) => ({ ...rest, root: tree?.root ?? null })

describe('computeEpoch over random fleets', () => {
  it('balances, accumulates, commits a provable root, and ignores input order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fleetArbitrary,
        fc.nat({ max: 2 ** 31 }),
        fc.bigInt({ min: 0n, max: 10n ** 27n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.tuple(fc.nat({ max: RECIPIENTS.length - 1 }), fc.bigInt({ min: 0n, max: 10n ** 24n })), { maxLength: 4 }),
        async (specs, seed, emission, uptimeBasisPoints, previousList) => {
          const fleet: FleetDevice[] = specs.map((spec, i) => ({
            key: KEYS[i]!,
            behaviour: spec.behaviour,
            device: {
              deviceId: deviceIdOf(KEYS[i]!.publicKey),
              owner: RECIPIENTS[0]!,
              recipient: RECIPIENTS[spec.recipient]!,
              deviceClass: 1,
              keyType: 'p256',
              publicKey: KEYS[i]!.publicKey,
              location: spec.located ? 0x8c2a100d2c2b3ffn : null,
              locations: spec.located ? [{ cell: 0x8c2a100d2c2b3ffn, atMs: 0n, antennaGain: 12, elevation: 5 }] : [],
              active: spec.active,
            },
          }))
          const previous = new Map<Address, bigint>(previousList.map(([r, amount]) => [RECIPIENTS[r]!, amount]))
          const reports = signFleet(fleet, seed)
          const pools = [
            { name: 'uptime.uptime', basisPoints: uptimeBasisPoints },
            { name: 'treasury', basisPoints: 10_000 - uptimeBasisPoints },
          ]
          const input = epochInput(fleet, reports, { emission, pools, previousCumulative: previous })
          const result = await computeEpoch(input, { treeThreads: 1 })

          // Every token of the emission is paid exactly once, and cumulative only grows by it.
          const paid = result.shares.reduce((sum, s) => sum + s.amount, 0n)
          expect(paid + result.residualAmount).toBe(emission)
          const previousTotal = [...previous.values()].reduce((a, b) => a + b, 0n)
          expect(result.totalCumulative).toBe(previousTotal + emission)
          expect(result.cumulative.reduce((a, e) => a + e.cumulativeAmount, 0n)).toBe(result.totalCumulative)

          // Each share gets its pro-rata part of the uptime pool, toward zero; inactive devices nothing.
          const pool = result.pools.find((p) => p.pool === 'uptime.uptime')!
          const weights = result.shares.reduce((sum, s) => sum + s.weight, 0n)
          for (const share of result.shares) {
            expect(share.amount).toBe(weights === 0n ? 0n : (pool.allocation * share.weight) / weights)
            expect(fleet.find((d) => d.device.deviceId === share.deviceId)!.device.active).toBe(true)
          }

          // The root is the tree of cumulative amounts, and its proofs verify.
          if (result.tree !== null) {
            expect(result.root).toBe(RewardTree.build(result.cumulative).root)
            const entry = result.cumulative[seed % result.cumulative.length]!
            expect(verifyProof(result.root, rewardLeaf(entry), result.tree.proof(result.tree.indexOf(entry.recipient)!))).toBe(true)
          }

          // The same inputs in another order: the same result, bit for bit.
          const reordered = epochInput(shuffled(fleet, seed + 1), shuffled(reports, seed + 2), {
            emission,
            pools,
            previousCumulative: new Map(shuffled([...previous], seed + 3)),
          })
          expect(comparable(await computeEpoch(reordered, { treeThreads: 1 }))).toEqual(comparable(result))
        },
      ),
      { seed: 0x4550_4f43, numRuns: 25 },
    )
  })
})
