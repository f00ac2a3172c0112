import { shortHex } from '../lib/format.ts'

/** A hash, key or address: shortened on screen, whole in the tooltip and for screen readers and copying. */
export function HexValue({ value, full = false }: { value: string; full?: boolean }) {
  if (full) return <code class="hex hex-full">{value}</code>
  return (
    <code class="hex" title={value} aria-label={value}>
      {shortHex(value)}
    </code>
  )
}
