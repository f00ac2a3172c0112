import { type PieceTree, pieceProof, pieceTree } from '@pinion/protocol/pdp'
import { type Hex, bytesToHex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import type { SimulateInput, SimulatedDevice, SimulatedReport } from '../src/kind.ts'
import type { StorageParams } from './params.ts'
import { type LeafProof, POSSESSION_PROOF_PAYLOAD_TYPE, PROVE_POSSESSION_CHALLENGE_TYPE, type ProvePossession, decodeProvePossession, encodePossessionProof } from './payload.ts'

/**
 * How simulated storage providers behave, given the proving periods the oracle served this epoch:
 * - honest: proves each of its periods from the pieces it holds, at a seeded moment in its window.
 * - flaky (honest churn): offline for a whole epoch with probability 1/3 (no proofs:
 *   PERIOD_NOT_PROVEN), honest otherwise; its reputation dips and recovers.
 * - late: proves each period correctly, after its deadline but inside the epoch (ANSWERED_LATE).
 * - dropper (adversarial): kept only the first half of each piece's leaves and gambles on not being
 *   asked for the rest: where every challenged leaf is one it kept it proves the period; otherwise it
 *   answers the lost leaves with zeros (PROOF_INVALID). With K leaves asked, it escapes a period with
 *   probability about (1/2)^K.
 * - corrupter (adversarial): its disk changed its pieces' bytes (every leaf's first byte flipped); it
 *   proves from what it has (PROOF_INVALID).
 * - sybil (adversarial): one disk behind two identities. It keeps one copy, and answers this
 *   identity's periods from the other identity's encoding of the pieces (each byte XOR 0x5a stands for
 *   the customer's other keyed encoding): the paths lead to the other provider's roots
 *   (PROOF_INVALID). An outsourcer fetching another provider's copy when challenged fails the same way.
 * - repeater (adversarial): proves each period twice, hoping both count (DUPLICATE_PROOF).
 * Simulated providers hold the pieces made known to holdPieces, by root.
 */
export const STORAGE_BEHAVIOURS = ['honest', 'flaky', 'late', 'dropper', 'corrupter', 'sybil', 'repeater'] as const
export type StorageBehaviour = (typeof STORAGE_BEHAVIOURS)[number]

/** Chance a flaky provider is offline for an epoch. */
const FLAKY_OFFLINE_PROBABILITY = 1 / 3
/** The other keyed encoding a sybil answers from: every byte XOR this. */
const OTHER_ENCODING_MASK = 0x5a

// Simulated providers' disks: each piece's payload and tree by root, as a provider keeps them to answer.
const held = new Map<Hex, { payload: Uint8Array; tree: PieceTree }>()
const altered = new Map<string, PieceTree>()

/**
 * Makes pieces' bytes (each a piece's payload, as a customer uploaded it to a provider) known to the
 * simulated providers, and returns their PDP roots in order. A simulation-only seam: real providers
 * hold real bytes (packages/device/src/storage).
 */
export function holdPieces(payloads: Iterable<Uint8Array>): Hex[] {
  const roots: Hex[] = []
  for (const payload of payloads) {
    const tree = pieceTree(payload)
    held.set(tree.root, { payload: payload.slice(), tree })
    roots.push(tree.root)
  }
  return roots
}

/**
 * Forgets pieces, by PDP root: the simulated provider that held them no longer can prove them (its
 * node stopped, its disk failed). The seam's other half (holdPieces).
 */
export function releasePieces(roots: Iterable<Hex>): void {
  for (const root of roots) {
    held.delete(root)
    for (const behaviour of ['corrupter', 'sybil']) altered.delete(`${behaviour}:${root}`)
  }
}

/** The tree a corrupter or a sybil proves from instead of `tree`: the same payload changed as its behaviour says. */
function alteredTree(piece: { payload: Uint8Array; tree: PieceTree }, behaviour: 'corrupter' | 'sybil'): PieceTree {
  const key = `${behaviour}:${piece.tree.root}`
  let other = altered.get(key)
  if (other !== undefined) return other
  const payload = piece.payload.slice()
  if (behaviour === 'sybil') for (let i = 0; i < payload.length; i++) payload[i]! ^= OTHER_ENCODING_MASK
  else for (let i = 0; i < payload.length; i += 31) payload[i]! ^= 1
  other = pieceTree(payload)
  altered.set(key, other)
  return other
}

type Answer = { timestampMs: bigint; challengeId: Hex; proofs: LeafProof[] }

/** Proofs for each provider by its behaviour, provider by provider, each one's in time order. Deterministic given `random`. */
export function simulateStorage(input: SimulateInput<StorageParams>): SimulatedReport[] {
  const periods = (input.challenges ?? []).filter((c) => c.kind === 'storage' && c.challengeType === PROVE_POSSESSION_CHALLENGE_TYPE)
  const byDevice = new Map<Hex, Challenge[]>()
  for (const c of periods) {
    let own = byDevice.get(c.deviceId)
    if (own === undefined) byDevice.set(c.deviceId, (own = []))
    own.push(c)
  }
  const reports: SimulatedReport[] = []
  for (const device of input.devices) {
    const answers = answersOf(device, byDevice.get(device.deviceId) ?? [], input)
    answers.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
    for (const { timestampMs, challengeId, proofs } of answers) {
      reports.push({ deviceId: device.deviceId, timestampMs, payloadType: POSSESSION_PROOF_PAYLOAD_TYPE, payload: encodePossessionProof({ challengeId, proofs }) })
    }
  }
  return reports
}

function answersOf(device: SimulatedDevice, own: readonly Challenge[], input: SimulateInput<StorageParams>): Answer[] {
  const { epoch, random } = input
  const between = (low: bigint, high: bigint): bigint | null => (high > low ? low + BigInt(Math.floor(random() * Number(high - low))) : null)
  const inWindow = (c: Challenge) => between(c.issuedAtMs, c.deadlineMs) ?? c.issuedAtMs
  const behaviour = device.behaviour as StorageBehaviour
  if (behaviour === 'flaky' && random() < FLAKY_OFFLINE_PROBABILITY) return []
  const answers: Answer[] = []
  for (const c of own) {
    const proofs = proofsFor(decodeProvePossession(c.payload), behaviour)
    if (proofs === null) continue
    if (behaviour === 'late') {
      const at = between(c.deadlineMs + 1n, epoch.endMs)
      if (at !== null) answers.push({ timestampMs: at, challengeId: c.challengeId, proofs })
      continue
    }
    const at = inWindow(c)
    answers.push({ timestampMs: at, challengeId: c.challengeId, proofs })
    if (behaviour === 'repeater') answers.push({ timestampMs: between(at, c.deadlineMs + 1n) ?? at, challengeId: c.challengeId, proofs })
  }
  return answers
}

const ZERO_LEAF: Hex = bytesToHex(new Uint8Array(32))

/** The leaf proofs a provider of `behaviour` gives for `question`, or null when it holds none of the pieces (nothing to answer from). */
function proofsFor(question: ProvePossession, behaviour: StorageBehaviour): LeafProof[] | null {
  const proofs: LeafProof[] = []
  for (const asked of question.leaves) {
    const piece = held.get(asked.pieceRoot)
    if (piece === undefined) return null
    const { tree } = piece
    const offset = Number(asked.offset)
    if (behaviour === 'corrupter' || behaviour === 'sybil') {
      const { leaf, proof } = pieceProof(alteredTree(piece, behaviour), offset)
      proofs.push({ leaf, siblings: proof })
    } else if (behaviour === 'dropper' && offset >= Math.ceil(tree.leafCount / 2)) {
      proofs.push({ leaf: ZERO_LEAF, siblings: pieceProof(tree, offset).proof.map(() => ZERO_LEAF) })
    } else {
      const { leaf, proof } = pieceProof(tree, offset)
      proofs.push({ leaf, siblings: proof })
    }
  }
  return proofs
}
