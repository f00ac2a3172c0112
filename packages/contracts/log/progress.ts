import type { Logger } from 'pino'
import { type LogDestination, createLogger } from './createLogger.ts'

export type Progress = {
  /** `done` of `total` steps are finished; `note` says what the last one was. */
  update(done: number, note?: string): void
  /** The work is over (finished or not): a bar ends its line. */
  end(): void
}

export type ProgressOptions = {
  /** What is being done, e.g. `contracts`, `epochs`, `replay`. */
  task: string
  total: number
  /** Default process.stderr, so stdout (and `--json`) stays the command's output. */
  destination?: LogDestination
  /** Draw a bar (a terminal) or write progress lines. Default: when the destination is a terminal. */
  bar?: boolean
  /** Where progress lines go when there is no bar (a command's own logger); JSON lines on the destination otherwise. */
  logger?: Logger
}

const BAR_WIDTH = 24

/**
 * Progress of long work: a bar redrawn in place in a terminal; elsewhere (CI, a pipe, a file)
 * structured lines at info — `{"msg":"progress","task":…,"done":…,"total":…}` — that a log
 * collector can read, and that never scribble carriage returns into a file. A line is written when
 * another tenth of the work is done, when it is all done, or when the note changes (a new step), so
 * a loop may update on every item without flooding the log.
 */
export function createProgress(options: ProgressOptions): Progress {
  const destination = options.destination ?? process.stderr
  const total = Math.max(0, options.total)
  if (!(options.bar ?? destination.isTTY === true)) {
    const logger = options.logger ?? createLogger({ destination, pretty: false })
    let lastTenth = -1
    let lastNote: string | undefined
    return {
      update(done, note) {
        const tenth = total === 0 ? 10 : Math.floor((Math.min(done, total) * 10) / total)
        if (tenth === lastTenth && note === lastNote && done < total) return
        lastTenth = tenth
        lastNote = note
        logger.info({ task: options.task, done, total, ...(note === undefined ? {} : { note }) }, 'progress')
      },
      end: () => {},
    }
  }
  let drawn: string | undefined
  return {
    update(done, note) {
      const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH))
      const percent = total === 0 ? 100 : Math.floor((Math.min(done, total) / total) * 100)
      const bar = `${options.task} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${percent}%${note === undefined ? '' : ` ${note}`}`
      if (bar === drawn) return
      // Carriage return and erase-line: the bar replaces itself instead of scrolling.
      destination.write(`\r\x1b[K${bar}`)
      drawn = bar
    },
    end() {
      if (drawn !== undefined) destination.write('\n')
      drawn = undefined
    },
  }
}
