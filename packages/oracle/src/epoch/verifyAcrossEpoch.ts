import { type KindReport, NO_KIND_INPUTS, compareReports, qualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindsContext, ReportVerdict } from './types.ts'

/**
 * The second verification pass: each kind with `verifyEpoch` (by name order) judges its reports that
 * passed every per-report check, as a whole (a witness needs its beacon; a ring is a property of the
 * witness graph), beside the reports its own verify rejected (`rejected`: a beacon that failed still
 * used up its window). Reports it invalidates get their reason in `verdicts`, leave `valid` and join
 * `rejected` (in canonical order), which the kind's carry and settlement then see with the rest: a
 * fault only the whole epoch shows (the compute kind's re-executed result) is a fault like any other.
 * A reason outside the kind's list, or for a report it was not given, is a kind bug that stops the epoch.
 */
export function verifyAcrossEpoch(verdicts: ReportVerdict[], valid: Map<string, KindReport[]>, ctx: KindsContext, rejected: Map<string, KindReport[]>): void {
  let verdictIndex: Map<Hex, number> | undefined
  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    const reports = valid.get(name)
    if (kind.verifyEpoch === undefined || reports === undefined || reports.length === 0) continue
    const invalidated = kind.verifyEpoch(
      reports,
      {
        epoch: ctx.window,
        devices: ctx.devices,
        params: ctx.params.get(name),
        carried: ctx.carried.get(name) ?? null,
        inputs: ctx.inputs.get(name) ?? NO_KIND_INPUTS,
      },
      rejected.get(name) ?? [],
    )
    if (invalidated.size === 0) continue
    verdictIndex ??= new Map(verdicts.map((verdict, i) => [verdict.reportId, i]))
    const given = new Set(reports.map((report) => report.reportId))
    for (const [reportId, reason] of invalidated) {
      if (!given.has(reportId)) throw bad(`kind ${name} rejected report ${reportId}, which it was not given`)
      if (!Object.hasOwn(kind.reasons, reason)) throw bad(`kind ${name} gave reason "${reason}" in verifyEpoch, which its reasons do not list`)
      const verdict = verdicts[verdictIndex.get(reportId)!]!
      verdict.valid = false
      verdict.reason = qualifiedName(name, reason)
    }
    valid.set(
      name,
      reports.filter((report) => !invalidated.has(report.reportId)),
    )
    rejected.set(name, [...(rejected.get(name) ?? []), ...reports.filter((report) => invalidated.has(report.reportId))].sort(compareReports))
  }
}

const bad = (message: string) => new PinionError('PINION_ERR_KIND_REASON', message)
