/**
 * How many ingest nodes and writers a network needs, from measured rates (bench:scale's model part).
 * Pure arithmetic, so the rates can come from wherever they are measured: today the HTTP ingest of
 * bench:ingest (verify + dedup + durable write in one process), later the JetStream ingest nodes and
 * writer consumers of issue 17 part 2, measured by bench:scale's ingest part.
 */

const SECONDS_PER_DAY = 86_400

/** The network the issue sizes for: 1 M devices at 24 reports a day each, bursts of 10× the average. */
export const ISSUE_NETWORK = { devices: 1_000_000, reportsPerDevicePerDay: 24, burstFactor: 10 } as const

/**
 * Run each node at no more than this share of what it was measured to do: the measured rate is a
 * best case (one batch size, warm caches), and a node at 100 % has no room to catch up after a pause.
 */
export const TARGET_UTILISATION = 0.7

/**
 * Ingest nodes beyond those the peak needs: one, so that the peak is still served with any one node
 * down (killed mid-stream, restarting, being upgraded), as the SIGKILL tests of part 3 have it.
 * Writers need none: JetStream keeps a stopped writer's shard until it is back, and the lag is
 * bounded by the sealing wait, not by losing data.
 */
export const SPARE_INGEST_NODES = 1

export type LoadModelInput = {
  devices: number
  reportsPerDevicePerDay: number
  burstFactor: number
  /** Accepted reports/s one ingest node sustains (signature verified, deduplicated, durably handed on). */
  ingestNodeRate: number
  /** Reports/s one writer stores (batched into PostgreSQL with its high-water mark). */
  writerRate: number
  /** CPU seconds the epoch spends per report (streamEpoch: verify, score, allocate, tree), one core. */
  epochCpuSecondsPerReport?: number
  /** Epoch length in seconds (default a day). */
  epochSeconds?: number
}

export type LoadModel = {
  reportsPerDay: number
  averagePerSecond: number
  peakPerSecond: number
  /** Ingest nodes for the peak at TARGET_UTILISATION, plus SPARE_INGEST_NODES. */
  ingestNodes: number
  /** Writers (and so stream partitions at least) for the peak at TARGET_UTILISATION. */
  writers: number
  reportsPerEpoch: number
  /** CPU seconds of one epoch on one core, when the epoch's cost per report is given. */
  epochCpuSeconds?: number
}

export function loadModel(input: LoadModelInput): LoadModel {
  for (const [name, value] of Object.entries(input)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`)
  }
  const reportsPerDay = input.devices * input.reportsPerDevicePerDay
  const averagePerSecond = reportsPerDay / SECONDS_PER_DAY
  const peakPerSecond = averagePerSecond * input.burstFactor
  const reportsPerEpoch = (reportsPerDay * (input.epochSeconds ?? SECONDS_PER_DAY)) / SECONDS_PER_DAY
  return {
    reportsPerDay,
    averagePerSecond,
    peakPerSecond,
    ingestNodes: Math.ceil(peakPerSecond / (input.ingestNodeRate * TARGET_UTILISATION)) + SPARE_INGEST_NODES,
    writers: Math.max(1, Math.ceil(peakPerSecond / (input.writerRate * TARGET_UTILISATION))),
    reportsPerEpoch,
    ...(input.epochCpuSecondsPerReport === undefined ? {} : { epochCpuSeconds: reportsPerEpoch * input.epochCpuSecondsPerReport }),
  }
}
