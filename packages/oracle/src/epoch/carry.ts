import type { DeviceRecord, EpochWindow, Kind, KindReport } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'

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
 * decimal strings, keys sorted), by kind name: exactly what is stored and hashed.
 */
export function carryForward(
  valid: ReadonlyMap<string, KindReport[]>,
  ctx: {
    window: EpochWindow
    devices: ReadonlyMap<Hex, DeviceRecord>
    kinds: ReadonlyMap<string, Kind>
    params: ReadonlyMap<string, unknown>
    carried: ReadonlyMap<string, unknown>
  },
): Map<string, unknown> {
  const next = new Map<string, unknown>()
  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    if (kind.carry === undefined) continue
    const previous = ctx.carried.get(name) ?? null
    const value = kind.carry(previous, valid.get(name) ?? [], { epoch: ctx.window, devices: ctx.devices, params: ctx.params.get(name), carried: previous })
    next.set(name, JSON.parse(canonicalJson(value)) as unknown)
  }
  return next
}
