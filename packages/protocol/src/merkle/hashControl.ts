/**
 * The control block a tree build shares with its hashing workers: one Int32Array over shared
 * memory, read and written only with Atomics. hashWorker.mjs (plain JavaScript) repeats these
 * numbers and claimChunk; hashControl.test.ts checks that the two agree.
 *
 * A job is a range [FROM, TO) in chunks of CHUNK. Anyone free — a worker or the calling thread —
 * claims the next chunk with claimChunk. NEXT holds the job's tag (its generation, 11 bits) above
 * the next chunk index (20 bits), so a thread that read an older job's parameters can never claim
 * a chunk of a newer one: its compare-and-swap fails on the tag. begin() closes the old tag before
 * it rewrites the parameters, and opens the new one after.
 */
export const CONTROL = {
  /** Bumped to start a job (or to stop, with OP = STOP); idle workers wait on it. */
  GENERATION: 0,
  OP: 1,
  FROM: 2,
  TO: 3,
  CHUNK: 4,
  /** Chunks in the job. */
  TOTAL: 5,
  /** tag << 20 | next chunk index. */
  NEXT: 6,
  /** Chunks finished; the thread that finishes the last one notifies. */
  DONE: 7,
  /** Entries ready to hash (for leaves: encoded so far); workers wait on it. */
  READY: 8,
  SLOTS: 9,
} as const

export const OP = { LEAVES: 1, PAIRS: 2, STOP: 3 } as const

const TAG_SHIFT = 20
const TAG_MASK = 0x7ff
/** An index past any job's last chunk: a tag with it admits no claims. */
export const CLOSED = (1 << TAG_SHIFT) - 1

/** The tag of generation `generation`, shifted into place. */
export function tagOf(generation: number): number {
  return (generation & TAG_MASK) << TAG_SHIFT
}

/**
 * Claims the next chunk of the job tagged `tag` (with `total` chunks): its index, or -1 when the
 * job has no chunk left or is no longer the current one.
 */
export function claimChunk(control: Int32Array, tag: number, total: number): number {
  for (;;) {
    const next = Atomics.load(control, CONTROL.NEXT)
    const index = next & CLOSED
    if ((next & ~CLOSED) !== tag || index >= total) return -1
    if (Atomics.compareExchange(control, CONTROL.NEXT, next, next + 1) === next) return index
  }
}
