import type { DeviceRecord } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import type { Payment } from './accumulate.ts'
import type { PaidShare } from './types.ts'

/** Basis points in a whole. */
const BPS = 10_000n

/**
 * An operator's pool in the Staking contract as of an epoch's end: its self-bond and every
 * delegation, held for shares, and the commission it charges its delegators.
 */
export type OperatorPool = {
  /** Tokens bonded in the pool, slashes taken. */
  readonly bonded: bigint
  /** Shares of `bonded` outstanding. */
  readonly totalShares: bigint
  /** Each holder's shares, by lower-case address, none zero; the operator's self-bond is under its own address. */
  readonly shares: ReadonlyMap<Address, bigint>
  /** The commission in force, in basis points of the operator's rewards. */
  readonly commissionBps: number
}

/** What one delegator was paid of one operator's devices' rewards in an epoch (a `delegator_payments` row). */
export type DelegatorPayment = { readonly operator: Address; readonly delegator: Address; readonly amount: bigint }

/**
 * Pays each operator's delegators their part of what its devices earned. A device's operator is its
 * owner; when the owner runs a pool in the Staking contract, each of its devices' amounts is split:
 * the commission (`commissionBps` of it) stays with the device's recipient, and of the rest, the part
 * the delegators' shares hold of the pool goes to them, the part the operator's own shares hold stays.
 * Delegators are paid once per operator from what all its devices set aside, pro rata to their shares.
 *
 * Rounding is toward zero at each step (what a device sets aside, what each delegator gets); what a
 * delegator's rounding leaves goes to the operator's own address, so the epoch pays exactly what the
 * kinds' pools paid. Returns every payment the tree accumulates (each share's recipient paid what its
 * device keeps) and the delegators' payments, by operator then delegator, ascending.
 */
export function payDelegators(
  paid: readonly PaidShare[],
  devices: ReadonlyMap<Hex, DeviceRecord>,
  operators: ReadonlyMap<Address, OperatorPool> | undefined,
): { payments: readonly Payment[]; delegations: DelegatorPayment[] } {
  if (operators === undefined || operators.size === 0) return { payments: paid, delegations: [] }
  const setAside = new Map<Address, bigint>()
  const payments = new Array<Payment>(paid.length)
  for (let i = 0; i < paid.length; i++) {
    const share = paid[i]!
    const operator = devices.get(share.deviceId)!.owner.toLowerCase() as Address
    const pool = operators.get(operator)
    const cut = pool === undefined ? 0n : delegatorsPart(share.amount, pool, operator)
    if (cut !== 0n) setAside.set(operator, (setAside.get(operator) ?? 0n) + cut)
    payments[i] = { recipient: share.recipient, amount: share.amount - cut }
  }
  const delegations: DelegatorPayment[] = []
  for (const operator of [...setAside.keys()].sort()) {
    const pot = setAside.get(operator)!
    const pool = operators.get(operator)!
    const delegatorShares = pool.totalShares - (pool.shares.get(operator) ?? 0n)
    let paidOut = 0n
    for (const delegator of [...pool.shares.keys()].sort()) {
      if (delegator === operator) continue
      const amount = (pot * pool.shares.get(delegator)!) / delegatorShares
      if (amount === 0n) continue
      paidOut += amount
      delegations.push({ operator, delegator, amount })
      payments.push({ recipient: delegator, amount })
    }
    if (pot > paidOut) payments.push({ recipient: operator, amount: pot - paidOut })
  }
  return { payments, delegations }
}

/** What a device of `operator` sets aside for its delegators out of `amount`: after the commission, their shares' part. */
function delegatorsPart(amount: bigint, pool: OperatorPool, operator: Address): bigint {
  const delegatorShares = pool.totalShares - (pool.shares.get(operator) ?? 0n)
  if (amount === 0n || delegatorShares === 0n) return 0n
  const afterCommission = amount - (amount * BigInt(pool.commissionBps)) / BPS
  return (afterCommission * delegatorShares) / pool.totalShares
}
