import { COMMON_REASONS } from './reasons.ts'
import type { Kind } from './kind.ts'

/**
 * A kind's reason codes and pools, named outside the kind: "<kind>.<name>", e.g.
 * "wireless.WITNESS_TOO_FAR" or "wireless.coverage". Stable identifiers in verdicts, the API, the
 * explorer, the docs and the config; the pipeline's own reasons (COMMON_REASONS) stay bare.
 */
export function qualifiedName(kind: string, name: string): string {
  return `${kind}.${name}`
}

/** The kind and local name of a qualified name, or null for a bare one (a common reason, a network pool). */
export function splitQualifiedName(name: string): { kind: string; local: string } | null {
  const dot = name.indexOf('.')
  return dot <= 0 ? null : { kind: name.slice(0, dot), local: name.slice(dot + 1) }
}

/** Every reason a network of `kinds` can give, qualified, with its words: the common ones, then each kind's. */
export function reasonWords(kinds: Iterable<Kind>): Record<string, string> {
  const words: Record<string, string> = { ...COMMON_REASONS }
  for (const kind of kinds) for (const [code, text] of Object.entries(kind.reasons)) words[qualifiedName(kind.name, code)] = text
  return words
}

/** A kind's pools, qualified, in its order. */
export function qualifiedPools(kind: Kind): string[] {
  return kind.pools.map((pool) => qualifiedName(kind.name, pool))
}
