import type { Address, Hex } from 'viem'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import type { Db } from '../store/db.ts'
import { OracleError } from '../errors.ts'
import type { NetworkFacts } from './apiTypes.ts'
import type { TreeCache } from './proofs.ts'
import { MAX_EPOCH, epochSchema } from './schemas.ts'

export type ApiContext = {
  db: Db
  trees: TreeCache
  /** This oracle's signer address. */
  oracle: Address
  /** Reason code → words, from the pipeline and every kind the network runs. */
  reasons: Readonly<Record<string, string>>
  /** The epoch's time window, in ms. */
  windowOf: (epoch: bigint) => { startMs: bigint; endMs: bigint }
  /** Whether `epoch` no longer accepts reports. */
  isSealed: (epoch: bigint) => boolean
  /** The oracle's clock (unix ms): what "recent" means in live figures. Default the system clock. */
  now?: () => number
  /** Network facts shown by /v1/status (chain id, contract addresses…); none in tests that do not need them. */
  network: NetworkFacts | Record<string, never>
  /** An epoch's challenges, once its start fixed them (challengeBoard.ts); without it, no /v1/challenges. */
  challenges?: (epoch: bigint) => Promise<EpochChallenges>
}

const EPOCH_DIGITS = new RegExp(epochSchema.pattern)

/**
 * An epoch from the path or the query: the route's schema (epochSchema) checked its digits; this
 * checks what JSON Schema cannot, that it fits the store's signed 64-bit columns (MAX_EPOCH).
 */
export function parseEpoch(value: string): bigint {
  const epoch = EPOCH_DIGITS.test(value) ? BigInt(value) : undefined
  if (epoch === undefined || epoch > MAX_EPOCH) {
    throw new OracleError('PINION_ERR_BAD_EPOCH', `epoch "${value.slice(0, 40)}" is not valid: expected ${epochSchema.description}`)
  }
  return epoch
}

export function parseDeviceId(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new OracleError('PINION_ERR_BAD_DEVICE_ID', `device id "${value}" is not 32 bytes of hex`)
  return value.toLowerCase() as Hex
}

export function parseAddress(value: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new OracleError('PINION_ERR_BAD_ADDRESS', `"${value}" is not an address`)
  return value.toLowerCase() as Address
}

/** Database numbers (bigint, numeric) as decimal strings, whichever type the driver returned. */
export const decimal = (value: unknown): string => (value === null || value === undefined ? '0' : String(value))
