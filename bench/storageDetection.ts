/**
 * bench:storage part (b): precision and recall per adversary class, over several seeds, judged by the
 * storage kind alone (bench/storage/detectionModel.ts). The dropper's recall is set beside PDP's
 * theory: it kept half of each piece, so a period of K leaves escapes with probability (1/2)^K.
 */
import { DEFAULT_STORAGE_PARAMS } from '@pinion/kinds/storage'
import { type DetectionResult, measureDetection } from './storage/detectionModel.ts'

export type DetectionOptions = { seeds: readonly number[]; epochs: number; perBehaviour: number }

export function runDetection(options: DetectionOptions): DetectionResult {
  const params = { ...DEFAULT_STORAGE_PARAMS, responseWindowMs: 10_000n }
  const started = performance.now()
  const result = measureDetection({ ...options, pieceBytes: 16 * 1024, params })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n(b) detection — ${options.perBehaviour} providers a behaviour, ${options.epochs} proving periods, seeds ${options.seeds.join(', ')}, ${params.challengesPerProof} leaves a period (${seconds} s)`,
  )
  console.log('  class       periods   flagged   recall   precision   theory')
  for (const row of result.rows) {
    const theory = row.behaviour === 'dropper' ? (1 - 0.5 ** params.challengesPerProof).toFixed(4) : '1'
    console.log(
      `  ${row.behaviour.padEnd(11)} ${String(row.periods).padStart(7)}   ${String(row.flagged).padStart(7)}   ${row.recall.toFixed(4)}   ${row.precision === null ? '—' : row.precision.toFixed(4)}      ${theory}`,
    )
  }
  console.log(
    `  honest providers' periods flagged: ${result.honestFlagged} of ${result.honestPeriods}; flaky providers' offline periods (faults, not flagged as cheating): ${result.flakyOffline}`,
  )
  return result
}
