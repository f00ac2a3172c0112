/**
 * bench:compute part (b): WebAssembly against plain JavaScript, on the same function. The raytrace
 * workload's tasks (a job's bands of rows) are rendered three ways, in the same process, each round
 * all three in turn (the order rotating, so none always runs on a machine the others warmed or
 * loaded):
 * - metered: the compute runtime (runTask, the module metered for fuel, compiled once beforehand),
 *   as a provider runs a task and every oracle re-executes one;
 * - unmetered: the same module unchanged on a plain WASI host (the workloads' testing host, memory
 *   in and out, no fuel), what V8 makes of the module itself;
 * - JavaScript: renderReference, the module's plain TypeScript twin, operation for operation.
 * Every output is checked equal first. Warm-up rounds are run and dropped (V8 optimises the
 * JavaScript only once it is hot); then the median round of each is compared.
 */
import { compileTask, runTask } from '@pinion/kinds/compute/runtime'
import { type RaytraceJob, raytraceJob, renderReference, workloadWasm } from '@pinion/kinds/compute/workloads'
import { runWasi } from '../../packages/kinds/compute/workloads/testing/runWasi.ts'

export type SpeedOptions = { job: RaytraceJob; warmup: number; rounds: number }
export type SpeedResult = {
  /** Median round times, ms, over the whole job's bands. */
  meteredMs: number
  unmeteredMs: number
  javascriptMs: number
  /** Fuel the job used under the metering runtime, and fuel per second of the median round. */
  fuel: bigint
  fuelPerSecond: number
  /** Time ratios: metered ÷ JavaScript, unmetered ÷ JavaScript, metered ÷ unmetered. */
  meteredOverJavascript: number
  unmeteredOverJavascript: number
  meteredOverUnmetered: number
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const FUEL = 2n ** 62n
const MEMORY_PAGES = 256
const SEED = new Uint8Array(32)

export function measureSpeed(options: SpeedOptions): SpeedResult {
  const wasm = workloadWasm('raytrace')
  const compiled = compileTask(wasm)
  if (!compiled.ok) throw new Error(`the raytrace module did not compile: ${compiled.error.code}: ${compiled.error.message}`)
  const inputs = raytraceJob(options.job)
  let fuel = 0n
  const methods = {
    metered: () => {
      let used = 0n
      for (const input of inputs) {
        const run = runTask({ module: compiled.compiled, input, fuel: FUEL, memoryPages: MEMORY_PAGES, seed: SEED })
        if (run.status !== 'ok') throw new Error(`a raytrace task ended ${run.status}: ${run.error?.message}`)
        used += run.fuelUsed
      }
      fuel = used
    },
    unmetered: () => {
      for (const input of inputs) runWasi(wasm, input)
    },
    javascript: () => {
      for (const input of inputs) renderReference(input)
    },
  }
  for (const input of inputs) {
    const expected = renderReference(input)
    const metered = runTask({ module: compiled.compiled, input, fuel: FUEL, memoryPages: MEMORY_PAGES, seed: SEED }).output
    const unmetered = runWasi(wasm, input).stdout
    if (!Buffer.from(metered).equals(expected) || !Buffer.from(unmetered).equals(expected)) throw new Error('the raytrace module and its TypeScript twin rendered different bytes')
  }
  const names = Object.keys(methods) as (keyof typeof methods)[]
  const times: Record<keyof typeof methods, number[]> = { metered: [], unmetered: [], javascript: [] }
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!
      const started = performance.now()
      methods[name]()
      if (round >= options.warmup) times[name].push(performance.now() - started)
    }
  }
  const meteredMs = median(times.metered)
  const unmeteredMs = median(times.unmetered)
  const javascriptMs = median(times.javascript)
  return {
    meteredMs,
    unmeteredMs,
    javascriptMs,
    fuel,
    fuelPerSecond: Number(fuel) / (meteredMs / 1000),
    meteredOverJavascript: meteredMs / javascriptMs,
    unmeteredOverJavascript: unmeteredMs / javascriptMs,
    meteredOverUnmetered: meteredMs / unmeteredMs,
  }
}

export function runSpeedPart(options: SpeedOptions): SpeedResult {
  const { job } = options
  const result = measureSpeed(options)
  console.log(
    `\n(b) WebAssembly against plain JavaScript — raytrace ${job.width}×${job.height}, ${job.samples} samples a pixel, ${job.bands} tasks; median of ${options.rounds} rounds after ${options.warmup} warm-up`,
  )
  console.log(
    `  metered WASM (runTask)       ${result.meteredMs.toFixed(1).padStart(8)} ms   ${(result.fuelPerSecond / 1e6).toFixed(0)} Mfuel/s (${result.fuel.toLocaleString('en')} fuel)`,
  )
  console.log(`  unmetered WASM (plain WASI)  ${result.unmeteredMs.toFixed(1).padStart(8)} ms`)
  console.log(`  JavaScript (renderReference) ${result.javascriptMs.toFixed(1).padStart(8)} ms`)
  console.log(
    `  time ratios: metered ÷ JS ${result.meteredOverJavascript.toFixed(3)}, unmetered ÷ JS ${result.unmeteredOverJavascript.toFixed(3)}, metered ÷ unmetered ${result.meteredOverUnmetered.toFixed(3)} (metering costs ${((result.meteredOverUnmetered - 1) * 100).toFixed(0)} %)`,
  )
  return result
}
