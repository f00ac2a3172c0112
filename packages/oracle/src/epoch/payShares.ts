import type { DeviceRecord, Share } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import type { PaidShare } from './types.ts'

/** Attaches to each share its amount and its device's recipient (lower case). */
export function payShares(shares: readonly Share[], amounts: readonly bigint[], devices: ReadonlyMap<Hex, DeviceRecord>): PaidShare[] {
  const paid = new Array<PaidShare>(shares.length)
  for (let i = 0; i < shares.length; i++) {
    const { deviceId, pool, base, multipliers, weight, inputs } = shares[i]!
    // A literal, not a spread: one object shape for all, measurably faster for a million shares.
    paid[i] = {
      deviceId,
      pool,
      base,
      multipliers,
      weight,
      inputs,
      recipient: devices.get(deviceId)!.recipient.toLowerCase() as Address,
      amount: amounts[i]!,
    }
  }
  return paid
}
