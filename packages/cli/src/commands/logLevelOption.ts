import { DEFAULT_LOG_LEVEL, LOG_LEVELS, parseLogLevel } from '@pinion/contracts/log'
import { Option } from 'commander'

/**
 * `--log-level` of every long-running command. A value that is not a level fails the command with
 * PINION_ERR_LOG_LEVEL (LogLevelError) before anything starts: `pinion: --log-level "loud" is not a
 * log level; expected one of … [PINION_ERR_LOG_LEVEL]`.
 */
export function logLevelOption(): Option {
  return new Option('--log-level <level>', `log lines at this level and above, to stderr (pretty in a terminal, JSON lines otherwise): ${LOG_LEVELS.join(', ')}`)
    .default(DEFAULT_LOG_LEVEL)
    .argParser(parseLogLevel)
}
