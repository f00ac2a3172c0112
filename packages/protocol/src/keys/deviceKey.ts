import { type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { type Hex, hexToBytes, keccak256 } from 'viem'
import { PinionError } from '../errors.ts'
import { ed25519KeyPair } from './ed25519.ts'
import { p256KeyPair, signP256 } from './p256.ts'
import { isStrictEd25519Signature, isStrictP256Signature, isUsableEd25519Key } from './strictSignatures.ts'

/** How a device signs: the registry's KeyType enum (1 = ed25519, 2 = P-256). */
export type KeyType = 'ed25519' | 'p256'
export const KEY_TYPE_CODES: Record<KeyType, 1 | 2> = { ed25519: 1, p256: 2 }
export const PUBLIC_KEY_LENGTHS: Record<KeyType, number> = { ed25519: 32, p256: 64 }

export type DeviceKey = { type: KeyType; publicKey: Hex; privateKey: Hex }

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

/** A new random device key. */
export function generateDeviceKey(type: KeyType): DeviceKey {
  return { type, ...(type === 'p256' ? p256KeyPair() : ed25519KeyPair()) }
}

/** The device id: keccak256 of the public key, as the registry computes it. */
export function deviceIdOf(publicKey: Hex): Hex {
  return keccak256(publicKey)
}

const privateKeys = new Map<string, KeyObject>()
const publicKeys = new Map<string, KeyObject>()
const KEY_CACHE_LIMIT = 100_000

function cached(cache: Map<string, KeyObject>, id: string, make: () => KeyObject): KeyObject {
  let key = cache.get(id)
  if (key === undefined) {
    if (cache.size >= KEY_CACHE_LIMIT) cache.clear()
    key = make()
    cache.set(id, key)
  }
  return key
}

/** Signs `message` with the device key: ed25519, or P-256 ECDSA over SHA-256 (r‖s, low s, RFC 6979). */
export function signWithDeviceKey(key: DeviceKey, message: Uint8Array): Uint8Array {
  if (key.type === 'p256') {
    const { r, s } = signP256(key.privateKey, message)
    return hexToBytes(`0x${r.slice(2)}${s.slice(2)}`)
  }
  const privateKey = cached(privateKeys, key.privateKey, () =>
    createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: b64url(hexToBytes(key.privateKey)), x: b64url(hexToBytes(key.publicKey)) },
      format: 'jwk',
    }),
  )
  return new Uint8Array(sign(null, message, privateKey))
}

/** Ed25519 keys judged once: whether each is canonically encoded and of prime order. */
const usableEd25519Keys = new Map<string, boolean>()

/**
 * Whether `signature` is the device's signature of `message`. Never throws on bad input: a key or
 * signature of the wrong shape simply does not verify. Uses OpenSSL through node:crypto.
 *
 * Signatures are non-malleable, so one report body has exactly one valid signature per key and no
 * relay can turn a report into other valid bytes (strictSignatures.ts): P-256 signatures must have
 * a low `s` and ed25519 ones a canonical `S`, and an ed25519 key of small order or non-canonical
 * encoding never verifies anything (with such a key, anyone could sign for the device).
 */
export function verifyDeviceSignature(type: KeyType, publicKey: Hex, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  const raw = hexToBytes(publicKey)
  if (raw.length !== PUBLIC_KEY_LENGTHS[type]) return false
  if (type === 'p256' ? !isStrictP256Signature(signature) : !isStrictEd25519Signature(signature)) return false
  if (type === 'ed25519') {
    let usable = usableEd25519Keys.get(publicKey)
    if (usable === undefined) {
      if (usableEd25519Keys.size >= KEY_CACHE_LIMIT) usableEd25519Keys.clear()
      usable = isUsableEd25519Key(raw)
      usableEd25519Keys.set(publicKey, usable)
    }
    if (!usable) return false
  }
  try {
    const key = cached(publicKeys, publicKey, () =>
      type === 'ed25519'
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(raw) }, format: 'jwk' })
        : createPublicKey({
            key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(0, 32)), y: b64url(raw.subarray(32)) },
            format: 'jwk',
          }),
    )
    return type === 'ed25519' ? verify(null, message, key, signature) : verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)
  } catch {
    return false // not a point on the curve
  }
}

/** Parses a key type name, with an error that says what was expected. */
export function parseKeyType(value: string): KeyType {
  if (value === 'ed25519' || value === 'p256') return value
  throw new PinionError('PINION_ERR_KEY_TYPE', `key type "${value}" is not supported; expected "ed25519" or "p256"`)
}
