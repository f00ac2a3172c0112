import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { StorageError } from './storageErrors.ts'

/** AES-256-GCM: a 32-byte key, a 12-byte nonce, a 16-byte tag. */
const KEY_BYTES = 32
const NONCE_BYTES = 12
const TAG_BYTES = 16

/**
 * A file encrypted on the customer's side before anything leaves it, with a key of its own (Storj's
 * default, AES-256-GCM, a random key per object): nonce ‖ ciphertext ‖ tag. The network stores and
 * proves these bytes and never sees the key.
 */
export function sealFile(plaintext: Uint8Array, key: Uint8Array = randomBytes(KEY_BYTES)): { key: Uint8Array; sealed: Uint8Array } {
  if (key.length !== KEY_BYTES) throw new RangeError(`an AES-256 key is ${KEY_BYTES} bytes, not ${key.length}`)
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return { key, sealed: new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength) }
}

/** The plaintext of `sealed` (sealFile), or PINION_ERR_STORAGE_DECRYPT when the key or the bytes are not the ones sealed. */
export function openFile(sealed: Uint8Array, key: Uint8Array): Uint8Array {
  if (sealed.length < NONCE_BYTES + TAG_BYTES)
    throw new StorageError('PINION_ERR_STORAGE_DECRYPT', `${sealed.length} bytes cannot be a sealed file (a nonce and a tag alone are ${NONCE_BYTES + TAG_BYTES})`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES))
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
    return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength)
  } catch (error) {
    throw new StorageError('PINION_ERR_STORAGE_DECRYPT', 'the file does not open with this key: the key is wrong, or its bytes were changed', { cause: error })
  }
}
