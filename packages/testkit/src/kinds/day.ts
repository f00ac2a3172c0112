import type { EpochWindow } from '../../../kinds/src/kind.ts'

/** The kinds' test epoch: 24 hours from 2026-01-01T00:00Z (the wireless kind's four 6 h beacon windows). */
export const DAY: EpochWindow = {
  epoch: 1n,
  startMs: 1_767_225_600_000n,
  endMs: 1_767_225_600_000n + 86_400_000n,
  entropy: `0x${'ab'.repeat(32)}`,
}

export const HOUR = 3_600_000n
