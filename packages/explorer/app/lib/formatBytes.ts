const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/**
 * A byte count in binary units, as storage is sized: "512 B", "4 KiB", "1.5 GiB", with at most two
 * decimals, rounded toward zero (never more than the bytes there are, which the caller can show whole).
 */
export function formatBytes(bytes: bigint | string): string {
  const value = BigInt(bytes)
  let exponent = 0
  while (exponent < UNITS.length - 1 && value >= 1024n ** BigInt(exponent + 1)) exponent++
  const hundredths = (value * 100n) / 1024n ** BigInt(exponent)
  const fraction = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${(hundredths / 100n).toLocaleString('en')}${fraction ? `.${fraction}` : ''} ${UNITS[exponent]}`
}
