import { PinionError } from '@pinion/protocol'
import { createPublicClient, erc20Abi, http } from 'viem'
import type { NetworkState } from '../state.ts'

/** Prints `value` as JSON (bigints as strings) or through `human` for people. */
export function output(json: boolean, value: unknown, human: () => string): void {
  if (json) console.log(JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2))
  else console.log(human())
}

/** A token amount (18 decimals) in whole tokens, trimmed: 1234.5 PIN. */
export function formatTokens(amount: bigint, symbol = 'PIN'): string {
  const whole = amount / 10n ** 18n
  const fraction = (amount % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '').slice(0, 6)
  return `${whole.toLocaleString('en')}${fraction ? `.${fraction}` : ''} ${symbol}`
}

/** How a command shows a token amount: in whole tokens of the network's symbol, or in base units (`--base-units`). */
type AmountFormat = (amount: bigint) => string

/** `--base-units`, for commands that show token amounts. */
export const BASE_UNITS_OPTION = ['--base-units', 'amounts in base units (10^-18 of a token) instead of whole tokens'] as const

/**
 * The amount format of a network's commands: whole tokens named by the network's token (its ERC-20
 * symbol, read once from the chain), or base units on request. Every command shows amounts one way.
 */
export async function amountFormat(state: NetworkState, baseUnits: boolean): Promise<AmountFormat> {
  if (baseUnits) return (amount) => `${amount} base units`
  const client = createPublicClient({ transport: http(state.rpcUrl) })
  const symbol = await client.readContract({ address: state.deployment.token, abi: erc20Abi, functionName: 'symbol' }).catch(() => 'PIN')
  return (amount) => formatTokens(amount, symbol)
}

/** GETs JSON from an oracle, with an error that names the URL and the oracle's error code. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((cause: unknown) => {
    throw new PinionError('PINION_ERR_ORACLE_UNREACHABLE', `cannot reach the oracle at ${new URL(url).origin}; is \`npx pinion up\` running?`, { cause })
  })
  const body = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string }
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${body.code ?? ''}: ${body.message ?? ''}`.trim())
  return body
}
