import { createPublicKey, verify } from 'node:crypto'
import { hexToBigInt, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { p256KeyPair, signP256 } from './p256.ts'

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const FIXED_KEY = '0x0c7b1b2f4a4f0b5d2e8a6c3b9d1e7f5a3c2b1d0e9f8a7b6c5d4e3f2a1b0c9d8e' as const

/** Verifies with Node's own P-256 implementation, independent of the signer's library. */
function nodeVerifies(publicKey: `0x${string}`, message: Uint8Array, r: `0x${string}`, s: `0x${string}`) {
  const bytes = hexToBytes(publicKey)
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: Buffer.from(bytes.subarray(0, 32)).toString('base64url'),
      y: Buffer.from(bytes.subarray(32)).toString('base64url'),
    },
    format: 'jwk',
  })
  const signature = Buffer.concat([hexToBytes(r), hexToBytes(s)])
  return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)
}

describe('p256', () => {
  it('signs deterministically with low s, and Node verifies the signature', () => {
    const { privateKey, publicKey } = p256KeyPair(FIXED_KEY)
    expect(hexToBytes(publicKey)).toHaveLength(64)
    for (let i = 0; i < 32; i++) {
      const message = new TextEncoder().encode(`possession ${i}`)
      const first = signP256(privateKey, message)
      expect(signP256(privateKey, message)).toEqual(first)
      expect(hexToBigInt(first.s) <= P256_N / 2n).toBe(true)
      expect(nodeVerifies(publicKey, message, first.r, first.s)).toBe(true)
      expect(nodeVerifies(publicKey, new TextEncoder().encode(`other ${i}`), first.r, first.s)).toBe(false)
    }
  })

  it('makes distinct random key pairs when no private key is given', () => {
    expect(p256KeyPair().publicKey).not.toBe(p256KeyPair().publicKey)
  })
})
