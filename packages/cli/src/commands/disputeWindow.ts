import { PinionError } from '@pinion/protocol'

/**
 * The roots RewardDistributor keeps in their dispute window at once: its PENDING_ROOT_SLOTS (16)
 * less the slot that always keeps the newest claimable root. A sixteenth root is refused
 * (TooManyPendingRoots) until the oldest matures.
 */
export const PENDING_ROOTS_AT_MOST = 15

/**
 * Refuses a dispute window that would hold more roots pending than the distributor keeps: a root
 * is committed each epoch and waits the window, so about window ÷ epoch + 1 are pending at once,
 * and a window longer than 14 epochs stalls commits within the first window: from then on at most
 * 15 roots get in per window, and every epoch beyond them waits for a slot.
 */
export function checkDisputeWindow(windowSeconds: number, epochSeconds: number): void {
  const longest = (PENDING_ROOTS_AT_MOST - 1) * epochSeconds
  if (windowSeconds <= longest) return
  throw new PinionError(
    'PINION_ERR_CONFIG',
    `a dispute window of ${windowSeconds} s keeps about ${Math.floor(windowSeconds / epochSeconds) + 1} roots of ${epochSeconds}-second epochs pending at once, ` +
      `but the distributor holds ${PENDING_ROOTS_AT_MOST}: roots would stop being committed. ` +
      `Give --dispute-window ${longest} or less, or epochs of at least ${Math.ceil(windowSeconds / (PENDING_ROOTS_AT_MOST - 1))} s (epochs.durationSeconds).`,
  )
}
