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

/** A background time driver; `hold` stops time at a step's end, for a test that needs a moment frozen. */
export interface TimeDriver {
  /**
   * Runs `body` while the network's time stands still (after the step in flight ends), then lets
   * it move again. `body` may still move time itself, by `network.time.advanceTo`, exactly as far
   * as it needs: a 20-second vote stays open while a busy browser renders it.
   */
  hold<T>(body: () => Promise<T>): Promise<T>
  stop(): Promise<void>
}

/**
 * Keeps a driven network's time moving in the background — a step, then the fleet's deliveries —
 * for tests that watch the network live (the explorer's browser test) rather than wait for one
 * event. Time still moves only when the network has caught up, never by the wall clock.
 */
export function startTimeDriver(network: RunningNetwork, options: { stepMs: number; pauseMs?: number }): TimeDriver {
  const time = network.time
  if (time === undefined) throw new Error('startTimeDriver needs a network started with drivenTime')
  let stopped = false
  // While a hold is in force, the loop awaits it before its next step.
  let held: Promise<unknown> | undefined
  // The step in flight: a hold begins only once it has ended.
  let stepping: Promise<void> = Promise.resolve()
  const step = async () => {
    await time.advanceTo(time.now() + options.stepMs)
    await network.fleet.settled()
  }
  const running = (async () => {
    while (!stopped) {
      while (held !== undefined) await held.catch(() => {})
      stepping = step()
      await stepping
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 50))
    }
  })()
  return {
    async hold(body) {
      if (held !== undefined) throw new Error('the time driver is already held')
      let release!: () => void
      held = new Promise<void>((resolve) => {
        release = resolve
      })
      try {
        await stepping
        return await body()
      } finally {
        held = undefined
        release()
      }
    },
    async stop() {
      stopped = true
      await running
    },
  }
}
