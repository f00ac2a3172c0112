import { createKeccak } from 'hash-wasm'

/**
 * Keccak-256 for hot loops (Merkle trees of a million leaves): hash-wasm's WebAssembly keccak is
 * about 15× faster here than a pure-JS one. The hasher is created once, at module load.
 */
const hasher = await createKeccak(256)

/** Writes keccak256(`input`) into `out` at `outOffset`. */
export function keccak256Into(input: Uint8Array, out: Uint8Array, outOffset: number): void {
  hasher.init()
  hasher.update(input)
  out.set(hasher.digest('binary'), outOffset)
}

/** keccak256(`input`) as 0x-prefixed lower-case hex (hash-wasm's own hex: no byte array, no viem loop). */
export function keccak256Hex(input: Uint8Array): `0x${string}` {
  hasher.init()
  hasher.update(input)
  return `0x${hasher.digest('hex')}`
}

/** An incremental keccak256: bytes fed in pieces, hashed as if concatenated. */
export type Keccak256Stream = { update(bytes: Uint8Array): void; digestHex(): `0x${string}` }

/**
 * A keccak256 over input that arrives in pieces (an epoch's inputsHash over millions of report ids,
 * streamed: streamEpoch.ts), with its own hasher: the shared one above is reset by every other call.
 */
export async function keccak256Stream(): Promise<Keccak256Stream> {
  const own = await createKeccak(256)
  own.init()
  return {
    update: (bytes) => {
      own.update(bytes)
    },
    digestHex: () => `0x${own.digest('hex')}`,
  }
}
