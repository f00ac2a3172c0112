import { type Kind, kinds as knownKinds, qualifiedPools } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'

/**
 * Checks the kinds a config names against the kinds Pinion has, and its pools against theirs: every
 * kind exists, every pool of every kind has basis points (a kind's shares could not be paid
 * otherwise), and a kind's pool is named qualified, "<kind>.<pool>" (a bare "coverage" gets a hint).
 */
export function checkKindPools(kindNames: readonly string[], pools: Readonly<Record<string, number>>, known: ReadonlyMap<string, Kind> = knownKinds): void {
  const invalid = (path: string, given: unknown, expected: string): never => {
    throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: ${path} is ${JSON.stringify(given)}, expected ${expected}.`)
  }
  for (const name of kindNames) {
    const kind = known.get(name)
    if (kind === undefined) invalid(`kinds.${name}`, name, `one of the kinds Pinion knows: ${[...known.keys()].join(', ')}`)
  }
  for (const name of Object.keys(pools)) {
    const owners = kindNames.filter((kind) => known.get(kind)!.pools.includes(name))
    if (owners.length > 0) invalid(`pools.${name}`, name, `a kind's pool named with its kind: ${owners.map((kind) => `"${kind}.${name}"`).join(' or ')}`)
  }
  for (const name of kindNames) {
    for (const pool of qualifiedPools(known.get(name)!)) {
      if (!Object.hasOwn(pools, pool)) invalid('pools', pools, `basis points for every pool of kind ${name}, including "${pool}"`)
    }
  }
}
