import type { LogLevel, Logger } from '@pinion/contracts/log'

type Level = Exclude<LogLevel, 'silent'>

/**
 * The level of each event the oracle reports (startOracle's `log` callback). Alerts — anything that
 * stops this oracle signing or paying, and needs an operator — are warn or above, so they show at
 * the default level; an epoch's progress is info (a few lines per epoch); sealing details are
 * debug. Events not listed are info.
 */
export const EVENT_LEVELS: Readonly<Record<string, Level>> = {
  error: 'error',
  'epochs halted': 'fatal',
  'follower halted': 'fatal',
  'epoch not recovered': 'error',
  'epoch not signed': 'warn',
  'root vetoed': 'warn',
  'epoch recovered': 'info',
  'epoch waiting': 'info',
  'epoch sealed': 'debug',
  'epoch computed': 'info',
  'root committed': 'info',
  'receipts settled': 'info',
  'kind settled': 'info',
  'slash proposed': 'info',
  'slash executed': 'info',
  'slash refused': 'warn',
  'oracle equivocated': 'warn',
  'economy waiting': 'debug',
  'url announced': 'info',
}

export function eventLevel(event: string): Level {
  return EVENT_LEVELS[event] ?? 'info'
}

/** The oracle's events as log lines: the event is the message, its fields the line's fields. */
export function logEvents(logger: Logger): (event: string, fields: Record<string, unknown>) => void {
  return (event, fields) => logger[eventLevel(event)](fields, event)
}
