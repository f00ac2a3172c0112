import type { Deployment } from '@pinion/contracts'
import type { LogLevel } from '@pinion/contracts/log'
import type { Address, Hex } from 'viem'
import type { EpochSchedule } from '../chain/schedule.ts'
import type { EconomyRules } from '../epoch/economyRules.ts'
import type { PoolSpec, ResidualPool } from '../epoch/types.ts'
import type { MqttIngestConfig } from '../ingest/mqttService.ts'
import type { PgliteMemory } from '../store/pgliteDb.ts'

/**
 * Everything an oracle needs, as plain data: what crosses into an oracle's own thread (structured
 * clone carries bigints, not functions, so kinds go by name and the signer by key).
 */
export type OracleSpec = {
  privateKey: Hex
  chain: { id: number; name: string; rpcUrl: string }
  deployment: Deployment
  schedule: EpochSchedule
  /** Kind name → its parameters from config. */
  kinds: Record<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** The network's economy rules (revenue share, slashing); absent: neither. */
  economy?: EconomyRules
  oracles: readonly { address: Address; url: string }[]
  databaseUrl?: string | undefined
  dataDir?: string | undefined
  /** PGlite's memory (SMALL_PGLITE_MEMORY on a devnet); PostgreSQL's defaults when absent. */
  pgliteMemory?: PgliteMemory
  port: number
  /** MQTT ingest beside HTTP (an embedded broker, or an external one); absent: HTTP only. */
  mqtt?: MqttIngestConfig
  lateReportMs: number
  confirmations?: number
  verifierThreads?: number
  perDeviceReports?: { capacity: number; refillPerSecond: number }
  /** Milliseconds between the epoch runner's ticks (default 1 s). */
  intervalMs?: number
  /** A clock the caller drives (createSharedClock's buffer); the system clock when absent. */
  clock?: SharedArrayBuffer
  /** Sealing timings (docs/oracle-consensus.md); the runner's defaults where absent. */
  consensus?: { sealMarginMs?: number; roundMs?: number; manifestWaitMs?: number; staggerMs?: number; peerTimeoutMs?: number }
  /**
   * The thread's logging (createLogger's options, as data): its requests and events are written to
   * stderr at `level`, pretty or as JSON lines. Absent: nothing is written, and events at info and
   * above still reach startOracleThread's callback.
   */
  log?: { level: LogLevel; pretty: boolean; bindings?: Record<string, unknown> }
  /** Events posted to startOracleThread's callback whatever `log.level` (a live view of committed epochs). */
  alwaysPost?: readonly string[]
}
