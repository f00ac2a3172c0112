import { keccak256Hex } from '@pinion/protocol'
import { type Hex, hexToBigInt, hexToBytes, stringToBytes } from 'viem'
import type { ChallengeInput, IssuedChallenge } from '../src/challenge.ts'
import { type PingParams, challengeSlotMs } from './params.ts'
import { PING_CHALLENGE_TYPE, encodePing } from './payload.ts'

const SEED_DOMAIN = stringToBytes('pinion/ping/challenge/v1')
const NONCE_DOMAIN = stringToBytes('pinion/ping/nonce/v1')

/**
 * Seeds of one epoch's challenges: seed(deviceId, index) = keccak256("pinion/ping/challenge/v1" ‖
 * entropy ‖ u64be(epoch) ‖ deviceId ‖ u32be(index)) — Solidity's abi.encodePacked of the same values.
 * Nobody can know a seed before the entropy block is mined, and anybody can recompute it afterwards.
 * One buffer, rewritten per device and index: a million devices' challenges hash without garbage.
 */
function seedsOf(entropy: Hex, epoch: bigint): (deviceId: Hex, index: number) => Hex {
  const at = SEED_DOMAIN.length
  const buffer = new Uint8Array(at + 32 + 8 + 32 + 4)
  const view = new DataView(buffer.buffer)
  buffer.set(SEED_DOMAIN, 0)
  buffer.set(hexToBytes(entropy, { size: 32 }), at)
  view.setBigUint64(at + 32, epoch)
  let device: Hex | undefined
  return (deviceId, index) => {
    if (deviceId !== device) buffer.set(hexToBytes(deviceId, { size: 32 }), at + 40)
    device = deviceId
    view.setUint32(at + 72, index)
    return keccak256Hex(buffer)
  }
}

/** The seed of the `index`-th challenge to `deviceId` in epoch `epoch` with entropy `entropy` (seedsOf). */
export function challengeSeed(entropy: Hex, epoch: bigint, deviceId: Hex, index: number): Hex {
  return seedsOf(entropy, epoch)(deviceId, index)
}

/** The nonce a challenge asks about: keccak256("pinion/ping/nonce/v1" ‖ seed). */
export function challengeNonce(seed: Hex): Hex {
  const buffer = new Uint8Array(NONCE_DOMAIN.length + 32)
  buffer.set(NONCE_DOMAIN, 0)
  buffer.set(hexToBytes(seed, { size: 32 }), NONCE_DOMAIN.length)
  return keccak256Hex(buffer)
}

/**
 * The ping challenges of an epoch: `challengesPerEpoch` for every active device with at least
 * `minStake` bonded as of the entropy block, in device id order, then index order.
 *
 * The epoch's issue room, [start, end − responseWindowMs], is cut into challengesPerEpoch equal
 * slots (params.ts, challengeSlotMs); the k-th challenge is issued at start + k·slot + (seed mod
 * slot) and falls due responseWindowMs later — never after the epoch's end. Its question is a Ping
 * with the nonce challengeNonce(seed). Everything comes from the seed: no clock, no Math.random.
 */
export function pingChallenges(input: ChallengeInput<PingParams>): IssuedChallenge[] {
  const { epoch, params } = input
  const slot = challengeSlotMs(epoch, params)
  const seed = seedsOf(epoch.entropy, epoch.epoch)
  const issued: IssuedChallenge[] = []
  for (const deviceId of [...input.devices.keys()].sort()) {
    if (!input.devices.get(deviceId)!.active) continue
    if ((input.stake.get(deviceId) ?? 0n) < params.minStake) continue
    for (let k = 0; k < params.challengesPerEpoch; k++) {
      const drawn = seed(deviceId, k)
      const issuedAtMs = epoch.startMs + BigInt(k) * slot + (hexToBigInt(drawn) % slot)
      issued.push({
        deviceId,
        challengeType: PING_CHALLENGE_TYPE,
        payload: encodePing(challengeNonce(drawn)),
        issuedAtMs,
        deadlineMs: issuedAtMs + params.responseWindowMs,
      })
    }
  }
  return issued
}
