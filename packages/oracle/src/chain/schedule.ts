import type { EpochWindow } from '@pinion/kinds'
import type { Hex } from 'viem'

/** The emission schedule's timing, as the Emissions contract holds it (seconds). */
export type EpochSchedule = { genesisTime: bigint; epochDuration: bigint }

/** Epoch `epoch` covers [genesis + epoch·duration, genesis + (epoch+1)·duration), in ms. */
export function epochWindow(schedule: EpochSchedule, epoch: bigint, entropy: Hex): EpochWindow {
  const startMs = (schedule.genesisTime + epoch * schedule.epochDuration) * 1000n
  return { epoch, startMs, endMs: startMs + schedule.epochDuration * 1000n, entropy }
}

/** The epoch containing `timeMs`, or -1n before genesis. */
export function epochAt(schedule: EpochSchedule, timeMs: bigint): bigint {
  const genesisMs = schedule.genesisTime * 1000n
  if (timeMs < genesisMs) return -1n
  return (timeMs - genesisMs) / (schedule.epochDuration * 1000n)
}
