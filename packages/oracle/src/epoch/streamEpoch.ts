import { type KindReport, type Share, splitQualifiedName } from '@pinion/kinds'
import { PinionError, keccak256Stream } from '@pinion/protocol'
import type { Hex } from 'viem'
import { accumulate } from './accumulate.ts'
import { allocate } from './allocate.ts'
import { type CanonicalReport, compareCanonical, openCanonical } from './canonicalOrder.ts'
import { carryForward } from './carry.ts'
import { epochContext } from './epochContext.ts'
import { buildEpochTree } from './epochTree.ts'
import { countedStake, enforceMinimumStake } from './minimumStake.ts'
import { paramsHash } from './paramsHash.ts'
import { payDelegators } from './payDelegators.ts'
import { payShares } from './payShares.ts'
import { scoreKinds } from './scoreKinds.ts'
import { type SlashOrderDraft, slashOrders } from './slashOrders.ts'
import { splitPools } from './splitPools.ts'
import { whyNotStreamable } from './streamable.ts'
import type { EpochInput, EpochOptions, EpochResult, ReportVerdict, SignatureCheck, VerifySignatures } from './types.ts'
import { validateInput } from './validateInput.ts'
import { verifyAcrossEpoch } from './verifyAcrossEpoch.ts'
import { verifyInProcess, verifyReports } from './verifyReports.ts'

/**
 * An epoch's reports as pages of SignedReport bytes, in canonical order across pages (by device id,
 * then sequence, then report id; reports whose bytes do not decode last, by id: canonicalOrder.ts).
 * Identical bytes given twice, side by side, count once.
 */
export type ReportPages = AsyncIterable<readonly Uint8Array[]> | Iterable<readonly Uint8Array[]>

export type StreamEpochInput = Omit<EpochInput, 'reports'> & { reports: ReportPages }

export type StreamEpochOptions = EpochOptions & {
  /**
   * Receives every verdict, in canonical order, a few thousand at a time (to store them): the
   * result holds none. Awaited, so a slow store holds the stream back instead of filling memory.
   */
  onVerdicts?: (verdicts: readonly ReportVerdict[]) => void | Promise<void>
}

/** computeEpoch's result without the verdicts (given to onVerdicts as they are made). */
export type StreamedEpochResult = Omit<EpochResult, 'verdicts'>

/** Verdicts handed to onVerdicts at once, at least (a device's are never split). */
const VERDICTS_PER_CALL = 4_096

/**
 * Computes an epoch as computeEpoch does, to the same root, hashes, shares, pools and counts, bit
 * for bit, without ever holding its reports: they arrive in pages in canonical order, each page's
 * signatures are checked (on `verifySignatures`, while the page before is judged), and each device's
 * reports, which canonical order puts side by side, are judged and scored as soon as the next device
 * starts, then dropped. What stays is one share per device and pool, the payments, the cumulative
 * amounts and the tree: memory grows with the network's devices and recipients, not its reports.
 *
 * Each step is computeEpoch's own function, run on one device's reports: verifyReports (envelope,
 * signature, equivocation, the kind's verify), verifyAcrossEpoch, the minimum stakes, scoreKinds and
 * slash orders; that gives the same answer as over the whole epoch because every one of them decides
 * a device from its own reports alone — for the kinds, what `eachDeviceAlone` declares. Epochs that
 * need more (whyNotStreamable: a kind without it, a kind that carries state, credits) are refused
 * with PINION_ERR_EPOCH_INPUT before a report is read; so are pages out of canonical order.
 */
