import { type KindReport, NO_KIND_INPUTS, type Share, qualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { KindsContext } from './types.ts'

/**
 * Asks each kind (by name order) to score its valid reports, and checks what it returns: a share
 * must be for a known device, in one of the kind's pools, once per device and pool, with
 * non-negative base and weight. The shares come back with their pools qualified ("wireless.coverage"). A kind that breaks this is a bug that must stop the epoch, not
 * money paid on a guess.
 */
export function scoreKinds(valid: ReadonlyMap<string, KindReport[]>, ctx: KindsContext): Share[] {
  const shares: Share[] = []
  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    const reports = valid.get(name) ?? []
    if (reports.length === 0) continue
    const seen = new Set<string>()
    const inputs = ctx.inputs.get(name) ?? NO_KIND_INPUTS
    for (const share of kind.score(reports, { epoch: ctx.window, devices: ctx.devices, params: ctx.params.get(name), carried: ctx.carried.get(name) ?? null, inputs })) {
      const where = `kind ${name} gave a share for device ${share.deviceId} in pool "${share.pool}"`
      if (!kind.pools.includes(share.pool)) throw bad(`${where}, which is not one of its pools (${kind.pools.join(', ')})`)
      if (!ctx.devices.has(share.deviceId)) throw bad(`${where}, a device the registry does not know`)
      if (share.base < 0n || share.weight < 0n) throw bad(`${where} with a negative base or weight (${share.base}, ${share.weight})`)
      const key = `${share.deviceId}/${share.pool}`
      if (seen.has(key)) throw bad(`${where} twice`)
      seen.add(key)
      shares.push({ ...share, pool: qualifiedName(name, share.pool) })
    }
  }
  return shares
}

const bad = (message: string) => new PinionError('PINION_ERR_KIND_SHARES', message)
