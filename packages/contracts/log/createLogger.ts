import pino, { type Logger } from 'pino'
import pinoPretty from 'pino-pretty'
import { DEFAULT_LOG_LEVEL, type LogLevel } from './logLevel.ts'

export type { Logger } from 'pino'

/** Where logs go: any writable stream; `isTTY` (as process.stderr has it) decides the format. */
export type LogDestination = NodeJS.WritableStream & { isTTY?: boolean }

export type LoggerOptions = {
  level?: LogLevel
  /** Default process.stderr: stdout stays the command's own output (`--json` stays pure JSON). */
  destination?: LogDestination
  /**
   * Human-readable, coloured lines (pino-pretty) instead of JSON lines. Default: when the destination
   * is a terminal. A worker thread's stderr is never one, so its parent decides and passes this.
   */
  pretty?: boolean
  /** Fields on every line (which oracle, which component). */
  bindings?: Record<string, unknown>
}

/**
 * The one logger of every Pinion process: pino, JSON lines (one object per line, for collectors), or
 * pretty lines in a terminal. Errors logged under `err` keep their stack, their code and their whole
 * cause chain (pino's errWithCause serializer), so a line says what failed and because of what.
 * Pretty output is formatted in this thread, not in a transport's worker: oracles already run on
 * threads of their own, and a thread per logger would cost more than formatting a few lines.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr
  const pretty = options.pretty ?? destination.isTTY === true
  const settings: pino.LoggerOptions = {
    level: options.level ?? DEFAULT_LOG_LEVEL,
    base: { pid: process.pid, ...options.bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.errWithCause },
  }
  if (!pretty) return pino(settings, destination)
  return pino(settings, pinoPretty({ destination, sync: true, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }))
}

/** A logger that writes nothing (the default of services started without one, e.g. in tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
