import { challengedLeaves, pieceAt } from '@pinion/protocol/pdp'
import { type Hex, encodePacked, hexToBigInt, keccak256 } from 'viem'
import type { ChallengeInput, IssuedChallenge } from '../src/challenge.ts'
import type { EpochWindow } from '../src/kind.ts'
import { type Deal, storageStateOf } from './chain.ts'
import type { StorageParams } from './params.ts'
import { PROVE_POSSESSION_CHALLENGE_TYPE, encodeProvePossession } from './payload.ts'

const SEED_DOMAIN = 'pinion/storage/period/v1'

/**
 * The seed of epoch `epoch`'s proving period: keccak256(abi.encodePacked("pinion/storage/period/v1",
 * entropy, uint64 epoch)) as a uint256. PDP takes drand's randomness at the challenge epoch; Pinion
 * takes the hash of the last block before the epoch began, which nobody knew before it was mined
 * (a block proposer can grind about one bit of it per block it withholds).
 */
export function periodSeed(entropy: Hex, epoch: bigint): bigint {
  return hexToBigInt(keccak256(encodePacked(['string', 'bytes32', 'uint64'], [SEED_DOMAIN, entropy, epoch])))
}

/**
 * The first epoch a deal accepted at `acceptedAtMs` is proven in: the first whose entropy block (the
 * last block before it began) already holds the acceptance, i.e. the first epoch starting after it.
 * Epochs are `epoch.endMs − epoch.startMs` long, numbered consecutively.
 */
export function firstPeriodOf(acceptedAtMs: bigint, epoch: EpochWindow): bigint {
  const length = epoch.endMs - epoch.startMs
  if (acceptedAtMs >= epoch.startMs) return epoch.epoch + 1n + (acceptedAtMs - epoch.startMs) / length
  return epoch.epoch - (epoch.startMs - acceptedAtMs - 1n) / length
}

/** Whether `deal` owes a proof for `epoch`: active at its entropy block, and `epoch` one of its `periods` periods. */
export function owesProof(deal: Deal, epoch: EpochWindow): boolean {
  if (deal.state !== 'active' || deal.acceptedAtMs === null || deal.pieces.length === 0) return false
  const first = firstPeriodOf(deal.acceptedAtMs, epoch)
  return epoch.epoch >= first && epoch.epoch < first + BigInt(deal.periods)
}

/**
 * One proving period per deal that owes one this epoch, whose device is active in the registry, in
 * deal id order. As PDP's provePossession draws them, the period asks `challengesPerProof` leaves of
 * the deal's data set (its pieces' leaves, concatenated in the deal's order): leaf i is
 * keccak256(abi.encodePacked(seed, dealId, uint64 i)) mod the data set's leaf count, located in its
 * piece by running leaf counts. It is issued at the epoch's start — the entropy that draws it is
 * public from then — and falls due `responseWindowMs` later, never after the epoch's end.
 */
export function storageChallenges(input: ChallengeInput<StorageParams>): IssuedChallenge[] {
  const { epoch, params } = input
  const { deals } = storageStateOf(input.chain)
  const seed = periodSeed(epoch.entropy, epoch.epoch)
  const deadline = epoch.startMs + params.responseWindowMs
  const issued: IssuedChallenge[] = []
  for (const dealId of [...deals.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const deal = deals.get(dealId)!
    if (!owesProof(deal, epoch) || input.devices.get(deal.deviceId)?.active !== true) continue
    const leafCounts = deal.pieces.map((p) => p.leafCount)
    const range = leafCounts.reduce((sum, n) => sum + n, 0n)
    const leaves = challengedLeaves(seed, dealId, params.challengesPerProof, range).map((index) => {
      const { pieceId, offset } = pieceAt(leafCounts, index)
      const piece = deal.pieces[pieceId]!
      return { pieceIndex: pieceId, pieceRoot: piece.root, height: piece.height, offset }
    })
    issued.push({
      deviceId: deal.deviceId,
      challengeType: PROVE_POSSESSION_CHALLENGE_TYPE,
      payload: encodeProvePossession({ dealId, seed, leaves, leafCount: range }),
      issuedAtMs: epoch.startMs,
      deadlineMs: deadline < epoch.endMs ? deadline : epoch.endMs,
    })
  }
  return issued
}
