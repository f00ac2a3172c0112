import { shortHex } from '../lib/format.ts'

/** A hash, key or address: shortened on screen, whole in the tooltip and for screen readers and copying. */
export function HexValue({ value, full = false }: { value: string; full?: boolean }) {
  if (full) return <code class="hex hex-full">{value}</code>
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: known gap, most screen readers ignore aria-label on <code>; a visually hidden full value would change the text tests and copying read
    <code class="hex" title={value} aria-label={value}>
      {shortHex(value)}
    </code>
  )
}
