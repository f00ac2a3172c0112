import { type KeyType, verifyDeviceSignature } from '@pinion/protocol'
import type { Hex } from 'viem'

/** One signature to check: does `signature` verify `message` under the device key? */
export type VerifyRequest = { keyType: KeyType; publicKey: Hex; message: Uint8Array; signature: Uint8Array }

/**
 * A slice of verify requests as it crosses to a worker thread: every message and signature copied
 * into one ArrayBuffer that is transferred (moved, not cloned), with offsets into it, so a slice of
 * hundreds of reports is one allocation and one memcpy each way instead of a structured clone of
 * hundreds of objects. Public keys stay strings: the worker caches parsed keys by them.
 */
export type PackedJob = {
  id: number
  keyTypes: KeyType[]
  publicKeys: Hex[]
  /** message 0, signature 0, message 1, signature 1, … */
  bytes: Uint8Array
  /** Start of each of those parts, then the end: 2 × count + 1 entries. */
  offsets: Uint32Array
}

/** The worker's answer: 1 where the signature verified, 0 where it did not, in job order. */
export type JobResult = { id: number; valid: Uint8Array; threadId: number }

/** Packs `items[from, to)` for a worker; the returned buffers are to be transferred. */
export function packJob(id: number, items: readonly VerifyRequest[], from: number, to: number): { job: PackedJob; transfer: ArrayBuffer[] } {
  let total = 0
  for (let i = from; i < to; i++) total += items[i]!.message.length + items[i]!.signature.length
  const bytes = new Uint8Array(total)
  const offsets = new Uint32Array(2 * (to - from) + 1)
  const keyTypes: KeyType[] = []
  const publicKeys: Hex[] = []
  let at = 0
  for (let i = from, k = 0; i < to; i++, k += 2) {
    const item = items[i]!
    offsets[k] = at
    bytes.set(item.message, at)
    at += item.message.length
    offsets[k + 1] = at
    bytes.set(item.signature, at)
    at += item.signature.length
    keyTypes.push(item.keyType)
    publicKeys.push(item.publicKey)
  }
  offsets[offsets.length - 1] = at
  return { job: { id, keyTypes, publicKeys, bytes, offsets }, transfer: [bytes.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer] }
}

/** Verifies a packed job (in whichever thread holds it). */
export function verifyPackedJob(job: PackedJob): Uint8Array {
  const count = job.keyTypes.length
  const valid = new Uint8Array(count)
  const { bytes, offsets } = job
  for (let i = 0; i < count; i++) {
    const message = bytes.subarray(offsets[2 * i]!, offsets[2 * i + 1]!)
    const signature = bytes.subarray(offsets[2 * i + 1]!, offsets[2 * i + 2]!)
    valid[i] = verifyDeviceSignature(job.keyTypes[i]!, job.publicKeys[i]!, message, signature) ? 1 : 0
  }
  return valid
}
