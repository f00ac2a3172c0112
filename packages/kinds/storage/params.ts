import type { z } from 'zod'
import type { ParamsNetwork } from '../src/kind.ts'
import { type ParamsOf, acrossFields, bigintAtLeast, group, integer, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import { FILECOIN_FAULT_MAX_AGE_PERIODS, MAX_CHALLENGES_PER_PROOF, PDP_CHALLENGES_PER_PROOF, PDP_CHALLENGE_WINDOW_MS } from './rules.ts'

/**
 * The storage kind's parameters: Filecoin's values by default (rules.ts), integers only, so they
 * hash the same everywhere. A proving period is one epoch of the network.
 */
export const storageParamsSchema = group({
  /** Leaves drawn per deal per proving period (default 5, PDP's CHALLENGES_PER_PROOF). */
  challengesPerProof: integer(1, MAX_CHALLENGES_PER_PROOF).default(PDP_CHALLENGES_PER_PROOF),
  /** How long after the period's challenge is issued (the epoch's start) its proof may be timestamped, ms (default 30 min, PDP's challenge window). */
  responseWindowMs: bigintAtLeast(1n, 'a positive integer number of milliseconds', { decimalStrings: false }).default(PDP_CHALLENGE_WINDOW_MS),
  /**
   * Consecutive faulted periods after which the kind counts a deal terminated (default 42, Filecoin's
   * FAULT_MAX_AGE). Each deal's own terms on chain say when StorageMarket terminates it; this is the
   * most a network's customers are offered by default.
   */
  maxConsecutiveFaults: integer(1, FILECOIN_FAULT_MAX_AGE_PERIODS).default(FILECOIN_FAULT_MAX_AGE_PERIODS),
})

/** The storage parameters kinds see: every field filled in, milliseconds as bigints. */
export type StorageParams = ParamsOf<typeof storageParamsSchema>
/** The storage parameters as pinion.config.ts writes them: every field optional. */
export type StorageParamsInput = z.input<typeof storageParamsSchema>

/** Types storage parameters in pinion.config.ts and returns them as given (`defineNetwork` checks them when the config loads). */
export const storageParams = (input: StorageParamsInput): StorageParamsInput => input

export const DEFAULT_STORAGE_PARAMS: StorageParams = schemaDefaults(storageParamsSchema)

/**
 * Validates storage parameters from config (missing keys take their defaults) and accepts its own
 * output unchanged. With the `network` they run in, also that the response window fits in an epoch:
 * a proof's deadline can be no later than the epoch's end.
 */
export function parseStorageParams(input: unknown, network?: ParamsNetwork): StorageParams {
  if (network !== undefined) {
    const fits = acrossFields<z.output<typeof storageParamsSchema>>((params, problem) => {
      if (params.responseWindowMs > network.epochMs) problem(['responseWindowMs'], params.responseWindowMs, `at most the epoch's ${network.epochMs} ms`)
    })
    return parseWithSchema('storage', storageParamsSchema.check(fits), input ?? {})
  }
  return input === undefined || input === null ? DEFAULT_STORAGE_PARAMS : parseWithSchema('storage', storageParamsSchema, input)
}
