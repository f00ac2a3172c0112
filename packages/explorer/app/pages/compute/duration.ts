/** A number of seconds in the largest whole units, e.g. "1 h", "90 s", "2 d 3 h"; "open-ended" for 0, as an order's duration means. */
export function formatDuration(seconds: number, zero = 'open-ended'): string {
  if (seconds === 0) return zero
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ]
  const parts: string[] = []
  let left = seconds
  for (const [size, unit] of units) {
    if (left < size || parts.length === 2) continue
    parts.push(`${Math.floor(left / size)} ${unit}`)
    left %= size
  }
  return parts.join(' ')
}
