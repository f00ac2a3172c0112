import type { Reasons } from '@pinion/oracle/api'

/**
 * The kinds a network runs, sorted, as its oracle's reason codes tell them (GET /v1/reasons): every
 * kind's codes are served qualified by its name (`storage.PROOF_INVALID`), the pipeline's own are
 * bare. Pages of one kind (Storage) show only where the network runs it.
 */
export function kindsOf({ reasons }: Reasons): string[] {
  const kinds = new Set<string>()
  for (const code of Object.keys(reasons)) {
    const dot = code.indexOf('.')
    if (dot > 0) kinds.add(code.slice(0, dot))
  }
  return [...kinds].sort()
}
