/** A token amount in whole tokens, grouped and trimmed: "1,234.5678 PIN". Pinion's token has 18 decimals. */
export function formatTokens(amount: bigint | string, symbol: string, fractionDigits = 4, decimals = 18): string {
  const unit = 10n ** BigInt(decimals)
  const value = BigInt(amount)
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = (abs / unit).toLocaleString('en')
  const fraction = (abs % unit).toString().padStart(decimals, '0').slice(0, fractionDigits).replace(/0+$/, '')
  return `${negative ? '−' : ''}${whole}${fraction ? `.${fraction}` : ''}${symbol ? ` ${symbol}` : ''}`
}

/** A token amount as a plain number of whole tokens, for charts (never for arithmetic). */
export const tokensAsNumber = (amount: bigint | string): number => Number(BigInt(amount) / 10n ** 12n) / 1e6

/** Compact numbers for chart axes: 1.2k, 3.4M. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}

/** 0x1234…abcd. */
export function shortHex(value: string, keep = 6): string {
  return value.length <= 2 + keep * 2 ? value : `${value.slice(0, 2 + keep)}…${value.slice(-4)}`
}

/** Every decimal of an 18-decimal fixed-point value: shown where an operator must be able to redo the arithmetic. */
export const EXACT_DIGITS = 18

/** A fixed-point multiplier (1e18 = ×1) to its last digit: "×1", "×0.25", "×0.333333333333333333". */
export function formatMultiplier(value: string): string {
  return `×${formatFixedPoint(value, EXACT_DIGITS)}`
}

/** A fixed-point quantity (1e18 = one unit, as shares' bases and weights are), e.g. "10" or "7.5". */
export function formatFixedPoint(value: string, fractionDigits = 4): string {
  const raw = BigInt(value)
  const whole = (raw / 10n ** 18n).toLocaleString('en')
  const fraction = (raw % 10n ** 18n).toString().padStart(18, '0').slice(0, fractionDigits).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}

/** A unix-ms time as a short local date and time. */
export function formatTime(ms: string | number): string {
  return new Date(Number(ms)).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' })
}

/** "5 s ago", "3 min ago". */
export function formatAgo(ms: string | number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Number(ms)) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`
  return `${Math.round(seconds / 3600)} h ago`
}

export const formatCount = (value: number): string => value.toLocaleString('en')

/**
 * A token amount abbreviated for a tile too narrow for every digit: "24.75K PIN", "1.23M PIN"
 * (rounded toward zero, so never more than the exact amount, which the caller shows in a title).
 */
export function formatTokensCompact(amount: bigint | string, symbol: string, decimals = 18): string {
  const value = BigInt(amount)
  const negative = value < 0n
  const whole = (negative ? -value : value) / 10n ** BigInt(decimals)
  const units = ['', 'K', 'M', 'B', 'T']
  let exponent = 0
  while (exponent < units.length - 1 && whole >= 1000n ** BigInt(exponent + 1)) exponent++
  const scale = 1000n ** BigInt(exponent)
  const hundredths = (whole * 100n) / scale
  const fraction = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  const text = `${(hundredths / 100n).toLocaleString('en')}${fraction ? `.${fraction}` : ''}${units[exponent]}`
  return `${negative ? '−' : ''}${text}${symbol ? ` ${symbol}` : ''}`
}
