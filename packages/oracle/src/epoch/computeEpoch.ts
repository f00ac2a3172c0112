import type { Hex } from 'viem'
import { accumulate } from './accumulate.ts'
import { allocate } from './allocate.ts'
import { canonicalOrder } from './canonicalOrder.ts'
import { chargeReceipts, withCreditRevenue } from './chargeReceipts.ts'
import { carryForward } from './carry.ts'
import { epochContext } from './epochContext.ts'
import { kindSettlements } from './kindSettlements.ts'
import { buildEpochTree } from './epochTree.ts'
import { countedStake, enforceMinimumStake } from './minimumStake.ts'
import { paramsHash } from './paramsHash.ts'
import { payDelegators } from './payDelegators.ts'
import { payShares } from './payShares.ts'
import { scoreKinds } from './scoreKinds.ts'
import { payRevenueShares, revenueShares } from './shareRevenue.ts'
import { slashOrders } from './slashOrders.ts'
import { splitPools } from './splitPools.ts'
import type { EpochInput, EpochOptions, EpochResult } from './types.ts'
import { validateInput } from './validateInput.ts'
import { verifyAcrossEpoch } from './verifyAcrossEpoch.ts'
import { verifyInProcess, verifyReports } from './verifyReports.ts'

/**
 * Computes an epoch's rewards from its sealed inputs: seal (canonical order, inputsHash) → verify
 * (each report, then each kind's epoch-wide rules, then the minimum stakes) → charge usage receipts in
 * credits → score → split pools → allocate → pay operators' delegators → accumulate → tree, with
 * everything `explain` stores and what each kind carries into the next epoch. Pure and deterministic:
 * no clock, no randomness, no I/O; the same inputs in any order give the same result bit for bit,
 * which is what lets `pinion epoch replay` and every other oracle reproduce the root. (Async only
 * because signature checks and tree hashing may run on other threads.)
 */
export async function computeEpoch(input: EpochInput, options: EpochOptions = {}): Promise<EpochResult> {
  validateInput(input)
  const { context, rules, inputs, operators } = epochContext(input)
  const { kinds, params, carried, inputs: staked } = context

  const { ordered, inputsHash } = canonicalOrder(input.reports)
  const { verdicts, valid, rejected } = await verifyReports(ordered, { ...context, networkId: input.networkId }, options.verifySignatures ?? verifyInProcess)
  verifyAcrossEpoch(verdicts, valid, context, rejected)
  enforceMinimumStake(verdicts, valid, input.minimumStakes, countedStake(input.devices, input.stake ?? new Map(), operators))
  // Usage receipts are charged once every verdict but this one is in: service that is not real never costs anyone.
  const credits = input.credits === undefined ? null : chargeReceipts(verdicts, valid, context, input.credits)
  const scoring = credits === null ? context : { ...context, inputs: withCreditRevenue(staked, credits.revenue) }
  const shares = scoreKinds(valid, scoring)
  const pooled = splitPools(input.pools, shares, scoring)

  // Revenue shares come out of the emission first; the kinds' pools split what is left.
  const revenue = credits === null || input.revenueShare === undefined ? null : revenueShares(credits.revenue, input.revenueShare, input.emission, input.pools)
  // bench/epoch.ts times exactly these steps (allocate, payShares, accumulate, buildEpochTree).
  const allocation = allocate(input.emission - (revenue?.budget ?? 0n), pooled, input.residual, shares)
  let { amounts, pools, residualAmount } = allocation
  let paidShares = shares
  if (revenue !== null) {
    const paidRevenue = payRevenueShares(revenue, input.emission)
    paidShares = [...shares, ...revenue.shares]
    amounts = [...amounts, ...paidRevenue.amounts]
    residualAmount += paidRevenue.row.remainder
    pools = [paidRevenue.row, ...pools.map((row) => (row.pool === input.residual.name ? { ...row, paid: row.paid + paidRevenue.row.remainder } : row))]
  }
  const paid = payShares(paidShares, amounts, input.devices)
  const { payments, delegations } = payDelegators(paid, input.devices, operators)
  const cumulative = accumulate(input.previousCumulative, payments, { recipient: input.residual.recipient, amount: residualAmount })
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
    paramsHash: paramsHash(input, { params, carried, rules, inputs }),
    verdicts,
    shares: paid,
    pools,
    residualAmount,
    cumulative,
    root,
    totalCumulative,
    tree,
    carried: carryForward(valid, scoring, verdicts, rejected),
    credits,
    delegations,
    slashOrders: input.slashing === undefined ? [] : slashOrders(verdicts, kinds, input.stake ?? new Map(), input.slashing),
    settlements: kindSettlements(valid, rejected, verdicts, scoring),
    rules,
    paramsDocument: input.paramsDocument ?? 3,
    counts: { reports: verdicts.length, valid: validCount, devices: devicesWithValidReports.size },
  }
}
