import { cellToParent } from 'h3-js'
import type { WirelessParams } from './params.ts'
import { h3String } from './physics.ts'
import { LORA_REGION_PLANS, type RadioPlan } from './regionPlans.ts'
import { resolutionOf } from './spatial.ts'

/** A place's radio plan and the region it belongs to. */
export type RegionalPlan = RadioPlan & { readonly region: string }

/** The region name of places outside every listed region: they use the network's own plan (params.channelsHz…). */
export const NETWORK_PLAN = 'network'

type RegionIndex = {
  readonly network: RegionalPlan
  readonly plans: ReadonlyMap<string, RegionalPlan>
  /** Listed cell → its region. */
  readonly cells: ReadonlyMap<string, string>
  /** The resolutions cells are listed at, finest first. */
  readonly resolutions: readonly number[]
  readonly found: Map<bigint, RegionalPlan>
}

// One index per parsed params object; a bounded memo of the places looked up.
const indexes = new WeakMap<WirelessParams, RegionIndex>()
const FOUND_LIMIT = 1_000_000

function indexOf(params: WirelessParams): RegionIndex {
  let index = indexes.get(params)
  if (index === undefined) {
    const cells = new Map<string, string>()
    const plans = new Map<string, RegionalPlan>()
    for (const { region, cells: listed } of params.regions ?? []) {
      plans.set(region, { ...LORA_REGION_PLANS[region], region })
      for (const cell of listed) cells.set(cell, region)
    }
    const resolutions = [...new Set([...cells.keys()].map((cell) => resolutionOf(BigInt(`0x${cell}`))))].sort((a, b) => b - a)
    const network = { channelsHz: params.channelsHz, datarates: params.datarates, maxEirpDeciDbm: params.maxEirpDeciDbm, region: NETWORK_PLAN }
    index = { network, plans, cells, resolutions, found: new Map() }
    indexes.set(params, index)
  }
  return index
}

/**
 * The radio plan in force at `cell`: the plan of the listed region whose cells hold it (params.regions),
 * else the network's own. Regions never overlap (the params schema checks), so at most one holds it.
 */
export function radioPlanAt(params: WirelessParams, cell: bigint): RegionalPlan {
  const index = indexOf(params)
  if (index.cells.size === 0) return index.network
  let plan = index.found.get(cell)
  if (plan === undefined) {
    plan = index.network
    const resolution = resolutionOf(cell)
    for (const listed of index.resolutions) {
      if (listed > resolution) continue
      const region = index.cells.get(listed === resolution ? h3String(cell) : cellToParent(h3String(cell), listed))
      if (region !== undefined) {
        plan = index.plans.get(region)!
        break
      }
    }
    if (index.found.size >= FOUND_LIMIT) index.found.clear()
    index.found.set(cell, plan)
  }
  return plan
}
