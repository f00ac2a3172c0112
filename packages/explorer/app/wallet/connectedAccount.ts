import type { Address } from 'viem'

/**
 * The account a wallet connected for "my devices", kept for the browser tab (sessionStorage) so the
 * view survives navigation and reloads; reading needs no signature, so the address alone is kept.
 */
const KEY = 'pinion:connected-account'

export function savedAccount(): Address | undefined {
  const value = sessionStorage.getItem(KEY)
  return value !== null && /^0x[0-9a-fA-F]{40}$/.test(value) ? (value as Address) : undefined
}

export function saveAccount(account: Address | undefined): void {
  if (account === undefined) sessionStorage.removeItem(KEY)
  else sessionStorage.setItem(KEY, account)
}
