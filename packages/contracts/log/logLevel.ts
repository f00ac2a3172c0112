import { PinionError } from '@pinion/protocol'

/** pino's levels, most verbose first, and `silent`, which logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const

export type LogLevel = (typeof LOG_LEVELS)[number]

/** The level every long-running command logs at unless `--log-level` says otherwise. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info'

/** Thrown when a `--log-level` value is not one of LOG_LEVELS (`PINION_ERR_LOG_LEVEL`, in the contracts SDK's error table). */
export class LogLevelError extends PinionError {
  override readonly name = 'LogLevelError'

  constructor(value: string) {
    super('PINION_ERR_LOG_LEVEL', `--log-level "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not a log level; expected one of ${LOG_LEVELS.join(', ')}`)
  }
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value)
}

/** A `--log-level` value as a level (case as typed: pino's names are lower case), or LogLevelError. */
export function parseLogLevel(value: string): LogLevel {
  if (!isLogLevel(value)) throw new LogLevelError(value)
  return value
}

/** Whether a record at `level` is written by a logger whose threshold is `threshold` (pino's order). */
export function levelEnabled(level: Exclude<LogLevel, 'silent'>, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold)
}
