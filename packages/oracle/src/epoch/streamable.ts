import type { Kind } from '@pinion/kinds'
import type { EpochInput } from './types.ts'

/**
 * Why an epoch cannot be computed streaming (streamEpoch.ts), or null when it can. Streaming holds one
 * device's reports at a time, so every rule must be decidable from one device's reports:
 *
 * - every kind must declare `eachDeviceAlone` (its verifyEpoch and score give each device what they
 *   give its reports alone). Wireless does not: a witness is judged by another device's beacon and
 *   rings are properties of the witness graph; its bound is the region (wireless/regions.ts), which
 *   a region-by-region stream could use, not the device;
 * - no kind may `carry` state into the next epoch: carry folds every valid report of the epoch into
 *   one value, through the kind's own code;
 * - no credits: usage receipts are charged against escrows shared by many devices, in canonical
 *   order, and an exhausted escrow voids later reports of other devices.
 *
 * `kinds` are the kinds under the rules the epoch runs (kindUnderRules): an earlier rules version
 * may judge differently.
 */
export function whyNotStreamable(kinds: ReadonlyMap<string, Kind>, input: Pick<EpochInput, 'credits'>): string | null {
  for (const name of [...kinds.keys()].sort()) {
    const kind = kinds.get(name)!
    if (kind.eachDeviceAlone !== true) return `kind ${name} judges devices together (it does not declare eachDeviceAlone)`
    if (kind.carry !== undefined) return `kind ${name} carries state into the next epoch from all of its reports`
  }
  if (input.credits !== undefined) return 'usage receipts are charged in credits, against escrows that many devices share'
  return null
}
