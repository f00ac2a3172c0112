import { useContext } from 'preact/hooks'
import { formatTokens, formatTokensCompact } from '../lib/format.ts'
import { useNetwork } from '../lib/network.tsx'
import { FitContext, MAX_FIT_LEVEL } from './fit.ts'

/**
 * A token amount in the network's token, e.g. "1,234.5 PIN", never broken across lines. In a tile
 * too narrow for it (FitContext) it abbreviates, "1.23K PIN", with the exact amount in its title.
 */
export function Amount({ value, digits }: { value: bigint | string; digits?: number }) {
  const { token } = useNetwork()
  const exact = formatTokens(value, token.symbol, digits, token.decimals)
  if (useContext(FitContext) >= MAX_FIT_LEVEL) {
    const compact = formatTokensCompact(value, token.symbol, token.decimals)
    if (compact.length < exact.length) {
      // Keyed apart from the exact one, so going back to it leaves no empty title behind.
      return (
        <span key="compact" class="amount" title={exact}>
          {compact}
        </span>
      )
    }
  }
  return (
    <span key="exact" class="amount">
      {exact}
    </span>
  )
}
