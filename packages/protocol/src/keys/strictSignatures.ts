import { ed25519 } from '@noble/curves/ed25519'

/** The order of P-256's group (SEC 2, §2.4.2). */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
/** Above this, `s` is the high twin of a valid signature: OpenZeppelin's P256 and report.proto refuse it. */
const P256_HALF_N = P256_N / 2n
/** The order of ed25519's prime-order subgroup, L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032, §5.1). */
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

const bigEndian = (bytes: Uint8Array): bigint => {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

const littleEndian = (bytes: Uint8Array): bigint => {
  let value = 0n
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!)
  return value
}

/**
 * Whether a P-256 signature r‖s is in canonical form: 0 < r < n and 0 < s ≤ n/2. ECDSA signatures
 * come in pairs, (r, s) and (r, n − s), both valid; only the low one is accepted, so a relay cannot
 * turn one signed report into two different valid byte strings.
 */
export function isStrictP256Signature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  const r = bigEndian(signature.subarray(0, 32))
  const s = bigEndian(signature.subarray(32))
  return r > 0n && r < P256_N && s > 0n && s <= P256_HALF_N
}

/**
 * Whether an ed25519 signature R‖S has a canonical scalar, S < L (RFC 8032, §5.1.7). OpenSSL
 * checks this too; checking it here keeps the rule independent of the library and documents it.
 * (R needs no check: it is hashed into the challenge, and OpenSSL compares its encoding byte for
 * byte, so a re-encoded R never verifies.)
 */
export function isStrictEd25519Signature(signature: Uint8Array): boolean {
  return signature.length === 64 && littleEndian(signature.subarray(32)) < ED25519_L
}

/**
 * Whether an ed25519 public key can be trusted to sign for one device only: canonically encoded
 * (y < p) and in the prime-order subgroup. With a small-order key (the identity point, say), the
 * signature R = identity, S = 0 verifies for every message under OpenSSL's cofactorless check, so
 * anyone could sign reports for the device; a key with a small-order component lets verifiers that
 * differ on the cofactor disagree. Costs one scalar multiplication, so callers cache the answer.
 */
export function isUsableEd25519Key(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false
  try {
    const point = ed25519.ExtendedPoint.fromHex(publicKey) // strict: refuses y ≥ p
    return !point.isSmallOrder() && point.isTorsionFree()
  } catch {
    return false
  }
}
