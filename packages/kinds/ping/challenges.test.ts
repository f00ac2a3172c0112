import { type Hex, encodePacked, keccak256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { challengeSeed, pingChallenges } from './challenges.ts'
import { DAY_EPOCH, DEVNET_EPOCH, device, deviceId, issued, registry } from './fixtures.ts'
import { DEFAULT_PING_PARAMS, challengeSlotMs } from './params.ts'
import { decodePing } from './payload.ts'

const MIN = DEFAULT_PING_PARAMS.minStake
const devices = registry([1, 2, 3].map((n) => device(n)))
const staked = new Map<Hex, bigint>([1, 2, 3].map((n) => [deviceId(n), MIN]))
const challenge = (epoch = DEVNET_EPOCH, params = DEFAULT_PING_PARAMS) => pingChallenges({ epoch, devices, stake: staked, params })

describe('ping challenges', () => {
  it('are the same from the same entropy, and others from another entropy or epoch number', () => {
    expect(challenge()).toEqual(challenge())
    const times = (cs: ReturnType<typeof challenge>) => cs.map((c) => c.issuedAtMs)
    const nonces = (cs: ReturnType<typeof challenge>) => cs.map((c) => decodePing(c.payload))
    const other = challenge({ ...DEVNET_EPOCH, entropy: keccak256(DEVNET_EPOCH.entropy) })
    expect(times(other)).not.toEqual(times(challenge()))
    expect(nonces(other)).not.toEqual(nonces(challenge()))
    const next = challenge({ ...DEVNET_EPOCH, epoch: DEVNET_EPOCH.epoch + 1n })
    expect(nonces(next)).not.toEqual(nonces(challenge()))
    expect(new Set(nonces(challenge())).size).toBe(12) // every challenge its own nonce
  })

  it('derive each seed as keccak256(abi.encodePacked(domain, entropy, uint64 epoch, bytes32 device, uint32 index)), and each nonce from it', () => {
    const { entropy, epoch } = DEVNET_EPOCH
    const seed = challengeSeed(entropy, epoch, deviceId(1), 2)
    expect(seed).toBe(keccak256(encodePacked(['string', 'bytes32', 'uint64', 'bytes32', 'uint32'], ['pinion/ping/challenge/v1', entropy, epoch, deviceId(1), 2])))
    const third = challenge().filter((c) => c.deviceId === deviceId(1))[2]!
    expect(decodePing(third.payload)).toBe(keccak256(encodePacked(['string', 'bytes32'], ['pinion/ping/nonce/v1', seed])))
    const slot = challengeSlotMs(DEVNET_EPOCH, DEFAULT_PING_PARAMS)
    expect(third.issuedAtMs).toBe(DEVNET_EPOCH.startMs + 2n * slot + (BigInt(seed) % slot))
  })

  it('pin the draw: a changed derivation is a new rules version, not a quiet change', () => {
    expect(challenge().map((c) => `${c.deviceId.slice(-1)} +${c.issuedAtMs - DEVNET_EPOCH.startMs}`)).toMatchInlineSnapshot(`
      [
        "1 +2650",
        "1 +9887",
        "1 +12743",
        "1 +23020",
        "2 +3105",
        "2 +8183",
        "2 +17441",
        "2 +19063",
        "3 +3127",
        "3 +7342",
        "3 +12966",
        "3 +21626",
      ]
    `)
  })

  it('put challengesPerEpoch to each staked device, one in each slot, every deadline inside the epoch', () => {
    for (const [epoch, n] of [
      [DEVNET_EPOCH, 4],
      [DAY_EPOCH, 24],
    ] as const) {
      const params = { ...DEFAULT_PING_PARAMS, challengesPerEpoch: n }
      const slot = challengeSlotMs(epoch, params)
      for (let e = 0; e < 20; e++) {
        const cs = challenge({ ...epoch, entropy: keccak256(toHex(e)) }, params)
        expect(cs).toHaveLength(3 * n)
        cs.forEach((c, i) => {
          const k = BigInt(i % n)
          expect(c.challengeType).toBe('ping')
          expect(c.issuedAtMs >= epoch.startMs + k * slot && c.issuedAtMs < epoch.startMs + (k + 1n) * slot).toBe(true)
          expect(c.deadlineMs).toBe(c.issuedAtMs + params.responseWindowMs)
          expect(c.deadlineMs <= epoch.endMs).toBe(true)
        })
      }
    }
  })

  it('reach the epoch end at most, even when the window leaves one or two moments of room', () => {
    const one = { ...DEFAULT_PING_PARAMS, challengesPerEpoch: 1, responseWindowMs: 30_000n } // room: the start alone
    expect(challenge(DEVNET_EPOCH, one).map((c) => [c.issuedAtMs, c.deadlineMs])).toEqual(Array(3).fill([DEVNET_EPOCH.startMs, DEVNET_EPOCH.endMs]))
    const two = { ...one, responseWindowMs: 29_999n } // room: the start and the millisecond after
    for (let e = 0; e < 20; e++) {
      for (const c of challenge({ ...DEVNET_EPOCH, entropy: keccak256(toHex(e)) }, two)) {
        expect(c.issuedAtMs - DEVNET_EPOCH.startMs <= 1n && c.deadlineMs <= DEVNET_EPOCH.endMs).toBe(true)
      }
    }
  })

  it('challenge only active devices with at least minStake bonded as of the entropy block', () => {
    const fleet = registry([device(1), device(2), device(3), device(4, { active: false })])
    const stake = new Map<Hex, bigint>([
      [deviceId(1), MIN],
      [deviceId(2), MIN - 1n],
      [deviceId(4), MIN * 10n],
    ])
    const cs = pingChallenges({ epoch: DEVNET_EPOCH, devices: fleet, stake, params: DEFAULT_PING_PARAMS })
    expect(new Set(cs.map((c) => c.deviceId))).toEqual(new Set([deviceId(1)]))
    const free = pingChallenges({ epoch: DEVNET_EPOCH, devices: fleet, stake: new Map(), params: { ...DEFAULT_PING_PARAMS, minStake: 0n } })
    expect(new Set(free.map((c) => c.deviceId))).toEqual(new Set([deviceId(1), deviceId(2), deviceId(3)]))
  })

  it('pass the pipeline’s checks (issueChallenges) and get distinct ids', () => {
    const cs = issued(devices, staked)
    expect(cs).toHaveLength(12)
    expect(new Set(cs.map((c) => c.challengeId)).size).toBe(12)
    expect(cs.every((c) => c.kind === 'ping' && c.epoch === DEVNET_EPOCH.epoch)).toBe(true)
  })
})
