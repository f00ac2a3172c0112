import type { Address, Hex } from 'viem'
import type { Db } from '../store/db.ts'
import { OracleError } from '../errors.ts'
import type { TreeCache } from './proofs.ts'

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
  /** Network facts shown by /v1/status (chain id, contract addresses…). */
  network: Record<string, unknown>
}

export function parseEpoch(value: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw new OracleError('PINION_ERR_BAD_EPOCH', `epoch "${value}" is not a whole number`)
  return BigInt(value)
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
