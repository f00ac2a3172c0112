import { ONE } from '@pinion/protocol'
import type { WirelessParams } from './params.ts'
import { predictedRssiDeciDbm } from './physics.ts'
import { BASIS_POINTS } from './rules.ts'

/** One link of a beaconer, as location confidence sees it. */
export type ConfidenceLink = {
  rssiDeciDbm: number
  txPowerDeciDbm: number
  beaconerGainDeciDbi: number
  witnessGainDeciDbi: number
  distanceM: number
  frequencyHz: number
}

/** A beaconer's location confidence: counts, basis points, and the multiplier they give. */
export type LocationConfidence = { links: number; consistent: number; confidenceBps: number; multiplier: bigint }

/**
 * Whether a link agrees with the asserted locations: |measured RSSI − predicted RSSI| ≤ k·σ, where
 * the prediction is the log-distance model without shadowing at the asserted distance. Integers:
 * |r| × 10 ≤ k (tenths) × σ (deci-dB).
 */
export function linkConsistent(link: ConfidenceLink, params: WirelessParams): boolean {
  const predicted = predictedRssiDeciDbm({ ...link, pathLossExponentTenths: params.pathLossExponentTenths })
  return Math.abs(link.rssiDeciDbm - predicted) * 10 <= params.locationConfidence.consistentSigmasTenths * params.shadowingSigmaDeciDb
}

/**
 * Location confidence from a beaconer's links (other hotspots hearing it: evidence it cannot make
 * up), with a Beta prior: (consistent + priorConsistent) / (links + priorLinks), in basis points
 * rounded toward zero. The multiplier is 0 at or below lowBps, 1 at or above highBps, and linear in
 * between (rounded toward zero). Not a verdict: a spoofer's beacons stay valid, it just earns less.
 */
export function locationConfidence(links: number, consistent: number, params: WirelessParams): LocationConfidence {
  const { priorConsistent, priorLinks, lowBps, highBps } = params.locationConfidence
  const confidenceBps = Math.floor(((consistent + priorConsistent) * BASIS_POINTS) / (links + priorLinks))
  const multiplier =
    confidenceBps <= lowBps ? 0n : confidenceBps >= highBps ? ONE : (BigInt(confidenceBps - lowBps) * ONE) / BigInt(highBps - lowBps)
  return { links, consistent, confidenceBps, multiplier }
}
