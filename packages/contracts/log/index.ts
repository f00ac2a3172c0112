// Entry point of @pinion/contracts/log: the logger, `--log-level`, request ids and progress of every
// Pinion process. It lives here because this is the lowest package that does I/O and the one every
// process may import under the dependency rules (DESIGN.md): the contract build itself, the oracle,
// the explorer's server, the CLI and the benchmarks.
export { type LogDestination, type Logger, type LoggerOptions, createLogger, silentLogger } from './createLogger.ts'
export { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel, LogLevelError, isLogLevel, levelEnabled, parseLogLevel } from './logLevel.ts'
export { type Progress, type ProgressOptions, createProgress } from './progress.ts'
export { REQUEST_ID_HEADER, returnRequestIds, requestIdFrom, serverLogOptions } from './requestLogging.ts'
