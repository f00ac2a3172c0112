import type { RunningNetwork } from '../../../cli/src/up/up.ts'
import { until } from '../until.ts'

/**
 * Drives a `pinion up` network's time (UpOptions.drivenTime) until `probe` returns a value: each step
 * moves every clock on by `stepMs` and mines a block there, then waits until the fleet has delivered
 * everything due, so the oracles see the same reports a real-time network would. Nothing waits for
 * wall-clock epochs; the only real waiting is for work the network is doing. Fails after `timeoutMs`
 * of real time with what the probe last threw.
 *
 * `stepMs` must stay below the network's lateReportMs: a report is sent once its timestamp has
 * passed, so one step later it is `stepMs` old when it arrives, and ingest refuses older than that.
 */
export async function driveUntil<T>(network: RunningNetwork, what: string, probe: () => Promise<T | undefined>, options: { stepMs: number; timeoutMs?: number }): Promise<T> {
  const time = network.time
  if (time === undefined) throw new Error('driveUntil needs a network started with drivenTime')
  return until(what, probe, {
    timeoutMs: options.timeoutMs ?? 120_000,
    step: async () => {
      await time.advanceTo(time.now() + options.stepMs)
      await network.fleet.settled()
    },
    context: () => `driving time: the network's time is ${new Date(time.now()).toISOString()}`,
  })
}

/**
 * Keeps a driven network's time moving in the background — a step, then the fleet's deliveries —
 * for tests that watch the network live (the explorer's browser test) rather than wait for one
 * event. Time still moves only when the network has caught up, never by the wall clock.
 */
export function startTimeDriver(network: RunningNetwork, options: { stepMs: number; pauseMs?: number }): { stop(): Promise<void> } {
  const time = network.time
  if (time === undefined) throw new Error('startTimeDriver needs a network started with drivenTime')
  let stopped = false
  const running = (async () => {
    while (!stopped) {
      await time.advanceTo(time.now() + options.stepMs)
      await network.fleet.settled()
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 50))
    }
  })()
  return {
    async stop() {
      stopped = true
      await running
    },
  }
}
