import { paths } from './router.ts'
import { parseShortId } from './shortId.ts'

/**
 * Where a search term leads: a device id, an address, or an epoch number straight to its page; a
 * short id (`0x1234ab…cdef`) or hex prefix to the search page, which finds what it names; undefined
 * for anything else.
 */
export function searchTarget(term: string): string | undefined {
  const value = term.trim()
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return paths.device(value.toLowerCase())
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return paths.recipient(value.toLowerCase())
  if (/^\d{1,19}$/.test(value)) return paths.epoch(value)
  if (parseShortId(value) !== undefined) return paths.search(value)
  return undefined
}
