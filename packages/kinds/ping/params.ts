import type { z } from 'zod'
import type { EpochWindow, ParamsNetwork } from '../src/kind.ts'
import { type ParamsOf, acrossFields, bigintAtLeast, group, integer, invalidParams, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import {
  BASIS_POINTS,
  CHALLENGES_PER_EPOCH_ONE_PER_QUARTER,
  MAX_CHALLENGES_PER_EPOCH,
  MIN_STAKE_HUNDRED_TOKENS,
  RESPONSE_WINDOW_FIVE_SECONDS_MS,
  SERVICE_AT_MOST_HALF_BPS,
  SERVICE_FULL_AT_DEFAULT_EMISSION,
} from './rules.ts'

/**
 * The ping kind's parameters: integers only (counts, milliseconds, basis points, and amounts in the
 * token's smallest unit), so they hash the same everywhere. The defaults fit a 30 s devnet epoch and
 * a 24 h epoch alike: challenges are spread over whatever the epoch's length is. Amounts and
 * milliseconds may be given as bigints or as safe integer numbers; they come out as bigints.
 */
export const pingParamsSchema = group({
  /** Challenges per staked device per epoch, one at a drawn moment in each equal slot of the epoch (default 4). */
  challengesPerEpoch: integer(1, MAX_CHALLENGES_PER_EPOCH).default(CHALLENGES_PER_EPOCH_ONE_PER_QUARTER),
  /** How long after it is issued a challenge may be answered, ms, deadline included (default 5,000). */
  responseWindowMs: bigintAtLeast(1n, 'a positive integer number of milliseconds', { decimalStrings: false }).default(RESPONSE_WINDOW_FIVE_SECONDS_MS),
  /**
   * Stake a device needs bonded, in the token's smallest unit: as of the epoch's entropy block to be
   * challenged, and as of the epoch's end to be paid (default 100 tokens).
   */
  minStake: bigintAtLeast(0n, "a whole number of the token's smallest unit, 0 or more (100 tokens: 100n * 10n ** 18n)", { decimalStrings: false }).default(
    MIN_STAKE_HUNDRED_TOKENS,
  ),
  /** The largest share of the kind's budget the service pool takes, basis points (default 5,000: half). */
  serviceMaxBps: integer(0, BASIS_POINTS).default(SERVICE_AT_MOST_HALF_BPS),
  /**
   * Revenue in an epoch (token's smallest unit) at which the service pool reaches serviceMaxBps; below
   * it the share grows in proportion (default 10,000 tokens). Keep it at least the service pool's
   * largest emission in tokens, so that paying yourself never mints more than it burns.
   */
  serviceFullRevenue: bigintAtLeast(1n, "a positive whole number of the token's smallest unit (10,000 tokens: 10_000n * 10n ** 18n)", {
    decimalStrings: false,
  }).default(SERVICE_FULL_AT_DEFAULT_EMISSION),
})

/** The ping parameters kinds see: every field filled in, milliseconds and amounts as bigints. */
export type PingParams = ParamsOf<typeof pingParamsSchema>
/** The ping parameters as pinion.config.ts writes them: every field optional, bigints also as numbers. */
export type PingParamsInput = z.input<typeof pingParamsSchema>

/**
 * Types ping parameters in pinion.config.ts, and returns them as given (`defineNetwork` checks them
 * when the config loads): `kinds: { ping: pingParams({ challengesPerEpoch: 4 }) }`.
 */
export const pingParams = (input: PingParamsInput): PingParamsInput => input

export const DEFAULT_PING_PARAMS: PingParams = schemaDefaults(pingParamsSchema)

/**
 * Validates ping parameters from config (missing keys take their defaults) and accepts its own output
 * unchanged. With the `network` they run in, also that its epoch has room for every challenge and its
 * answer (challengeSlotMs), so that a config that would challenge nobody fails when it loads.
 */
export function parsePingParams(input: unknown, network?: ParamsNetwork): PingParams {
  if (network !== undefined) {
    const fits = acrossFields<z.output<typeof pingParamsSchema>>((params, problem) => {
      const longest = longestResponseWindowMs(network.epochMs, params)
      if (params.responseWindowMs > longest) problem(['responseWindowMs'], params.responseWindowMs, tooLongWindow(network.epochMs, params, longest))
    })
    return parseWithSchema('ping', pingParamsSchema.check(fits), input ?? {})
  }
  return input === undefined || input === null ? DEFAULT_PING_PARAMS : parseWithSchema('ping', pingParamsSchema, input)
}

/** The longest response window that leaves each of challengesPerEpoch slots of an epoch of `epochMs` at least 1 ms. */
const longestResponseWindowMs = (epochMs: bigint, params: PingParams): bigint => epochMs - BigInt(params.challengesPerEpoch) + 1n

const tooLongWindow = (epochMs: bigint, params: PingParams, longest: bigint) =>
  `at most ${longest} ms, so that ${params.challengesPerEpoch} challenges and their answers fit in an epoch of ${epochMs} ms`

/** The moments a challenge may be issued at in `epoch`: [startMs, endMs − responseWindowMs], so every deadline is inside the epoch. */
export function issueRoomMs(epoch: EpochWindow, params: PingParams): bigint {
  const room = epoch.endMs - epoch.startMs - params.responseWindowMs + 1n
  return room > 0n ? room : 0n
}

/**
 * The length of each of the epoch's challengesPerEpoch slots, ms (the k-th challenge is issued inside
 * the k-th slot). Throws PINION_ERR_KIND_PARAMS when the epoch is too short for the parameters: the
 * network's config is wrong, and the epoch must not silently challenge nobody.
 */
export function challengeSlotMs(epoch: EpochWindow, params: PingParams): bigint {
  const length = epoch.endMs - epoch.startMs
  const slot = issueRoomMs(epoch, params) / BigInt(params.challengesPerEpoch)
  if (slot < 1n) throw invalidParams('ping', ['responseWindowMs'], params.responseWindowMs, tooLongWindow(length, params, longestResponseWindowMs(length, params)))
  return slot
}
