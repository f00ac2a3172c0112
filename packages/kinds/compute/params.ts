import type { z } from 'zod'
import { type ParamsOf, group, integer, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import { DEFAULT_REVEAL_EPOCHS, DEFAULT_SAMPLE_RATE_PPM, PPM } from './rules.ts'

/** The compute kind's parameters: integers only, so they hash the same everywhere (rules.ts names where each default comes from). */
export const computeParamsSchema = group({
  /** The share of revealed tasks every oracle re-executes, in parts per million (default 100,000: 10 %). */
  sampleRatePpm: integer(0, PPM).default(DEFAULT_SAMPLE_RATE_PPM),
  /** Epochs after a commitment's epoch within which its result must be revealed (default 3). */
  revealEpochs: integer(1, 1_000).default(DEFAULT_REVEAL_EPOCHS),
  /** Whole epochs a started lease may go without a single commitment before it is a no-show (default 2). */
  noShowEpochs: integer(1, 1_000).default(2),
})

/** The compute parameters kinds see: every field filled in. */
export type ComputeParams = ParamsOf<typeof computeParamsSchema>
/** The compute parameters as pinion.config.ts writes them: every field optional. */
export type ComputeParamsInput = z.input<typeof computeParamsSchema>

export const DEFAULT_COMPUTE_PARAMS: ComputeParams = schemaDefaults(computeParamsSchema)

/** Types compute parameters in pinion.config.ts and returns them as given (`defineNetwork` checks them when the config loads). */
export const computeParams = (input: ComputeParamsInput): ComputeParamsInput => input

/** Validates compute parameters from config (missing keys take their defaults); accepts its own output unchanged. */
export function parseComputeParams(input: unknown): ComputeParams {
  return input === undefined || input === null ? DEFAULT_COMPUTE_PARAMS : parseWithSchema('compute', computeParamsSchema, input)
}
