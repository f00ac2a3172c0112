import { invalidParam as fail } from '../src/invalidParam.ts'
import type { EpochWindow } from '../src/kind.ts'
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
 * a 24 h epoch alike: challenges are spread over whatever the epoch's length is.
 */
export type PingParams = {
  /** Challenges per staked device per epoch, one at a drawn moment in each equal slot of the epoch (default 4). */
  readonly challengesPerEpoch: number
  /** How long after it is issued a challenge may be answered, ms, deadline included (default 5,000). */
  readonly responseWindowMs: bigint
  /**
   * Stake a device needs bonded, in the token's smallest unit: as of the epoch's entropy block to be
   * challenged, and as of the epoch's end to be paid (default 100 tokens).
   */
  readonly minStake: bigint
  /** The largest share of the kind's budget the service pool takes, basis points (default 5,000: half). */
  readonly serviceMaxBps: number
  /**
   * Revenue in an epoch (token's smallest unit) at which the service pool reaches serviceMaxBps; below
   * it the share grows in proportion (default 10,000 tokens). Keep it at least the service pool's
   * largest emission in tokens, so that paying yourself never mints more than it burns.
   */
  readonly serviceFullRevenue: bigint
}

export const DEFAULT_PING_PARAMS: PingParams = {
  challengesPerEpoch: CHALLENGES_PER_EPOCH_ONE_PER_QUARTER,
  responseWindowMs: RESPONSE_WINDOW_FIVE_SECONDS_MS,
  minStake: MIN_STAKE_HUNDRED_TOKENS,
  serviceMaxBps: SERVICE_AT_MOST_HALF_BPS,
  serviceFullRevenue: SERVICE_FULL_AT_DEFAULT_EMISSION,
}

const KEYS = ['challengesPerEpoch', 'responseWindowMs', 'minStake', 'serviceMaxBps', 'serviceFullRevenue'] as const

/**
 * Validates ping parameters from config (missing keys take their defaults) and accepts its own
 * output unchanged. Amounts and milliseconds may be given as bigints or as safe integer numbers;
 * they come out as bigints.
 */
export function parsePingParams(input: unknown): PingParams {
  if (input === undefined || input === null) return DEFAULT_PING_PARAMS
  if (typeof input !== 'object' || Array.isArray(input)) fail('ping params', input, 'an object')
  const given = input as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(`ping params key "${key}"`, key, `one of ${KEYS.join(', ')}`)
  }
  const pick = <value>(key: (typeof KEYS)[number], parse: (name: string, value: unknown) => value, fallback: value): value =>
    given[key] === undefined ? fallback : parse(`ping.${key}`, given[key])
  const d = DEFAULT_PING_PARAMS
  return {
    challengesPerEpoch: pick('challengesPerEpoch', (n, v) => integer(n, v, 1, MAX_CHALLENGES_PER_EPOCH), d.challengesPerEpoch),
    responseWindowMs: pick('responseWindowMs', (n, v) => amount(n, v, 1n, 'a positive integer number of milliseconds'), d.responseWindowMs),
    minStake: pick('minStake', (n, v) => amount(n, v, 0n, "a whole number of the token's smallest unit, 0 or more (100 tokens: 100n * 10n ** 18n)"), d.minStake),
    serviceMaxBps: pick('serviceMaxBps', (n, v) => integer(n, v, 0, BASIS_POINTS), d.serviceMaxBps),
    serviceFullRevenue: pick(
      'serviceFullRevenue',
      (n, v) => amount(n, v, 1n, "a positive whole number of the token's smallest unit (10,000 tokens: 10_000n * 10n ** 18n)"),
      d.serviceFullRevenue,
    ),
  }
}

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
  if (slot < 1n) {
    fail(
      'ping.responseWindowMs',
      params.responseWindowMs,
      `at most ${length - BigInt(params.challengesPerEpoch) + 1n} ms, so that ${params.challengesPerEpoch} challenges and their answers fit in an epoch of ${length} ms`,
    )
  }
  return slot
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(name, value, `an integer from ${min} to ${max}`)
  return value
}

function amount(name: string, value: unknown, min: bigint, expected: string): bigint {
  const parsed = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value
  if (typeof parsed !== 'bigint' || parsed < min) fail(name, value, expected)
  return parsed
}
