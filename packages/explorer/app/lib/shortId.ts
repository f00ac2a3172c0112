/**
 * A short id as the lists show one (`0x1234ab…cdef`, shortHex) or a typed prefix (`0x1234ab`): the
 * hex digits it starts and ends with. Matching is case-insensitive; `...` stands for `…`.
 */
export type ShortId = { prefix: string; suffix: string }

/** A search needs a digit at least; a short one may match many ids, which the search page lists. */
const MIN_SHORT_ID_DIGITS = 1

export function parseShortId(term: string): ShortId | undefined {
  const match = /^0x([0-9a-f]*)(?:(?:…|\.{2,3})([0-9a-f]*))?$/i.exec(term.trim())
  if (match === null) return undefined
  const prefix = match[1]!.toLowerCase()
  const suffix = (match[2] ?? '').toLowerCase()
  if (prefix.length + suffix.length < MIN_SHORT_ID_DIGITS || prefix.length + suffix.length > 64) return undefined
  return { prefix, suffix }
}

/** Whether the full hex `value` (0x…) is one the short id names. */
export function matchesShortId(value: string, id: ShortId): boolean {
  const digits = value.toLowerCase().slice(2)
  return digits.length >= id.prefix.length + id.suffix.length && digits.startsWith(id.prefix) && digits.endsWith(id.suffix)
}

/** What a search found, with the page it leads to. */
export type SearchMatch = { kind: 'device' | 'address' | 'epoch root'; value: string; path: string; epoch?: string }
