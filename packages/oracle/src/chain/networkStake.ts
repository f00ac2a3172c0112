import type { KindEvent } from '@pinion/kinds'
import { type Address, type Hex, toHex } from 'viem'
import type { OperatorPool } from '../epoch/payDelegators.ts'

/** Staking's SubjectType values, as its events carry them (decimal strings). */
const SUBJECT = { device: '0', operator: '1' } as const

/** What the network's Staking contract says as of an epoch's end: an input of the epoch, signed in its params document. */
export type NetworkStake = {
  /** Each device's bonded stake, by lower-case bytes32 id; devices that never bonded are absent. */
  readonly devices: ReadonlyMap<Hex, bigint>
  /** Each operator's pool, by lower-case address; operators whose pool holds no shares are absent. */
  readonly operators: ReadonlyMap<Address, OperatorPool>
  /** The minimum stake governance set per kind, none zero. */
  readonly minimums: ReadonlyMap<string, bigint>
}

type Commission = { current: number; pending: number; pendingAt: bigint }
type Pool = { bonded: bigint; totalShares: bigint; shares: Map<Address, bigint> }

/**
 * Folds Staking's events (in chain order, up to an epoch's end block) into the stake the epoch counts.
 * Every event carries the state after it (a device's total, a pool's tokens and shares, a holder's
 * shares), so the last one counts; a slash that empties an operator's pool voids every delegation of
 * it, as the contract does by bumping the pool's generation. A commission follows the contract's
 * rule: a cut takes effect when announced, a raise at its `effectiveAt`, and each announcement
 * replaces one not yet in effect. `atMs` is the moment the commission is read at: the epoch's end.
 * `initialMinimums` are those Staking was deployed with (its constructor's events precede the blocks
 * the follower indexes).
 */
export function networkStake(events: readonly KindEvent[], atMs: bigint, initialMinimums: ReadonlyMap<string, bigint> = new Map()): NetworkStake {
  const devices = new Map<Hex, bigint>()
  const pools = new Map<Address, Pool>()
  const commissions = new Map<Address, Commission>()
  const minimums = new Map(initialMinimums)
  const poolOf = (operator: string) => {
    const key = operator.toLowerCase() as Address
    let pool = pools.get(key)
    if (pool === undefined) pools.set(key, (pool = { bonded: 0n, totalShares: 0n, shares: new Map() }))
    return pool
  }
  for (const event of events) {
    if (event.contract !== 'Staking') continue
    const { args } = event
    switch (event.eventName) {
      case 'DeviceBonded':
      case 'DeviceUnbonded':
        devices.set(toHex(BigInt(args.deviceId!), { size: 32 }), BigInt(args.total!))
        break
      case 'Delegated':
      case 'Undelegated': {
        const pool = poolOf(args.operator!)
        pool.bonded = BigInt(args.totalTokens!)
        pool.totalShares = BigInt(args.totalShares!)
        const holder = args.delegator!.toLowerCase() as Address
        const held = BigInt(args.delegatorShares!)
        if (held === 0n) pool.shares.delete(holder)
        else pool.shares.set(holder, held)
        break
      }
      case 'SlashExecuted': {
        const bonded = BigInt(args.bonded!)
        if (args.subjectType === SUBJECT.device) devices.set(args.subject!.toLowerCase() as Hex, bonded)
        else if (args.subjectType === SUBJECT.operator) {
          // An operator's subject is its address, left-padded to 32 bytes.
          const pool = poolOf(`0x${args.subject!.slice(-40)}`)
          pool.bonded = bonded
          if (bonded === 0n) {
            pool.totalShares = 0n
            pool.shares.clear()
          }
        }
        break
      }
      case 'CommissionChanged': {
        const operator = args.operator!.toLowerCase() as Address
        const bps = Number(args.commissionBps!)
        const effectiveAtMs = BigInt(args.effectiveAt!) * 1000n
        if (effectiveAtMs <= event.timestampMs) commissions.set(operator, { current: bps, pending: 0, pendingAt: 0n })
        else commissions.set(operator, { current: commissionAt(commissions.get(operator), event.timestampMs), pending: bps, pendingAt: effectiveAtMs })
        break
      }
      case 'MinimumStakeSet':
        minimums.set(args.kind!, BigInt(args.amount!))
        break
    }
  }
  const operators = new Map<Address, OperatorPool>()
  for (const [operator, pool] of pools) {
    if (pool.totalShares === 0n) continue
    operators.set(operator, { ...pool, commissionBps: commissionAt(commissions.get(operator), atMs) })
  }
  for (const [kind, amount] of minimums) if (amount === 0n) minimums.delete(kind)
  return { devices, operators, minimums }
}

/** The commission in force at `atMs`: the pending raise once it is due, else the current one (none announced: zero). */
function commissionAt(commission: Commission | undefined, atMs: bigint): number {
  if (commission === undefined) return 0
  return commission.pendingAt !== 0n && commission.pendingAt <= atMs ? commission.pending : commission.current
}
