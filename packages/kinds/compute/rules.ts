/**
 * The numbers the compute kind's rules and defaults are made of, each named after the rule that set
 * it and where that rule comes from (shared/reference/storage_compute.md §4, §5, §7). Those a network
 * may change are parameters (params.ts); docs.md explains each and what it stops.
 */

/** Akash's OrderMaxBids: the most open bids an order takes. ComputeMarket refuses the 21st. */
export const AKASH_ORDER_MAX_BIDS = 20

/** Render's auto-approval: frames nobody approved or rejected are approved 72 hours after the job completed. */
export const RENDER_AUTO_APPROVAL_MS = 72n * 60n * 60n * 1000n

/**
 * The share of revealed tasks every oracle re-executes, in parts per million (default 10 %). A provider
 * that cheats on a fraction f of its tasks escapes an epoch of n such tasks with probability
 * (1 − p)^(f·n); PoSP (Hyperbolic) makes honesty the equilibrium once p × slash > the gain of cheating.
 */
export const DEFAULT_SAMPLE_RATE_PPM = 100_000
export const PPM = 1_000_000

/**
 * Epochs after its commitment's epoch within which a task's result must be revealed. The sample that
 * decides whether a task is re-executed is drawn from the entropy of the epoch after the commitment,
 * which nobody knew when committing; a provider that withholds a sampled bad result instead faults on
 * REVEAL_MISSING once this many epochs passed.
 */
export const DEFAULT_REVEAL_EPOCHS = 3

/** WebAssembly pages are 64 KiB; a task's memory is capped in pages (default 256: 16 MiB). */
export const WASM_PAGE_BYTES = 65_536
export const DEFAULT_MEMORY_PAGES = 256
/** The most memory a network may let a task have: 4 GiB, wasm32's whole address space. */
export const MAX_MEMORY_PAGES = 65_536

/**
 * Reports are at most 4 KiB (the oracle's ingest limit), so a module reaches the oracles in chunks of
 * this many bytes, with room for the envelope and the chunk's own fields.
 */
export const MODULE_CHUNK_BYTES = 3_072
/** The largest module a job may run: 1 MiB, 342 chunks. */
export const MAX_MODULE_BYTES = 1 << 20
/** The most tasks one job manifest lists: the manifest goes to the oracles in one report. */
export const MAX_TASKS_PER_JOB = 40
/** The largest task input a reveal carries (the oracles re-execute from it). */
export const MAX_TASK_INPUT_BYTES = 2_048
