import { type Address, type Hex, getAddress, isAddress, isHex, size, zeroAddress } from 'viem'
import { GovError } from './errors.ts'

/** `value` as a checksummed, non-zero address; `what` names it in the error ("the oracle to add"). */
export function parseAddress(value: string, what: string): Address {
  if (!isAddress(value, { strict: false })) throw new GovError('PINION_ERR_GOV_ADDRESS', `${what} is "${value}", expected a 0x-prefixed 20-byte address`)
  if (value.toLowerCase() === zeroAddress) throw new GovError('PINION_ERR_GOV_ADDRESS', `${what} is the zero address, expected an account or contract`)
  return getAddress(value)
}

/** `value` as a whole number from `min` to `max` (decimal digits, `_` or `,` allowed as separators). */
export function parseWhole(value: string, what: string, min = 0n, max = (1n << 256n) - 1n): bigint {
  const digits = value.replace(/[_,]/g, '')
  if (!/^\d+$/.test(digits))
    throw new GovError('PINION_ERR_GOV_NUMBER', `${what} is "${value}", expected a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`)
  const number = BigInt(digits)
  if (number < min || number > max)
    throw new GovError('PINION_ERR_GOV_NUMBER', `${what} is ${number.toLocaleString('en')}, expected ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`)
  return number
}

/** A device id as the explorer and the registry's events show it (0x + 32 bytes), or in decimal. */
export function parseDeviceId(value: string): bigint {
  if (/^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  if (/^\d+$/.test(value)) return parseWhole(value, 'the device id')
  throw new GovError('PINION_ERR_GOV_NUMBER', `the device id is "${value}", expected 0x and up to 64 hex digits (as the explorer shows it) or a decimal number`)
}

/** 32 bytes of hex (a serial, a parameters hash). */
export function parseBytes32(value: string, what: string): Hex {
  if (!isHex(value) || size(value) !== 32) throw new GovError('PINION_ERR_GOV_NUMBER', `${what} is "${value}", expected 0x and 64 hex digits (32 bytes)`)
  return value.toLowerCase() as Hex
}
