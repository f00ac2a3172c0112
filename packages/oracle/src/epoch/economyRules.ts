import type { RevenueShareRule } from './shareRevenue.ts'
import type { SlashRule } from './slashOrders.ts'

/**
 * A network's economy as its epochs apply it: how customers' spending pays operators (a revenue
 * share; absent under net emissions, which the Emissions contract mints) and what a slash order
 * takes of a cheating device's stake (absent: no slashing). Governed like the pools (governedParams).
 */
export type EconomyRules = { readonly revenueShare?: RevenueShareRule; readonly slashing?: SlashRule }
