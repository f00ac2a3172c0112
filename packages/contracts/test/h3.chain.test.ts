import fc from 'fast-check'
import { getPentagons, isValidCell, latLngToCell } from 'h3-js'
import { keccak256, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { KeyType, type Registration, registrationTypedData } from '../sdk/typedData.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'

const SEED = 0x48335f31 // "H3_1"
const NUM_RUNS = 360
const UINT64_MAX = (1n << 64n) - 1n
const DEVICE_CLASS = 1

/** h3-js reads a cell as 16 hex digits without 0x. */
const h3String = (index: bigint) => index.toString(16).padStart(16, '0')
const toIndex = (cell: string) => BigInt(`0x${cell}`)
/** Sets digit `position` (1..15, 1 = just below the base cell) of `index` to `digit`. */
const withDigit = (index: bigint, position: number, digit: number) => {
  const shift = BigInt((15 - position) * 3)
  return (index & ~(7n << shift)) | (BigInt(digit) << shift)
}

/** (a) Real cells anywhere on the globe, at every resolution. */
const realCell = fc
  .record({
    lat: fc.double({ min: -90, max: 90, noNaN: true, noDefaultInfinity: true }),
    lng: fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true }),
    res: fc.integer({ min: 0, max: 15 }),
  })
  .map(({ lat, lng, res }) => toIndex(latLngToCell(lat, lng, res)))

/** (b) Real cells with one bit flipped: near misses in every field, half of them in the header. */
const flippedCell = fc.tuple(realCell, fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 45, max: 63 }))).map(([cell, bit]) => cell ^ (1n << BigInt(bit)))

/**
 * (c) Cells under pentagon base cells with some digits rewritten: the deleted k-axes sub-sequence
 * (first non-zero digit 1) is invalid there and nowhere else. Mostly digits within the resolution,
 * sometimes one past it.
 */
const mutatedPentagon = fc
  .record({
    res: fc.integer({ min: 1, max: 15 }),
    pentagon: fc.integer({ min: 0, max: 11 }),
    mutations: fc.array(fc.record({ position: fc.integer({ min: 0, max: 14 }), digit: fc.integer({ min: 0, max: 7 }), anywhere: fc.nat(9) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ res, pentagon, mutations }) =>
    mutations.reduce(
      (index, { position, digit, anywhere }) => withDigit(index, anywhere === 0 ? position + 1 : (position % res) + 1, digit),
      toIndex(getPentagons(res)[pentagon]!),
    ),
  )

/** (d) Arbitrary 64-bit values. */
const randomIndex = fc.bigInt({ min: 0n, max: UINT64_MAX })

const candidate = fc.oneof(realCell, flippedCell, mutatedPentagon, randomIndex)

describe('H3', () => {
  let net: Network
  let deviceId: bigint

  beforeAll(async () => {
    net = await workerNetwork()
    const { admin, maker, users } = net.accounts
    const owner = users[1]!
    const { registry } = net.contracts
    const registration: Registration = {
      keyType: KeyType.Ed25519,
      key: keccak256(toHex('h3 device')),
      deviceClass: DEVICE_CLASS,
      serial: word(1),
      owner: owner.address,
      nonce: 0n,
      deadline: 4_102_444_800n, // 2100-01-01
    }
    await net.send(admin, { ...registry, functionName: 'addMaker', args: [DEVICE_CLASS, maker.address] })
    const signature = await net.walletFor(maker).signTypedData(registrationTypedData(net.chain.id, net.deployment.registry, registration))
    await net.send(owner, { ...registry, functionName: 'registerDevice', args: [registration, maker.address, signature] })
    deviceId = BigInt(keccak256(registration.key))
  })
  revertEachTest(() => net)

  /** Whether the registry accepts `index` as a location, by simulating `assertLocation` from the owner. */
  async function acceptedOnChain(index: bigint): Promise<boolean> {
    const call = net.publicClient.simulateContract({
      ...net.contracts.registry,
      functionName: 'assertLocation',
      args: [deviceId, index, 0, 0, 0n],
      account: net.accounts.users[1]!.address,
    })
    try {
      await call
      return true
    } catch {
      expect(await revertOf(call)).toEqual({ name: 'InvalidLocation', args: [index] })
      return false
    }
  }

  describe('isValidCell', () => {
    it('accepts exactly the indexes h3-js accepts', async () => {
      const seen = { valid: 0, invalid: 0 }
      await fc.assert(
        fc.asyncProperty(candidate, async (index) => {
          const expected = isValidCell(h3String(index))
          expect(await acceptedOnChain(index)).toBe(expected)
          seen[expected ? 'valid' : 'invalid'] += 1
        }),
        {
          seed: SEED,
          numRuns: NUM_RUNS,
          examples: [
            [0n],
            [UINT64_MAX],
            [toIndex(latLngToCell(0, 0, 0))],
            [toIndex(latLngToCell(0, 0, 15))],
            [toIndex(getPentagons(0)[0]!)],
            [withDigit(toIndex(getPentagons(1)[0]!), 1, 1)], // pentagon, k-axes digit first: deleted
            [withDigit(toIndex(latLngToCell(0, 0, 1)), 1, 1)], // hexagon base cell: digit 1 is fine
            [(toIndex(latLngToCell(0, 0, 0)) & ~(0x7fn << 45n)) | (121n << 45n)], // last base cell
            [(toIndex(latLngToCell(0, 0, 0)) & ~(0x7fn << 45n)) | (122n << 45n)], // one past it
            [toIndex(latLngToCell(0, 0, 5)) | (1n << 56n)], // a reserved bit
            [(toIndex(latLngToCell(0, 0, 5)) & ~(0xfn << 59n)) | (2n << 59n)], // mode 2: a directed edge
          ],
        },
      )
      // Both outcomes are exercised in volume, so agreement is not agreement on one answer only.
      expect(seen.valid).toBeGreaterThan(NUM_RUNS / 5)
      expect(seen.invalid).toBeGreaterThan(NUM_RUNS / 5)
    })
  })
})
