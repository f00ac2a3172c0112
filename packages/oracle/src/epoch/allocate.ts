import type { Share } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { PoolAllocation, PoolSpec, ResidualPool } from './types.ts'
import { BASIS_POINTS_TOTAL } from './validateInput.ts'

export type Allocation = {
  /** The amount of each share, by index in the shares given. */
  amounts: bigint[]
  pools: PoolAllocation[]
  /** Everything the residual pool's recipient receives this epoch. */
  residualAmount: bigint
}

/**
 * Splits the emission into pools by basis points, and each pool among its shares by weight, every
 * division rounded toward zero. What rounding leaves, and the whole slice of a pool whose shares
 * weigh nothing, goes to the residual pool, so that the amounts plus the residual are exactly the
 * emission: nothing is minted twice and nothing is lost.
 *
 * A share's amount is floor(allocation × weight ÷ Σ weights), exactly protocol's splitProRata
 * (allocate.test.ts checks it against it), computed over arrays: a million-entry Map per pool, as
 * splitProRata takes and returns, cost more than the arithmetic.
 */
export function allocate(emission: bigint, pools: readonly PoolSpec[], residual: ResidualPool, shares: readonly Share[]): Allocation {
  const poolIndex = new Map(pools.map((pool, p) => [pool.name, p]))
  const sums = pools.map(() => 0n)
  const sharePool = new Int32Array(shares.length)
  for (let i = 0; i < shares.length; i++) {
    const share = shares[i]!
    const p = poolIndex.get(share.pool)
    if (p === undefined || share.pool === residual.name) {
      throw new PinionError('PINION_ERR_EPOCH_INPUT', `a share of device ${share.deviceId} is in pool "${share.pool}", which takes no shares`)
    }
    if (share.weight < 0n) throw new PinionError('PINION_ERR_EPOCH_INPUT', `a share of device ${share.deviceId} has negative weight ${share.weight}`)
    sharePool[i] = p
    sums[p] = sums[p]! + share.weight
  }
  const allocations = pools.map((pool) => (emission * BigInt(pool.basisPoints)) / BASIS_POINTS_TOTAL)
  const paid = pools.map(() => 0n)
  const amounts = new Array<bigint>(shares.length)
  for (let i = 0; i < shares.length; i++) {
    const p = sharePool[i]!
    const sum = sums[p]!
    const amount = sum === 0n ? 0n : (allocations[p]! * shares[i]!.weight) / sum
    amounts[i] = amount
    paid[p] = paid[p]! + amount
  }

  const rows: PoolAllocation[] = []
  let residualOwn = emission // its own basis points, plus the dust of the basis-point split
  let remainders = 0n // what the other pools could not pay
  let residualRow: PoolAllocation | undefined
  pools.forEach((pool, p) => {
    if (pool.name === residual.name) {
      rows.push((residualRow = { pool: pool.name, basisPoints: pool.basisPoints, allocation: 0n, paid: 0n, remainder: 0n, totalWeight: 0n }))
      return // its slice stays in residualOwn
    }
    const allocation = allocations[p]!
    residualOwn -= allocation
    remainders += allocation - paid[p]!
    rows.push({ pool: pool.name, basisPoints: pool.basisPoints, allocation, paid: paid[p]!, remainder: allocation - paid[p]!, totalWeight: sums[p]! })
  })
  if (residualRow === undefined) rows.push((residualRow = { pool: residual.name, basisPoints: 0, allocation: 0n, paid: 0n, remainder: 0n, totalWeight: 0n }))
  residualRow.allocation = residualOwn
  residualRow.paid = residualOwn + remainders
  return { amounts, pools: rows, residualAmount: residualRow.paid }
}