export async function streamEpoch(input: StreamEpochInput, options: StreamEpochOptions = {}): Promise<StreamedEpochResult> {
  const settled: EpochInput = { ...input, reports: [] } // everything but the reports, for the checks and hashes that read no report
  validateInput(settled)
  const { context, rules, inputs, operators } = epochContext(settled)
  const why = whyNotStreamable(context.kinds, input)
  if (why !== null) throw new PinionError('PINION_ERR_EPOCH_INPUT', `epoch ${input.window.epoch} cannot be computed streaming: ${why}`)
  const verifySignatures = options.verifySignatures ?? verifyInProcess
  const verifyInput = { ...context, networkId: input.networkId }
  const stake = input.stake ?? new Map()
  const stakeOf = countedStake(input.devices, stake, operators)
  // slashOrders checks its rule even for an epoch without verdicts; so does this.
  if (input.slashing !== undefined) slashOrders([], context.kinds, stake, input.slashing)

  const idsHash = await keccak256Stream()
  const idBytes = new Uint8Array(32)
  const sharesByKind = new Map<string, Share[]>()
  const slashes: SlashOrderDraft[] = []
  let [reportCount, validCount, deviceCount] = [0, 0, 0]
  let verdictsOut: ReportVerdict[] = []

  // Signature answers in stream order, consumed by each device's verifyReports in the same order.
  let signatures: boolean[] = []
  let nextSignature = 0
  const answered: VerifySignatures = async (batch) => {
    const answers = signatures.slice(nextSignature, nextSignature + batch.length)
    nextSignature += batch.length
    return answers
  }

  let group: CanonicalReport[] = []
  let last: CanonicalReport | undefined
  const judgeGroup = async (): Promise<void> => {
    if (group.length === 0) return
    const { verdicts, valid, rejected } = await verifyReports(group, verifyInput, answered)
    group = []
    verifyAcrossEpoch(verdicts, valid, context, rejected)
    enforceMinimumStake(verdicts, valid, input.minimumStakes, stakeOf)
    const deviceId = verdicts[0]!.deviceId
    for (const share of scoreKinds(valid, context)) {
      if (share.deviceId !== deviceId) {
        throw new PinionError(
          'PINION_ERR_KIND_SHARES',
          `kind ${splitQualifiedName(share.pool)?.kind} declares eachDeviceAlone but gave device ${deviceId}'s reports a share for device ${share.deviceId}`,
        )
      }
      const kind = splitQualifiedName(share.pool)!.kind
      let list = sharesByKind.get(kind)
      if (list === undefined) sharesByKind.set(kind, (list = []))
      list.push(share)
    }
    if (input.slashing !== undefined) slashes.push(...slashOrders(verdicts, context.kinds, stake, input.slashing))
    let anyValid = false
    for (const verdict of verdicts) {
      reportCount++
      if (verdict.valid) {
        validCount++
        anyValid = true
      }
    }
    if (anyValid) deviceCount++
    if (options.onVerdicts !== undefined) {
      for (const verdict of verdicts) verdictsOut.push(verdict)
      if (verdictsOut.length >= VERDICTS_PER_CALL) await flushVerdicts()
    }
  }
  const flushVerdicts = async (): Promise<void> => {
    if (verdictsOut.length === 0) return
    const out = verdictsOut
    verdictsOut = []
    await options.onVerdicts!(out)
  }

  /** Judges a page whose signatures were asked for: its reports join their device's group. */
  const judgePage = async (page: { reports: CanonicalReport[]; checks: number; answers: Promise<boolean[]> }): Promise<void> => {
    const answers = await page.answers
    if (answers.length !== page.checks) {
      throw new PinionError('PINION_ERR_VERIFY_SIGNATURES', `verifySignatures returned ${answers.length} results for ${page.checks} signatures`)
    }
    signatures = nextSignature === signatures.length ? answers : [...signatures.slice(nextSignature), ...answers]
    nextSignature = 0
    for (const report of page.reports) {
      const previous = group[group.length - 1]
      if (previous !== undefined && (previous.body?.deviceId ?? null) !== (report.body?.deviceId ?? null)) await judgeGroup()
      group.push(report)
    }
  }

  let pending: Parameters<typeof judgePage>[0] | undefined
  for await (const page of input.reports) {
    const reports: CanonicalReport[] = []
    const checks: SignatureCheck[] = []
    for (const signed of page) {
      const report = openCanonical(signed)
      if (last !== undefined) {
        const order = compareCanonical(last, report)
        if (order === 0) continue // the same report again: counted once
        if (order > 0) {
          throw new PinionError('PINION_ERR_EPOCH_INPUT', `epoch ${input.window.epoch}'s reports are not in canonical order: report ${report.reportId} came after ${last.reportId}`)
        }
      }
      last = report
      reports.push(report)
      idBytes.set(Buffer.from(report.reportId.slice(2), 'hex'))
      idsHash.update(idBytes)
      const device = report.body === null ? undefined : input.devices.get(report.body.deviceId)
      if (report.sealed !== null && device !== undefined) checks.push({ keyType: device.keyType, publicKey: device.publicKey, report: report.sealed })
    }
    // This page's signatures are checked while the page before is judged.
    const next = { reports, checks: checks.length, answers: verifySignatures(checks) }
    if (pending !== undefined) await judgePage(pending)
    pending = next
  }
  if (pending !== undefined) await judgePage(pending)
  await judgeGroup()
  await flushVerdicts()

  // From here on, as computeEpoch: the shares by kind name, each kind's in device order.
  const shares: Share[] = []
  for (const name of [...sharesByKind.keys()].sort()) shares.push(...sharesByKind.get(name)!)
  const pooled = splitPools(input.pools, shares, context)
  const { amounts, pools, residualAmount } = allocate(input.emission, pooled, input.residual, shares)
  const paid = payShares(shares, amounts, input.devices)
  const { payments, delegations } = payDelegators(paid, input.devices, operators)
  const cumulative = accumulate(input.previousCumulative, payments, { recipient: input.residual.recipient, amount: residualAmount })
  const { tree, root, totalCumulative } = await buildEpochTree(cumulative, options.treeThreads)
  const noReports = new Map<string, KindReport[]>()
  return {
    epoch: input.window.epoch,
    inputsHash: idsHash.digestHex() as Hex,
    paramsHash: paramsHash(settled, { params: context.params, carried: context.carried, rules, inputs }),
    shares: paid,
    pools,
    residualAmount,
    cumulative,
    root,
    totalCumulative,
    tree,
    carried: carryForward(noReports, context, []), // no kind that streams carries anything: an empty map, as computeEpoch gives
    credits: null,
    delegations,
    slashOrders: slashes,
    settlements: new Map(), // no kind that streams settles anything: settlements need the whole epoch's challenges
    rules,
    paramsDocument: input.paramsDocument ?? 3,
    counts: { reports: reportCount, valid: validCount, devices: deviceCount },
  }
}
