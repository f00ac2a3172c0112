/**
 * The numbers the storage kind's rules and defaults are made of, each named after the rule that set
 * it and where that rule comes from (shared/reference/storage_compute.md §1.3, §1.5, §2.4). Every one
 * is a parameter (params.ts) a network may change; docs.md explains each and the attack it stops.
 */

/** PDP's challenges per proof: SimplePDPService and FWSS require at least 5 (`CHALLENGES_PER_PROOF`). */
export const PDP_CHALLENGES_PER_PROOF = 5

/**
 * The most challenges a network may ask per proving period: WinningPoSt's 66 (Filecoin's largest
 * per-proof count). The epoch's inputs hold deals × this many leaves, so the bound keeps them sealable.
 */
export const MAX_CHALLENGES_PER_PROOF = 66

/**
 * How long a provider has to answer a proving period's challenge, once the epoch's entropy made it
 * public: PDP's challenge window, 60 Filecoin epochs of 30 s (the last 30 minutes of the period).
 */
export const PDP_CHALLENGE_WINDOW_MS = 30n * 60n * 1000n

/**
 * Consecutive faulted periods after which a deal is terminated: Filecoin's FAULT_MAX_AGE, a sector
 * faulty for 42 days (42 daily proving periods) is terminated. StorageMarket refuses deal terms above it.
 */
export const FILECOIN_FAULT_MAX_AGE_PERIODS = 42

/** The largest tree a piece may have: PDP's MAX_PIECE_SIZE_LOG2 − 5 (32-byte leaves of a 2^50-byte piece). */
export const PDP_MAX_HEIGHT = 50

/** 2^30 bytes: proven storage is weighed in GiB, fixed point. */
export const GIB = 1n << 30n

/** The PDP leaf: 32 bytes. */
export const LEAF_BYTES = 32n
