/**
 * The numbers the ping kind's rules and defaults are made of. Ping is Pinion's worked example, not a
 * copy of a live network, so each default is Pinion's own choice, with its reason beside it; every one
 * of them is a parameter (params.ts) a network may change. docs.md explains each and the attack it stops.
 */

/** 10,000 basis points = 100 % of the kind's budget. */
export const BASIS_POINTS = 10_000

/** The token's smallest units per whole token: Pinion's token has 18 decimals (OpenZeppelin ERC20's default). */
export const TOKEN_UNIT = 10n ** 18n

/**
 * Challenges per device per epoch: one at a drawn moment in each quarter of the epoch, so a device
 * must be reachable through the epoch, and one lucky or unlucky moment does not decide it.
 */
export const CHALLENGES_PER_EPOCH_ONE_PER_QUARTER = 4

/**
 * The most challenges a network may put to a device in an epoch: one an hour of a 24 h epoch. The
 * epoch's inputs hold devices × this challenges, so the bound keeps a million-device epoch sealable.
 */
export const MAX_CHALLENGES_PER_EPOCH = 24

/**
 * How long a device has to answer a challenge: 5 s. A device that asks its oracle for challenges
 * every second answers with room to spare, and the window fits six times into a 30 s devnet epoch.
 */
export const RESPONSE_WINDOW_FIVE_SECONDS_MS = 5_000n

/** Stake a device needs bonded to be challenged and paid: 100 whole tokens, in the token's smallest unit. */
export const MIN_STAKE_HUNDRED_TOKENS = 100n * TOKEN_UNIT

/**
 * The most of the kind's budget its service pool takes: half. Availability — devices being there —
 * is what the network exists for; paid service may grow to match it, never crowd it out.
 */
export const SERVICE_AT_MOST_HALF_BPS = 5_000

/**
 * Revenue per epoch at which the service pool reaches its largest share: 10,000 tokens, the whole
 * emission per epoch of Pinion's default network (`initialEmission`). At or above the kind's budget
 * in tokens, paying for your own device's service burns more than the service pool can mint back
 * (docs.md, "Paying yourself"). A network with another emission sets its own (`serviceFullRevenue`).
 */
export const SERVICE_FULL_AT_DEFAULT_EMISSION = 10_000n * TOKEN_UNIT
