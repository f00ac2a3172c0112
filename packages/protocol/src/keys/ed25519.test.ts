import { describe, expect, it } from 'vitest'
import { signWithDeviceKey, verifyDeviceSignature } from './deviceKey.ts'
import { ed25519KeyPair } from './ed25519.ts'

describe('ed25519KeyPair', () => {
  it('derives RFC 8032 test 1’s public key from its seed, and the same key every time', () => {
    const seed = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
    expect(ed25519KeyPair(seed)).toEqual({ privateKey: seed, publicKey: '0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a' })
  })

  it('makes a random key that signs and verifies when given no seed', () => {
    const key = { type: 'ed25519' as const, ...ed25519KeyPair() }
    const message = new TextEncoder().encode('hello')
    expect(verifyDeviceSignature('ed25519', key.publicKey, message, signWithDeviceKey(key, message))).toBe(true)
    expect(ed25519KeyPair().privateKey).not.toBe(key.privateKey)
  })
})
