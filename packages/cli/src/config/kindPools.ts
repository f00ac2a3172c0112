import { type Kind, qualifiedPools, splitQualifiedName } from '@pinion/kinds'
import type { Report } from './configError.ts'

/**
 * Checks a config's pools against its kinds' (the kinds Pinion knows; networkSchema.ts reports the
 * others): every pool of every kind has basis points (a kind's shares could not be paid otherwise),
 * a kind's pool is named qualified, "<kind>.<pool>" (a bare "coverage" gets a hint), and a qualified
 * pool of one of the network's kinds is one that kind has.
 */
export function checkKindPools(kinds: readonly Kind[], pools: Readonly<Record<string, number>>, report: Report): void {
  for (const [name, basisPoints] of Object.entries(pools)) {
    const owners = kinds.filter((kind) => kind.pools.includes(name))
    if (owners.length > 0) {
      report.problem(['pools', name], basisPoints, `a kind's pool named with its kind: ${owners.map((kind) => `"${kind.name}.${name}"`).join(' or ')}`)
      continue
    }
    const split = splitQualifiedName(name)
    const owner = kinds.find((kind) => kind.name === split?.kind)
    if (owner !== undefined && !owner.pools.includes(split!.local)) {
      const known = qualifiedPools(owner)
      report.unknown(['pools', name], 'pool', `a pool of kind ${owner.name}: ${known.join(', ')}`, known)
    }
  }
  for (const kind of kinds) {
    for (const pool of qualifiedPools(kind)) {
      if (!Object.hasOwn(pools, pool)) report.problem(['pools'], pools, `basis points for every pool of kind ${kind.name}, including "${pool}"`)
    }
  }
}
