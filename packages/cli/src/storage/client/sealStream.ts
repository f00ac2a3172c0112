import { type DecipherGCM, createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { type Hex, bytesToHex } from 'viem'
import { StorageError } from '../storageErrors.ts'

/** sealFile's format (../sealFile.ts): AES-256-GCM, nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). */
const NONCE_BYTES = 12
const TAG_BYTES = 16

/** Bytes of a sealed file of `plaintextBytes`. */
export const sealedBytes = (plaintextBytes: number) => NONCE_BYTES + plaintextBytes + TAG_BYTES

/** What a sealed stream hashed on the way: the plaintext's bytes and SHA-256, and the sealed bytes' SHA-256 (the file's id). */
export type SealDigests = { plaintextBytes: number; plaintextSha256: Hex; sealedSha256: Hex }

/**
 * sealFile for a file read chunk by chunk: the same bytes (nonce ‖ ciphertext ‖ tag, openFile opens
 * them), yielded in segments of `segmentBytes` (the last one shorter), so that a file of any size is
 * sealed and cut with one segment in memory. `digests()` answers once the segments are all read.
 */
export function sealSegments(
  plaintext: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  key: Uint8Array,
  segmentBytes: number,
): { segments: AsyncGenerator<Uint8Array>; digests(): SealDigests } {
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1) throw new RangeError(`a segment is a whole number of bytes from 1, not ${segmentBytes}`)
  const plainHash = createHash('sha256')
  const sealedHash = createHash('sha256')
  let plaintextBytes = 0
  let digests: SealDigests | undefined
  async function* segments() {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, nonce)
    let segment = new Uint8Array(segmentBytes)
    let filled = 0
    function* append(bytes: Uint8Array): Generator<Uint8Array> {
      sealedHash.update(bytes)
      for (let at = 0; at < bytes.length; ) {
        const n = Math.min(segmentBytes - filled, bytes.length - at)
        segment.set(bytes.subarray(at, at + n), filled)
        filled += n
        at += n
        if (filled === segmentBytes) {
          yield segment
          segment = new Uint8Array(segmentBytes)
          filled = 0
        }
      }
    }
    yield* append(nonce)
    for await (const chunk of plaintext) {
      plainHash.update(chunk)
      plaintextBytes += chunk.length
      yield* append(cipher.update(chunk))
    }
    yield* append(cipher.final())
    yield* append(cipher.getAuthTag())
    if (filled > 0) yield segment.subarray(0, filled)
    digests = { plaintextBytes, plaintextSha256: bytesToHex(plainHash.digest()), sealedSha256: bytesToHex(sealedHash.digest()) }
  }
  return {
    segments: segments(),
    digests: () => {
      if (digests === undefined) throw new Error('the sealed stream has not been read to its end')
      return digests
    },
  }
}

/**
 * openFile for a sealed file arriving segment by segment: `push` returns the plaintext so far (the
 * last 16 bytes seen are held back: they may be the tag), `finish` the rest once the tag checks, or
 * PINION_ERR_STORAGE_DECRYPT. Plaintext from `push` is not authenticated until `finish` returns:
 * write it somewhere no one uses (a temporary file) until then.
 */
export function openSegments(key: Uint8Array): { push(sealed: Uint8Array): Uint8Array; finish(): Uint8Array } {
  let head: Uint8Array = new Uint8Array(0)
  let decipher: DecipherGCM | undefined
  let tail: Uint8Array = new Uint8Array(0)
  const wrongKey = (cause?: unknown) =>
    new StorageError('PINION_ERR_STORAGE_DECRYPT', 'the file does not open with this key: the key is wrong, or its bytes were changed', cause === undefined ? {} : { cause })
  const asBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  return {
    push(sealed) {
      let bytes = sealed
      if (decipher === undefined) {
        head = concat(head, bytes)
        if (head.length < NONCE_BYTES) return new Uint8Array(0)
        decipher = createDecipheriv('aes-256-gcm', key, head.subarray(0, NONCE_BYTES))
        bytes = head.subarray(NONCE_BYTES)
      }
      const held = concat(tail, bytes)
      const release = Math.max(0, held.length - TAG_BYTES)
      tail = held.slice(release)
      return asBytes(decipher.update(held.subarray(0, release)))
    },
    finish() {
      if (decipher === undefined || tail.length < TAG_BYTES) throw wrongKey()
      try {
        decipher.setAuthTag(tail)
        return asBytes(decipher.final())
      } catch (error) {
        throw wrongKey(error)
      }
    },
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
