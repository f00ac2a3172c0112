import type { Command } from 'commander'
import type { OracleRole } from '@pinion/oracle'
import { PinionError } from '@pinion/protocol'

/** `pinion oracle`'s JetStream flags (docs/production.md), as commander parses them. */
export type OracleNatsFlags = { nats?: string; role: string; stream: string; partitions: string; replicas: string; duplicateWindowMs: string }

const ROLES: readonly OracleRole[] = ['ingest', 'writer', 'epoch', 'all']

/** Adds the JetStream flags to `pinion oracle`. */
export function withNatsOptions(command: Command): Command {
  return command
    .option('--nats <url>', 'run as part of an oracle across machines on NATS JetStream (docs/production.md); needs DATABASE_URL')
    .option('--role <role>', 'with --nats: what this process runs, ingest | writer | epoch | all', 'all')
    .option('--stream <name>', 'with --nats: the JetStream stream (subjects pinion.<stream>.reports.<shard>)', 'PINION_REPORTS')
    .option('--partitions <n>', 'with --nats: shards of the stream, one writer each (fixed for the life of the stream)', '4')
    .option('--replicas <n>', 'with --nats: copies JetStream keeps (3 on a cluster of three)', '1')
    .option('--duplicate-window-ms <ms>', 'with --nats: how long JetStream drops a report it already holds', '120000')
}

/** The startOracle `nats` option the flags ask for; undefined without --nats. */
export function natsOfFlags(flags: OracleNatsFlags) {
  if (flags.nats === undefined) return undefined
  if (!ROLES.includes(flags.role as OracleRole)) throw new PinionError('PINION_ERR_NATS_FLAGS', `--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(flags.role)}`)
  const whole = (name: string, value: string, least: number) => {
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < least) throw new PinionError('PINION_ERR_NATS_FLAGS', `--${name} must be a whole number from ${least}, got ${JSON.stringify(value)}`)
    return parsed
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(flags.stream))
    throw new PinionError('PINION_ERR_NATS_FLAGS', `--stream must be 1 to 64 letters, digits, _ or -, got ${JSON.stringify(flags.stream)}`)
  return {
    role: flags.role as OracleRole,
    stream: {
      url: flags.nats,
      stream: flags.stream,
      subjectPrefix: `pinion.${flags.stream.toLowerCase()}`,
      partitions: whole('partitions', flags.partitions, 1),
      replicas: whole('replicas', flags.replicas, 1),
      duplicateWindowMs: whole('duplicate-window-ms', flags.duplicateWindowMs, 1_000),
      maxAgeMs: 7 * 24 * 3_600_000,
      publishTimeoutMs: 5_000,
    },
  }
}
