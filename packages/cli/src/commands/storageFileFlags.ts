import { Option } from 'commander'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { StorageClientError } from '../storage/client/clientErrors.ts'

/** `--data-dir`: the customer's stored files' manifests live under it (storage/files/), beside `pinion up`'s state. */
export const DATA_DIR_OPTION = ['--data-dir <dir>', "where the stored files' manifests (and their keys) are kept, under storage/files/", DEFAULT_DATA_DIR] as const

/** `--timeout-ms`: how long one piece's request may take before its node is skipped. */
export const pieceTimeoutOption = () =>
  new Option('--timeout-ms <ms>', "how long one piece's request may take before its node is skipped (default: 15 s, more for pieces over 2.25 MB, at 150 kB/s)").argParser(
    (value) => {
      const ms = Number(value)
      if (!Number.isSafeInteger(ms) || ms < 1)
        throw new StorageClientError('PINION_ERR_STORAGE_FLAGS', `--timeout-ms ${JSON.stringify(value)} is not a whole number of milliseconds from 1`)
      return ms
    },
  )

/** A flag's whole number from 0 to `max`, or PINION_ERR_STORAGE_FLAGS naming the flag and what was given. */
export const wholeFlag = (flag: string, max: number) => (value: string) => {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0 || n > max)
    throw new StorageClientError('PINION_ERR_STORAGE_FLAGS', `${flag} ${JSON.stringify(value)} is not a whole number from 0 to ${max}`)
  return n
}

/** `--seed`: where pieces go, from a seed that can be given again (a whole number below 2^32). */
export const SEED_MAX = 0xffff_ffff

/** A byte count for people: 5.2 MiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}
