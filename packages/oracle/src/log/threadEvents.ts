import { type LogLevel, type Logger, levelEnabled } from '@pinion/contracts/log'
import { eventLevel, logEvents } from './eventLevels.ts'

export type EventSink = (event: string, fields: Record<string, unknown>) => void

/**
 * The event callback of an oracle on its own thread: each event is written to the thread's logger,
 * and posted to the main thread (startOracleThread's callback) only when `level` lets it through —
 * below the level, an event is neither formatted nor copied across threads.
 */
export function threadEvents(level: LogLevel, logger: Logger, post: EventSink): EventSink {
  const write = logEvents(logger)
  return (event, fields) => {
    if (!levelEnabled(eventLevel(event), level)) return
    write(event, fields)
    post(event, fields)
  }
}
