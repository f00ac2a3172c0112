import type { DeviceRecord, KindReport } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import type { OperatorPool } from './payDelegators.ts'
import type { ReportVerdict } from './types.ts'

/**
 * The stake that counts for each device against its kind's minimum: what is bonded for the device
 * itself, plus an equal part of its operator's pool — the pool (self-bond and delegations) divided
 * among every active device the operator owns, rounded toward zero. Bonding per device and bonding
 * once as an operator for a whole fleet are then two ways to meet one rule.
 */
export function countedStake(
  devices: ReadonlyMap<Hex, DeviceRecord>,
  deviceStake: ReadonlyMap<Hex, bigint>,
  operators: ReadonlyMap<Address, OperatorPool>,
): (deviceId: Hex) => bigint {
  const fleet = new Map<Address, bigint>()
  for (const device of devices.values()) {
    if (!device.active) continue
    const owner = device.owner.toLowerCase() as Address
    if (operators.has(owner)) fleet.set(owner, (fleet.get(owner) ?? 0n) + 1n)
  }
  return (deviceId) => {
    const own = deviceStake.get(deviceId) ?? 0n
    const owner = devices.get(deviceId)?.owner.toLowerCase() as Address | undefined
    const pool = owner === undefined ? undefined : operators.get(owner)
    const count = owner === undefined ? undefined : fleet.get(owner)
    return pool === undefined || count === undefined ? own : own + pool.bonded / count
  }
}

/**
 * Voids the valid reports of every device whose counted stake is below its kind's minimum
 * (STAKE_BELOW_MINIMUM): governance's minimum stake per kind (Staking.setMinimumStake), which the
 * oracles enforce by paying nothing below it. Runs after every kind's own verdicts, so the work of
 * an unstaked device still counts for others (a witness of its beacon), and before usage receipts
 * are charged, so no customer pays for service nobody is paid for.
 */
export function enforceMinimumStake(
  verdicts: ReportVerdict[],
  valid: Map<string, KindReport[]>,
  minimums: ReadonlyMap<string, bigint> | undefined,
  stakeOf: (deviceId: Hex) => bigint,
): void {
  if (minimums === undefined || minimums.size === 0) return
  const below = new Set<Hex>()
  for (const [kind, minimum] of minimums) {
    const reports = valid.get(kind)
    if (reports === undefined || reports.length === 0 || minimum === 0n) continue
    const kept = reports.filter((report) => {
      if (stakeOf(report.deviceId) >= minimum) return true
      below.add(report.reportId)
      return false
    })
    valid.set(kind, kept)
  }
  if (below.size === 0) return
  for (const verdict of verdicts) {
    if (!below.has(verdict.reportId)) continue
    verdict.valid = false
    verdict.reason = 'STAKE_BELOW_MINIMUM'
  }
}
