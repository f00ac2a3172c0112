import { ONE } from '@pinion/protocol'
import type { MobileParams } from './params.ts'
import type { Speedtest } from './payload.ts'
import { BASIS_POINTS, HELIUM_SPEEDTEST_TIERS } from './rules.ts'

/** A radio's backhaul for the epoch: the averages, the tier, and its multiplier (fixed point, ONE = ×1). */
export type Backhaul = {
  samples: number
  uploadBps: bigint
  downloadBps: bigint
  latencyMs: bigint
  tier: string
  multiplier: bigint
}

/**
 * Helium's speedtest multiplier (coverage_point_calculator speedtest.rs): the latest
 * speedtestSamples of the radio's valid speedtests (by measured_at, then test id), averaged field
 * by field (rounded toward zero); fewer than minSpeedtestSamples give ×0. The tier is the lowest of
 * the download, upload and latency tiers (HELIUM_SPEEDTEST_TIERS); below Poor is Fail, ×0.
 */
export function backhaulOf(tests: readonly Speedtest[], params: MobileParams): Backhaul {
  const latest = [...tests]
    .sort((a, b) => (a.measuredAtMs !== b.measuredAtMs ? (a.measuredAtMs > b.measuredAtMs ? -1 : 1) : a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0))
    .slice(0, params.speedtestSamples)
  if (latest.length < params.minSpeedtestSamples) {
    return { samples: latest.length, uploadBps: 0n, downloadBps: 0n, latencyMs: 0n, tier: 'too-few-samples', multiplier: 0n }
  }
  const n = BigInt(latest.length)
  const average = (field: (t: Speedtest) => bigint) => latest.reduce((sum, t) => sum + field(t), 0n) / n
  const uploadBps = average((t) => t.uploadBps)
  const downloadBps = average((t) => t.downloadBps)
  const latencyMs = average((t) => BigInt(t.latencyMs))
  const tier = HELIUM_SPEEDTEST_TIERS.find((t) => downloadBps >= t.minDownloadBps && uploadBps >= t.minUploadBps && latencyMs < BigInt(t.maxLatencyMs))
  return {
    samples: latest.length,
    uploadBps,
    downloadBps,
    latencyMs,
    tier: tier?.name ?? 'fail',
    multiplier: tier === undefined ? 0n : (BigInt(tier.multiplierBps) * ONE) / BigInt(BASIS_POINTS),
  }
}
