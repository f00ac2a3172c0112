import { paths } from './router.ts'

/** Where a search term leads: a device id, an address, or an epoch number; undefined for anything else. */
export function searchTarget(term: string): string | undefined {
  const value = term.trim()
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return paths.device(value.toLowerCase())
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return paths.recipient(value.toLowerCase())
  if (/^\d{1,19}$/.test(value)) return paths.epoch(value)
  return undefined
}
