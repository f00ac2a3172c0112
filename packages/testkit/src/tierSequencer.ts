import { BaseSequencer, type TestSpecification } from 'vitest/node'
import type { Tier } from './tiers.ts'

/** The order tiers' files start in: whole networks first, pure code last. */
const START_ORDER: readonly Tier[] = ['e2e', 'chain', 'db', 'unit']

/**
 * Starts the e2e tier's files first, then chain, db and unit, each tier's files in vitest's own order
 * (the longest of the last run first, else the largest). vitest runs projects in name order (chain,
 * db, e2e, unit), which left minute-long network tests, some of them mostly waiting for wall-clock
 * epochs, to start late and end alone while the other worker had nothing left; a tail of
 * sub-second unit files packs the two workers' last minute instead.
 */
export class TierSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files)
    const rank = (file: TestSpecification) => {
      const at = START_ORDER.indexOf(file.project.name as Tier)
      return at === -1 ? START_ORDER.length : at
    }
    return ordered
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file)
  }
}
