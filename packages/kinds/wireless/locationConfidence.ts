import { ONE } from '@pinion/protocol'
import type { WirelessParams } from './params.ts'
import { predictedRssiDeciDbm, sensitivityDeciDbm } from './physics.ts'
import { BASIS_POINTS, PINION_MAX_EXCESS_GIVEN_RECEPTION_SIGMAS_TENTHS, PINION_MAX_RECEPTION_LUCK_SIGMAS_TENTHS } from './rules.ts'

/** One link of a beaconer, as location confidence sees it. */
export type ConfidenceLink = {
  rssiDeciDbm: number
  txPowerDeciDbm: number
  beaconerGainDeciDbi: number
  witnessGainDeciDbi: number
  distanceM: number
  frequencyHz: number
  /** The beacon's datarate, which sets the weakest RSSI a witness could have received it at. */
  datarate: string
}

/** A beaconer's location confidence: counts, basis points, and the multiplier they give. */
export type LocationConfidence = { links: number; consistent: number; confidenceBps: number; multiplier: bigint }

/**
 * Measured minus predicted RSSI, tenths of dB: the shadowing and fading the link shows if the
 * asserted locations are true, the prediction being the log-distance model without shadowing at the
 * asserted distance. Positive: heard stronger than the model expects.
 */
export function rssiExcessDeciDb(link: ConfidenceLink, params: WirelessParams): number {
  return link.rssiDeciDbm - predictedDeciDbm(link, params)
}

const predictedDeciDbm = (link: ConfidenceLink, params: WirelessParams): number => predictedRssiDeciDbm({ ...link, pathLossExponentTenths: params.pathLossExponentTenths })

/**
 * Whether a link agrees with the asserted locations. Its excess r = measured − predicted RSSI must
 * be at least −k·σ, and at most √(n⁺² + (k·σ)²), where n⁺ is the excess the link needed to be
 * received at all (the datarate's sensitivity minus the prediction), or 0.
 *
 * Why the upper bound grows with n: a link is only reported when it was received, so where the
 * model's median falls below the sensitivity every real link shows at least n of excess — judging
 * it against ±k·σ would call an isolated hotspot's every link too strong. Given that shadowing X
 * exceeded n, it rarely exceeds it by much: P(X > x | X > n) ≈ e^(−(x² − n²) / 2σ²), so the same
 * improbability as an unconditioned kσ lies near √(n² + (kσ)²). A spoofer heard by its real
 * neighbours shows far more than that. Integers: r × 10 against k (tenths) × σ (deci-dB), compared
 * squared.
 */
export function linkConsistent(link: ConfidenceLink, params: WirelessParams): boolean {
  const predicted = predictedDeciDbm(link, params)
  const excess = (link.rssiDeciDbm - predicted) * 10
  const band = params.locationConfidence.consistentSigmasTenths * params.shadowingSigmaDeciDb
  if (excess < -band) return false
  if (excess <= band) return true
  const needed = Math.max(0, sensitivityDeciDbm(link.datarate, params.noiseFigureDeciDb) - predicted) * 10
  return excess * excess <= needed * needed + band * band
}

/**
 * Whether a link is stronger than the model allows at the asserted distance (RSSI_ABOVE_MODEL).
 *
 * Rules v1–v2: measured − predicted > k·σ, k = maxRssiAboveModelSigmasTenths / 10.
 *
 * Rules v3 (`givenReception`) judge the link given that it was heard. With n⁺ the excess it needed
 * to be received at its datarate at all (sensitivity − prediction, or 0), it is above the model when
 * n⁺ > neededσ (only a relay or a lie closes such a link every time it is reported; an honest pair
 * that far apart rarely closes at all), or when its excess r > √(n⁺² + (kσ)²), the same improbability
 * as kσ once conditioned on reception (linkConsistent says why). Integers, compared squared.
 */
export function rssiAboveModel(link: ConfidenceLink, params: WirelessParams, givenReception = false): boolean {
  if (!givenReception) return rssiExcessDeciDb(link, params) * 10 > params.maxRssiAboveModelSigmasTenths * params.shadowingSigmaDeciDb
  const { excessSigmasTenths, neededSigmasTenths } = params.rssiGivenReception ?? DEFAULT_RSSI_GIVEN_RECEPTION
  const predicted = predictedDeciDbm(link, params)
  const needed = Math.max(0, sensitivityDeciDbm(link.datarate, params.noiseFigureDeciDb) - predicted) * 10
  if (needed > neededSigmasTenths * params.shadowingSigmaDeciDb) return true
  const excess = (link.rssiDeciDbm - predicted) * 10
  const band = excessSigmasTenths * params.shadowingSigmaDeciDb
  return excess > band && excess * excess > needed * needed + band * band
}

const DEFAULT_RSSI_GIVEN_RECEPTION = {
  excessSigmasTenths: PINION_MAX_EXCESS_GIVEN_RECEPTION_SIGMAS_TENTHS,
  neededSigmasTenths: PINION_MAX_RECEPTION_LUCK_SIGMAS_TENTHS,
} as const

/**
 * Location confidence from a beaconer's links (other hotspots hearing it: evidence it cannot make
 * up), with a Beta prior: (consistent + priorConsistent) / (links + priorLinks), in basis points
 * rounded toward zero. The multiplier is 0 at or below lowBps, 1 at or above highBps, and linear in
 * between (rounded toward zero). Not a verdict: a spoofer's beacons stay valid, it just earns less.
 */
export function locationConfidence(links: number, consistent: number, params: WirelessParams): LocationConfidence {
  const { priorConsistent, priorLinks, lowBps, highBps } = params.locationConfidence
  const confidenceBps = Math.floor(((consistent + priorConsistent) * BASIS_POINTS) / (links + priorLinks))
  const multiplier = confidenceBps <= lowBps ? 0n : confidenceBps >= highBps ? ONE : (BigInt(confidenceBps - lowBps) * ONE) / BigInt(highBps - lowBps)
  return { links, consistent, confidenceBps, multiplier }
}
