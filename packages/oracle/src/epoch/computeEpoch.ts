import type { Hex } from 'viem'
import { accumulate } from './accumulate.ts'
import { allocate } from './allocate.ts'
import { canonicalOrder } from './canonicalOrder.ts'
import { buildEpochTree } from './epochTree.ts'
import { paramsHash } from './paramsHash.ts'
import { payShares } from './payShares.ts'
import { scoreKinds } from './scoreKinds.ts'
import type { EpochInput, EpochOptions, EpochResult } from './types.ts'
import { validateInput } from './validateInput.ts'
import { verifyInProcess, verifyReports } from './verifyReports.ts'

/**
 * Computes an epoch's rewards from its sealed inputs: seal (canonical order, inputsHash) → verify →
 * score → allocate → accumulate → tree, with everything `explain` stores. Pure and deterministic:
 * no clock, no randomness, no I/O; the same inputs in any order give the same result bit for bit,
 * which is what lets `pinion epoch replay` and every other oracle reproduce the root. (Async only
 * because signature checks and tree hashing may run on other threads.)
 */
export async function computeEpoch(input: EpochInput, options: EpochOptions = {}): Promise<EpochResult> {
  validateInput(input)
  const params = new Map<string, unknown>()
  for (const [name, kind] of input.kinds) params.set(name, kind.parseParams(input.kindParams.get(name)))

  const { ordered, inputsHash } = canonicalOrder(input.reports)
  const { verdicts, valid } = await verifyReports(
    ordered,
    { window: input.window, networkId: input.networkId, devices: input.devices, kinds: input.kinds, params },
    options.verifySignatures ?? verifyInProcess,
  )
  const shares = scoreKinds(valid, { window: input.window, devices: input.devices, kinds: input.kinds, params })

  // bench/epoch.ts times exactly these steps (allocate, payShares, accumulate, buildEpochTree).
  const { amounts, pools, residualAmount } = allocate(input.emission, input.pools, input.residual, shares)
  const paid = payShares(shares, amounts, input.devices)
  const cumulative = accumulate(input.previousCumulative, paid, { recipient: input.residual.recipient, amount: residualAmount })
  const { tree, root, totalCumulative } = await buildEpochTree(cumulative, options.treeThreads)

  let validCount = 0
  const devicesWithValidReports = new Set<Hex>()
  for (const verdict of verdicts) {
    if (!verdict.valid) continue
    validCount++
    devicesWithValidReports.add(verdict.deviceId!)
  }
  return {
    epoch: input.window.epoch,
    inputsHash,
    paramsHash: paramsHash(input, params),
    verdicts,
    shares: paid,
    pools,
    residualAmount,
    cumulative,
    root,
    totalCumulative,
    tree,
    counts: { reports: verdicts.length, valid: validCount, devices: devicesWithValidReports.size },
  }
}
