import { readFileSync } from 'node:fs'
import { DeviceError } from '../errors.ts'
import { writeFileAtomic } from '../fs/durable.ts'
import { parseSequence } from './records.ts'

/**
 * The last sequence the device reserved, in its own small file `{"lastSequence":"12"}`, replaced
 * atomically on every reservation. It outlives outbox compaction, which forgets acknowledged entries.
 */
export class SequenceFile {
  private constructor(
    readonly path: string,
    private last: bigint,
  ) {}

  static open(path: string): SequenceFile {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return new SequenceFile(path, 0n)
      throw cause
    }
    try {
      return new SequenceFile(path, parseSequence((JSON.parse(text) as { lastSequence?: unknown }).lastSequence))
    } catch (cause) {
      // Written atomically, so a crash cannot cause this: refuse to guess a sequence.
      throw new DeviceError('PINION_ERR_SEQUENCE_FILE_CORRUPT', `${path} does not hold {"lastSequence":"<decimal>"}: ${JSON.stringify(text.slice(0, 80))}`, { cause })
    }
  }

  get lastSequence(): bigint {
    return this.last
  }

  /** Persists `sequence` as the last reserved one; durable on return. */
  store(sequence: bigint): void {
    writeFileAtomic(this.path, `${JSON.stringify({ lastSequence: sequence.toString() })}\n`, 0o600)
    this.last = sequence
  }
}
