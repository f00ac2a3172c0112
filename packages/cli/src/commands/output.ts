import { PinionError } from '@pinion/protocol'

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

/** GETs JSON from an oracle, with an error that names the URL and the oracle's error code. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((cause: unknown) => {
    throw new PinionError('PINION_ERR_ORACLE_UNREACHABLE', `cannot reach the oracle at ${new URL(url).origin}; is \`npx pinion up\` running?`, { cause })
  })
  const body = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string }
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${body.code ?? ''}: ${body.message ?? ''}`.trim())
  return body
}
