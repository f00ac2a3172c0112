import { StorageError } from '../storage/storageErrors.ts'

/** Units `--quota` takes: bytes, SI (powers of 1,000, as disks are sold) and IEC (powers of 1,024). */
const QUOTA_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
}

/**
 * `--quota`: a whole number of bytes, or of a unit (`10GiB`, `500 MB`; units in any case), above 0
 * and within 2^53 − 1 bytes (what the piece store counts exactly). Whole numbers only, so that a
 * quota is exactly the bytes it says.
 */
export function parseQuota(value: string): number {
  const match = /^(\d{1,16})\s*([a-z]*)$/i.exec(value.trim())
  const unit = match === null ? undefined : QUOTA_UNITS[(match[2] || 'b').toLowerCase()]
  const bytes = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new StorageError(
      'PINION_ERR_STORAGE_NODE_FLAGS',
      `--quota ${JSON.stringify(value)} is not a size: a whole number above 0, of bytes or of B, kB, MB, GB, TB, KiB, MiB, GiB or TiB (e.g. 10GiB)`,
    )
  }
  return bytes
}

/** `--listen`: `host:port` (`127.0.0.1:28967`, `0.0.0.0:0`, `[::1]:28967`); port 0 takes any free port. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(value)
  const port = match === null ? Number.NaN : Number(match[2])
  if (match === null || port > 65_535) throw new StorageError('PINION_ERR_STORAGE_NODE_FLAGS', `--listen ${JSON.stringify(value)} is not host:port (a port from 0 to 65535)`)
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
}
