import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError } from '@pinion/protocol'
import { type Hex, bytesToHex, hexToBigInt, hexToBytes, numberToHex } from 'viem'
import { PossessionProofSchema, ProvePossessionSchema } from './generated/pinion/storage/v1/storage_pb.ts'
import { MAX_CHALLENGES_PER_PROOF, PDP_MAX_HEIGHT } from './rules.ts'

/** The one payload type of the storage kind: a provider's proof for one proving period. */
export const POSSESSION_PROOF_PAYLOAD_TYPE = 'possession-proof'
/** The challenge type of a proving period (Challenge.challengeType). */
export const PROVE_POSSESSION_CHALLENGE_TYPE = 'prove-possession'

const BYTES32 = 32

/** One leaf a period asks for (pinion.storage.v1.ChallengedLeaf). */
export type ChallengedLeaf = { pieceIndex: number; pieceRoot: Hex; height: number; offset: bigint }
/** A proving period's question (pinion.storage.v1.ProvePossession). */
export type ProvePossession = { dealId: bigint; seed: bigint; leaves: ChallengedLeaf[]; leafCount: bigint }
/** One leaf and its siblings, bottom up (pinion.storage.v1.LeafProof). */
export type LeafProof = { leaf: Hex; siblings: Hex[] }
/** A decoded proof (pinion.storage.v1.PossessionProof). */
export type PossessionProof = { challengeId: Hex; proofs: LeafProof[] }

export function encodeProvePossession(question: ProvePossession): Uint8Array {
  return toBinary(
    ProvePossessionSchema,
    create(ProvePossessionSchema, {
      dealId: hexToBytes(numberToHex(question.dealId, { size: BYTES32 })),
      seed: hexToBytes(numberToHex(question.seed, { size: BYTES32 })),
      leaves: question.leaves.map((l) => ({ pieceIndex: l.pieceIndex, pieceRoot: hexToBytes(l.pieceRoot), height: l.height, offset: l.offset })),
      leafCount: question.leafCount,
    }),
  )
}

/** The question of a proving period's challenge payload; throws PINION_ERR_MALFORMED_PAYLOAD for anything else. */
export function decodeProvePossession(bytes: Uint8Array): ProvePossession {
  let decoded: ReturnType<typeof fromBinary<typeof ProvePossessionSchema>>
  try {
    decoded = fromBinary(ProvePossessionSchema, bytes)
  } catch (cause) {
    throw malformed(`challenge payload of ${bytes.length} bytes is not a pinion.storage.v1.ProvePossession`, cause)
  }
  return {
    dealId: hexToBigInt(bytes32('deal_id', decoded.dealId)),
    seed: hexToBigInt(bytes32('seed', decoded.seed)),
    leaves: decoded.leaves.map((l) => ({ pieceIndex: l.pieceIndex, pieceRoot: bytes32('piece_root', l.pieceRoot), height: l.height, offset: l.offset })),
    leafCount: decoded.leafCount,
  }
}

export function encodePossessionProof(proof: PossessionProof): Uint8Array {
  return toBinary(
    PossessionProofSchema,
    create(PossessionProofSchema, {
      challengeId: hexToBytes(proof.challengeId),
      proofs: proof.proofs.map((p) => ({ leaf: hexToBytes(p.leaf), siblings: p.siblings.map((s) => hexToBytes(s)) })),
    }),
  )
}

/**
 * Decodes a possession-proof payload; throws PINION_ERR_MALFORMED_PAYLOAD for another payload type,
 * other bytes, a field that is not 32 bytes, more proofs than any period asks (MAX_CHALLENGES_PER_PROOF)
 * or a path longer than any piece's tree (PDP_MAX_HEIGHT): the limits bound what one report can make
 * an oracle hash.
 */
export function decodeStoragePayload(payloadType: string, bytes: Uint8Array): PossessionProof {
  if (payloadType !== POSSESSION_PROOF_PAYLOAD_TYPE) throw malformed(`storage has no payload type "${payloadType}"; expected "${POSSESSION_PROOF_PAYLOAD_TYPE}"`)
  let decoded: ReturnType<typeof fromBinary<typeof PossessionProofSchema>>
  try {
    decoded = fromBinary(PossessionProofSchema, bytes)
  } catch (cause) {
    throw malformed(`payload of ${bytes.length} bytes is not a pinion.storage.v1.PossessionProof`, cause)
  }
  if (decoded.proofs.length > MAX_CHALLENGES_PER_PROOF) throw malformed(`${decoded.proofs.length} proofs; a period asks at most ${MAX_CHALLENGES_PER_PROOF}`)
  return {
    challengeId: bytes32('challenge_id', decoded.challengeId),
    proofs: decoded.proofs.map((p, i) => {
      if (p.siblings.length > PDP_MAX_HEIGHT) throw malformed(`proof ${i} has ${p.siblings.length} siblings; no piece's tree is higher than ${PDP_MAX_HEIGHT}`)
      return { leaf: bytes32(`proofs[${i}].leaf`, p.leaf), siblings: p.siblings.map((s, j) => bytes32(`proofs[${i}].siblings[${j}]`, s)) }
    }),
  }
}

function bytes32(field: string, value: Uint8Array): Hex {
  if (value.length !== BYTES32) throw malformed(`${field} has ${value.length} bytes; expected ${BYTES32}`)
  return bytesToHex(value)
}

const malformed = (message: string, cause?: unknown) => new PinionError('PINION_ERR_MALFORMED_PAYLOAD', message, cause === undefined ? undefined : { cause })
