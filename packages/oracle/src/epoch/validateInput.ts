import { hasNoInputs, qualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { isAddress } from 'viem'
import type { EpochInput } from './types.ts'

/** Basis points in a whole: pools' basis points sum to exactly this. */
export const BASIS_POINTS_TOTAL = 10_000n

/**
 * Refuses an epoch whose configuration cannot be paid out exactly: pools that do not sum to 100 %,
 * a kind whose pool has no slice (its shares could never be paid), one pool fed by two kinds (a
 * device could hold two shares there), parameters for a kind the network does not run, a device
 * map whose keys are not the lower-case ids reports decode to.
 */
export function validateInput(input: EpochInput): void {
  const { window, pools, residual, kinds, kindParams, emission, devices } = input
  if (window.endMs <= window.startMs) fail(`epoch ${window.epoch} ends (${window.endMs}) at or before it starts (${window.startMs})`)
  if (emission < 0n) fail(`emission must not be negative, got ${emission}`)
  if (!isAddress(residual.recipient, { strict: false })) fail(`residual pool recipient ${residual.recipient} is not an address`)
  if (residual.name.length === 0) fail('the residual pool needs a name')
  const names = new Set<string>()
  let total = 0n
  for (const pool of pools) {
    if (pool.name.length === 0) fail('every pool needs a name')
    if (names.has(pool.name)) fail(`pool "${pool.name}" is listed twice`)
    if (!Number.isSafeInteger(pool.basisPoints) || pool.basisPoints < 0) {
      fail(`pool "${pool.name}" has basis points ${pool.basisPoints}; expected a non-negative integer`)
    }
    names.add(pool.name)
    total += BigInt(pool.basisPoints)
  }
  if (input.revenueShare !== undefined && input.credits === undefined) fail('a revenue share needs the credits input: revenue is what usage receipts charged')
  if (total !== BASIS_POINTS_TOTAL) fail(`pools' basis points sum to ${total}; expected exactly ${BASIS_POINTS_TOTAL}`)
  const fedBy = new Map<string, string>()
  for (const [name, kind] of kinds) {
    if (kind.name !== name) fail(`kind "${kind.name}" is registered under the name "${name}"`)
    for (const pool of kind.pools.map((local) => qualifiedName(name, local))) {
      if (pool === residual.name) fail(`kind ${name} scores into the residual pool "${pool}"; the residual pool takes no shares`)
      if (!names.has(pool)) fail(`kind ${name} scores into pool "${pool}", which has no basis points; pools are ${[...names].join(', ')}`)
      const other = fedBy.get(pool)
      if (other !== undefined) fail(`pool "${pool}" is fed by two kinds, ${other} and ${name}; give each kind its own pool`)
      fedBy.set(pool, name)
    }
  }
  for (const name of kindParams.keys()) {
    if (!kinds.has(name)) fail(`there are parameters for kind "${name}", which the network does not run`)
  }
  for (const name of input.kindInputs?.keys() ?? []) {
    if (!kinds.has(name)) fail(`there are inputs for kind "${name}", which the network does not run`)
  }
  for (const [name, version] of input.rules ?? []) {
    if (!kinds.has(name)) fail(`there is a rules version for kind "${name}", which the network does not run`)
    if (!Number.isSafeInteger(version) || version < 1) fail(`kind ${name} has rules version ${version}; expected a whole number from 1`)
  }
  if (input.paramsDocument === 2) {
    for (const [name, version] of input.rules ?? []) if (version !== 1) fail(`kind ${name} runs rules version ${version}, which a version 2 params document cannot record`)
    for (const [name, inputs] of input.kindInputs ?? []) {
      if (!hasNoInputs(inputs)) fail(`kind ${name} has challenges, revenue or stake, which a version 2 params document cannot record`)
    }
  }
  for (const [id, device] of devices) {
    if (id !== device.deviceId || !/^0x[0-9a-f]{64}$/.test(id)) {
      fail(`device map key ${id} must be the record's device id (${device.deviceId}) in lower-case hex`)
    }
  }
}

function fail(message: string): never {
  throw new PinionError('PINION_ERR_EPOCH_INPUT', message)
}
