import { create, toBinary } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { PossessionProofSchema } from './generated/pinion/storage/v1/storage_pb.ts'
import { decodeProvePossession, decodeStoragePayload, encodePossessionProof, encodeProvePossession } from './payload.ts'

const h = (byte: string) => `0x${byte.repeat(32)}` as const

describe('storage payloads', () => {
  it('round-trips a question and a proof', () => {
    const question = { dealId: 2n ** 200n + 5n, seed: 12345n, leaves: [{ pieceIndex: 2, pieceRoot: h('ab'), height: 14, offset: 9000n }], leafCount: 30_000n }
    expect(decodeProvePossession(encodeProvePossession(question))).toEqual(question)
    const proof = { challengeId: h('01'), proofs: [{ leaf: h('02'), siblings: [h('03'), h('04')] }] }
    expect(decodeStoragePayload('possession-proof', encodePossessionProof(proof))).toEqual(proof)
  })

  it('refuses another payload type, bytes that are not a proof, and fields that are not 32 bytes', () => {
    expect(() => decodeStoragePayload('pong', new Uint8Array())).toThrow(/no payload type "pong"/)
    expect(() => decodeStoragePayload('possession-proof', Uint8Array.of(0xff, 0xff, 0xff))).toThrow(/not a pinion.storage.v1.PossessionProof/)
    const short = toBinary(PossessionProofSchema, create(PossessionProofSchema, { challengeId: new Uint8Array(31) }))
    expect(() => decodeStoragePayload('possession-proof', short)).toThrow(/challenge_id has 31 bytes; expected 32/)
    expect(() => decodeProvePossession(Uint8Array.of(0x0a, 0x01, 0x00))).toThrow(/deal_id has 1 bytes/)
  })

  it('bounds what one report makes an oracle hash: at most 66 proofs, at most 50 siblings each', () => {
    const leaf = { leaf: h('02'), siblings: [] }
    expect(() => decodeStoragePayload('possession-proof', encodePossessionProof({ challengeId: h('01'), proofs: Array(67).fill(leaf) }))).toThrow(
      /67 proofs; a period asks at most 66/,
    )
    const tall = { leaf: h('02'), siblings: Array(51).fill(h('03')) }
    expect(() => decodeStoragePayload('possession-proof', encodePossessionProof({ challengeId: h('01'), proofs: [tall] }))).toThrow(/51 siblings/)
    expect(decodeStoragePayload('possession-proof', encodePossessionProof({ challengeId: h('01'), proofs: Array(66).fill(leaf) })).proofs).toHaveLength(66)
  })
})
