import { NO_KIND_INPUTS, type Share, qualifiedName, splitQualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { KindsContext, PoolSpec } from './types.ts'
import { BASIS_POINTS_TOTAL } from './validateInput.ts'

/**
 * The pools as this epoch pays them (qualified names, as `shares` carry them): each kind with
 * `splitPools` re-divides the basis points its pools have in config (their sum stays the kind's budget) in the proportions it returns, each pool
 * rounded toward zero and the rounding dust to the kind's first pool. Kinds without it, and every
 * other pool, keep their configured basis points.
 */
export function splitPools(pools: readonly PoolSpec[], shares: readonly Share[], ctx: KindsContext): PoolSpec[] {
  const effective = new Map(pools.map((pool) => [pool.name, pool.basisPoints]))
  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    if (kind.splitPools === undefined) continue
    const own = new Set(kind.pools)
    // The kind sees its shares as it gave them, under its own pool names.
    const ownShares: Share[] = []
    for (const share of shares) {
      const pool = splitQualifiedName(share.pool)
      if (pool !== null && pool.kind === name) ownShares.push({ ...share, pool: pool.local })
    }
    const proportions = kind.splitPools(ownShares, {
      epoch: ctx.window,
      devices: ctx.devices,
      params: ctx.params.get(name),
      carried: ctx.carried.get(name) ?? null,
      inputs: ctx.inputs.get(name) ?? NO_KIND_INPUTS,
    })
    let sum = 0n
    for (const pool of kind.pools) {
      const bps = proportions[pool]
      if (bps === undefined || !Number.isSafeInteger(bps) || bps < 0) throw bad(`kind ${name} split pool "${pool}" as ${bps}; expected non-negative whole basis points`)
      sum += BigInt(bps)
    }
    for (const pool of Object.keys(proportions)) if (!own.has(pool)) throw bad(`kind ${name} split into pool "${pool}", which is not one of its pools`)
    if (sum !== BASIS_POINTS_TOTAL) throw bad(`kind ${name} split its pools into ${sum} basis points; expected ${BASIS_POINTS_TOTAL}`)

    const budget = kind.pools.reduce((total, pool) => total + BigInt(effective.get(qualifiedName(name, pool))!), 0n)
    let given = 0n
    for (const pool of kind.pools) {
      const bps = (budget * BigInt(proportions[pool]!)) / BASIS_POINTS_TOTAL
      effective.set(qualifiedName(name, pool), Number(bps))
      given += bps
    }
    const first = qualifiedName(name, kind.pools[0]!)
    effective.set(first, effective.get(first)! + Number(budget - given))
  }
  return pools.map((pool) => ({ name: pool.name, basisPoints: effective.get(pool.name)! }))
}

const bad = (message: string) => new PinionError('PINION_ERR_KIND_SHARES', message)
