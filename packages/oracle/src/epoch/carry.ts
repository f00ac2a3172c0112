import { type Kind, type KindReport, NO_KIND_INPUTS, type RejectedReport, splitQualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'
import type { KindsContext, ReportVerdict } from './types.ts'

/**
 * What each kind carried out of the previous epoch, parsed: `input` holds plain JSON (as stored, or
 * as the previous EpochResult gave it), by kind name. Kinds without `carry` get null.
 */
export function parseCarried(kinds: ReadonlyMap<string, Kind>, input: ReadonlyMap<string, unknown> | undefined): Map<string, unknown> {
  const parsed = new Map<string, unknown>()
  for (const [name, kind] of kinds) {
    const raw = input?.get(name)
    if (kind.carry === undefined || raw === undefined || raw === null) {
      parsed.set(name, null)
      continue
    }
    if (kind.parseCarried === undefined) throw new PinionError('PINION_ERR_EPOCH_INPUT', `kind ${name} carries state between epochs but has no parseCarried`)
    parsed.set(name, kind.parseCarried(raw))
  }
  return parsed
}

/**
 * What each kind with `carry` takes into the next epoch, as plain JSON (canonical: bigints as
 * decimal strings, keys sorted), by kind name: exactly what is stored and hashed. Each kind gets its
 * valid reports and, from `verdicts` (canonical order), the device and reason of every report of it
 * the kind itself rejected (a reason of the kind's, not a common one), by the kind's own (bare) code,
 * with the decoded report from `rejectedReports` (the kinds' rejected reports, by kind name).
 */
export function carryForward(
  valid: ReadonlyMap<string, KindReport[]>,
  ctx: KindsContext,
  verdicts: readonly ReportVerdict[],
  rejectedReports: ReadonlyMap<string, KindReport[]> = new Map(),
): Map<string, unknown> {
  const decoded = new Map<Hex, KindReport>()
  for (const reports of rejectedReports.values()) for (const report of reports) decoded.set(report.reportId, report)
  const rejected = new Map<string, RejectedReport[]>()
  for (const verdict of verdicts) {
    if (verdict.valid || verdict.kind === null || verdict.deviceId === null || verdict.reason === null) continue
    const kind = ctx.kinds.get(verdict.kind)
    const own = splitQualifiedName(verdict.reason)
    if (kind?.carry === undefined || own === null || own.kind !== verdict.kind || !Object.hasOwn(kind.reasons, own.local)) continue
    let list = rejected.get(verdict.kind)
    if (list === undefined) rejected.set(verdict.kind, (list = []))
    const report = decoded.get(verdict.reportId)
    list.push(report === undefined ? { deviceId: verdict.deviceId, reason: own.local } : { deviceId: verdict.deviceId, reason: own.local, report })
  }
  const next = new Map<string, unknown>()
  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    if (kind.carry === undefined) continue
    const previous = ctx.carried.get(name) ?? null
    const value = kind.carry(
      previous,
      valid.get(name) ?? [],
      { epoch: ctx.window, devices: ctx.devices, params: ctx.params.get(name), carried: previous, inputs: ctx.inputs.get(name) ?? NO_KIND_INPUTS },
      rejected.get(name) ?? [],
    )
    next.set(name, JSON.parse(canonicalJson(value)) as unknown)
  }
  return next
}
