import { PinionError } from '@pinion/protocol'
import { type Hex, bytesToHex, encodeAbiParameters, hexToBytes, keccak256 } from 'viem'
import type { DeviceRecord, EpochWindow, Kind } from './kind.ts'

/** A challenge as a kind issues it (Kind.challenges): whom, what, and when it must be answered. */
export type IssuedChallenge = {
  /** The challenged device. */
  deviceId: Hex
  /** The kind's name for the question, e.g. "ping" or "prove-leaves". */
  challengeType: string
  /** The question, encoded as the kind defines (which leaves, which nonce…). */
  payload: Uint8Array
  /** When the question is put, unix ms: an answer timestamped earlier is no answer. Inside the epoch. */
  issuedAtMs: bigint
  /** The last moment an answer counts, unix ms: after issuedAtMs, at most the epoch's end. */
  deadlineMs: bigint
}

/** An issued challenge with the identity the pipeline gives it. */
export type Challenge = IssuedChallenge & {
  /** keccak256 of everything else here (challengeId()): what an answer names. */
  challengeId: Hex
  kind: string
  epoch: bigint
}

/**
 * What a kind derives its challenges from: nothing a device or an oracle can choose. The registry
 * and stake are as of the block whose hash is the epoch's entropy (the last block before the epoch
 * began), so the challenges are fixed, and public, the moment the epoch starts.
 */
export type ChallengeInput<params> = {
  epoch: EpochWindow
  devices: ReadonlyMap<Hex, DeviceRecord>
  /** Stake bonded per device (lower-case id) as of the entropy block. */
  stake: ReadonlyMap<Hex, bigint>
  params: params
  /** The kind's own chain state as of the entropy block (KindChainState.state), when its fold gives one. */
  chain?: unknown
}

const CHALLENGE_ID_DOMAIN = 'pinion/challenge/v1'

/** The id of a challenge: keccak256 of the ABI encoding of a domain tag, its kind and epoch, and every field of it. */
export function challengeId(kind: string, epoch: bigint, c: IssuedChallenge): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'string' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'string' }, { type: 'bytes' }, { type: 'uint64' }, { type: 'uint64' }],
      [CHALLENGE_ID_DOMAIN, kind, epoch, c.deviceId, c.challengeType, bytesToHex(c.payload), c.issuedAtMs, c.deadlineMs],
    ),
  )
}

/**
 * The challenges `kind` puts to devices in `input.epoch`, with their ids, in ascending id order;
 * none for a kind without `challenges`. What the kind returns is checked: a challenge must name a
 * device of the registry, be issued inside the epoch, and fall due after it is issued and no later
 * than the epoch's end (its answer must be an input of the same epoch). Two equal challenges are one.
 */
export function issueChallenges<params>(kind: Kind<params>, input: ChallengeInput<params>): Challenge[] {
  if (kind.challenges === undefined) return []
  const { epoch } = input
  const byId = new Map<Hex, Challenge>()
  for (const issued of kind.challenges(input)) {
    const where = `kind ${kind.name} challenged device ${issued.deviceId} in epoch ${epoch.epoch}`
    if (!input.devices.has(issued.deviceId)) throw bad(`${where}, a device the registry does not know`)
    if (issued.issuedAtMs < epoch.startMs || issued.issuedAtMs >= epoch.endMs) {
      throw bad(`${where} at ${issued.issuedAtMs}, outside the epoch [${epoch.startMs}, ${epoch.endMs})`)
    }
    if (issued.deadlineMs <= issued.issuedAtMs || issued.deadlineMs > epoch.endMs) {
      throw bad(`${where} with deadline ${issued.deadlineMs}; expected after ${issued.issuedAtMs} and at most the epoch's end ${epoch.endMs}`)
    }
    const id = challengeId(kind.name, epoch.epoch, issued)
    byId.set(id, { ...issued, challengeId: id, kind: kind.name, epoch: epoch.epoch })
  }
  return [...byId.values()].sort((a, b) => (a.challengeId < b.challengeId ? -1 : 1))
}

/** A challenge as JSON: bigints as decimal strings, bytes as hex (the API's and the store's form). */
export type ChallengeJson = {
  challengeId: Hex
  kind: string
  epoch: string
  deviceId: Hex
  challengeType: string
  payload: Hex
  issuedAtMs: string
  deadlineMs: string
}

export function challengeToJson(c: Challenge): ChallengeJson {
  return {
    challengeId: c.challengeId,
    kind: c.kind,
    epoch: c.epoch.toString(),
    deviceId: c.deviceId,
    challengeType: c.challengeType,
    payload: bytesToHex(c.payload),
    issuedAtMs: c.issuedAtMs.toString(),
    deadlineMs: c.deadlineMs.toString(),
  }
}

/** The challenge `json` describes; its id must be the id of its fields (a peer or a store cannot rename one). */
export function challengeFromJson(json: ChallengeJson): Challenge {
  const c: Challenge = {
    challengeId: json.challengeId,
    kind: json.kind,
    epoch: BigInt(json.epoch),
    deviceId: json.deviceId,
    challengeType: json.challengeType,
    payload: hexToBytes(json.payload),
    issuedAtMs: BigInt(json.issuedAtMs),
    deadlineMs: BigInt(json.deadlineMs),
  }
  if (challengeId(c.kind, c.epoch, c) !== c.challengeId) throw bad(`challenge ${json.challengeId} does not hash to its id`)
  return c
}

const bad = (message: string) => new PinionError('PINION_ERR_KIND_CHALLENGE', message)
