import type { Hex } from 'viem'

/** A 32-byte value from a small number, for roots and hashes in tests. */
export const word = (n: number | bigint): Hex => `0x${BigInt(n).toString(16).padStart(64, '0')}`
