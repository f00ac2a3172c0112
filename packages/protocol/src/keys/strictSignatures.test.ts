import { generateKeyPairSync, sign } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { generateDeviceKey, signWithDeviceKey, verifyDeviceSignature } from './deviceKey.ts'
import { isStrictEd25519Signature, isStrictP256Signature, isUsableEd25519Key } from './strictSignatures.ts'

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n
const ED25519_P = 2n ** 255n - 19n
const message = new TextEncoder().encode('pinion/report/v1\0body')

const toBig = (bytes: Uint8Array) => BigInt(bytesToHex(bytes))
const be32 = (value: bigint) => hexToBytes(`0x${value.toString(16).padStart(64, '0')}`)
const le32 = (value: bigint) => be32(value).reverse()

describe('P-256 signatures are non-malleable', () => {
  const key = generateDeviceKey('p256')
  const signature = signWithDeviceKey(key, message)
  const s = toBig(signature.subarray(32))
  const highS = new Uint8Array([...signature.subarray(0, 32), ...be32(P256_N - s)])

  it('accepts the low-s signature the SDK makes', () => {
    expect(isStrictP256Signature(signature)).toBe(true)
    expect(verifyDeviceSignature('p256', key.publicKey, message, signature)).toBe(true)
  })

  it('refuses its high-s twin, which OpenSSL alone would accept', () => {
    expect(isStrictP256Signature(highS)).toBe(false)
    expect(verifyDeviceSignature('p256', key.publicKey, message, highS)).toBe(false)
  })

  it('refuses r or s of zero or out of range', () => {
    expect(isStrictP256Signature(new Uint8Array(64))).toBe(false)
    expect(isStrictP256Signature(new Uint8Array([...be32(P256_N), ...signature.subarray(32)]))).toBe(false)
  })
})

describe('ed25519 signatures are non-malleable', () => {
  const key = generateDeviceKey('ed25519')
  const signature = signWithDeviceKey(key, message)
  const S = toBig(signature.subarray(32).slice().reverse())

  it('refuses S + L (the same signature with a non-canonical scalar)', () => {
    const malleated = new Uint8Array([...signature.subarray(0, 32), ...le32(S + ED25519_L)])
    expect(isStrictEd25519Signature(signature)).toBe(true)
    expect(isStrictEd25519Signature(malleated)).toBe(false)
    expect(verifyDeviceSignature('ed25519', key.publicKey, message, malleated)).toBe(false)
  })

  // Every point of order 1, 2, 4 or 8, in canonical and non-canonical encodings: with any of these
  // as a device key, R = identity and S = 0 verify for every message under OpenSSL.
  const smallOrderKeys = [
    le32(1n), // identity, order 1
    le32(ED25519_P - 1n), // (0, -1), order 2
    le32(0n), // (±sqrt(-1), 0), order 4
    hexToBytes('0x26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'), // order 8
    hexToBytes('0xc7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'), // order 8
    le32(ED25519_P + 1n), // identity again, encoded with y ≥ p
  ]
  const identityR = le32(1n)
  const forgery = new Uint8Array([...identityR, ...new Uint8Array(32)])

  it.each(smallOrderKeys.map((k) => [bytesToHex(k)]))('refuses the small-order key %s, which would let anyone sign for the device', (hex) => {
    expect(isUsableEd25519Key(hexToBytes(hex as `0x${string}`))).toBe(false)
    expect(verifyDeviceSignature('ed25519', hex as `0x${string}`, message, forgery)).toBe(false)
    expect(verifyDeviceSignature('ed25519', hex as `0x${string}`, new TextEncoder().encode('any other'), forgery)).toBe(false)
  })

  it('refuses a key with a small-order component, and accepts ordinary keys', () => {
    const { x } = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
    const ordinary = ed25519.ExtendedPoint.fromHex(Buffer.from(x!, 'base64url'))
    const order2 = ed25519.ExtendedPoint.fromHex(le32(ED25519_P - 1n))
    expect(isUsableEd25519Key(ordinary.toRawBytes())).toBe(true)
    expect(isUsableEd25519Key(ordinary.add(order2).toRawBytes())).toBe(false)
  })

  it('still verifies what node:crypto signs with an ordinary key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
    expect(verifyDeviceSignature('ed25519', bytesToHex(raw), message, new Uint8Array(sign(null, message, privateKey)))).toBe(true)
  })
})
