import { formatTokens } from '../lib/format.ts'
import { useNetwork } from '../lib/network.tsx'

/** A token amount in the network's token, e.g. "1,234.5 PIN". */
export function Amount({ value, digits }: { value: bigint | string; digits?: number }) {
  const { token } = useNetwork()
  return <span class="amount">{formatTokens(value, token.symbol, digits, token.decimals)}</span>
}
