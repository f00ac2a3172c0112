import { economyRules } from '../up/economy.ts'
import { Command } from 'commander'
import { chainFor } from '@pinion/contracts'
import { type LogLevel, createLogger } from '@pinion/contracts/log'
import { kinds as allKinds } from '@pinion/kinds'
import { startOracle } from '@pinion/oracle'
import { privateKeyToAccount } from 'viem/accounts'
import { loadConfig } from '../config/loadConfig.ts'
import { readState } from '../state.ts'
import { keyFromEnv } from './deploy.ts'
import { logLevelOption } from './logLevelOption.ts'
import { type OracleMqttFlags, mqttIngestOfFlags, withMqttOptions } from './oracleMqtt.ts'
import { type OracleNatsFlags, natsOfFlags, withNatsOptions } from './oracleNats.ts'

export function oracleCommand(): Command {
  return withNatsOptions(withMqttOptions(new Command('oracle')))
    .description('run one oracle of a deployed network (signer key in PINION_ORACLE_KEY, store in DATABASE_URL or PGlite)')
    .option('--network <file>', 'the network description `pinion deploy` wrote', 'network.json')
    .option('--config <file>', 'network config (default ./pinion.config.ts)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--data-dir <dir>', 'PGlite directory when DATABASE_URL is not set', '.pinion/oracle')
    .option('--confirmations <n>', 'blocks a registry event must be buried under', '3')
    .addOption(logLevelOption())
    .action(
      async (
        flags: { network: string; config?: string; host: string; port: string; dataDir: string; confirmations: string; logLevel: LogLevel } & OracleMqttFlags & OracleNatsFlags,
      ) => {
        // Logs (events, requests, errors with stack and cause) go to stderr; see EVENT_LEVELS for each event's level.
        const logger = createLogger({ level: flags.logLevel })
        // Before anything starts: MQTT flags that do not fit together stop here.
        const mqtt = mqttIngestOfFlags(flags)
        const nats = natsOfFlags(flags)
        const { config } = await loadConfig(flags.config)
        const state = readState(flags.network, true)
        const account = privateKeyToAccount(keyFromEnv('PINION_ORACLE_KEY'))
        const oracle = await startOracle({
          account,
          chain: chainFor(state.chainId, state.name, state.rpcUrl),
          rpcUrl: state.rpcUrl,
          deployment: state.deployment,
          schedule: { genesisTime: BigInt(state.schedule.genesisTime), epochDuration: BigInt(state.schedule.epochDuration) },
          kinds: new Map(Object.keys(config.kinds).map((name) => [name, allKinds.get(name)!])),
          kindParams: new Map(Object.entries(config.kinds)),
          pools: Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
          residual: { name: config.residualPool, recipient: state.treasury },
          economy: economyRules(config),
          oracles: state.oracles,
          databaseUrl: process.env.DATABASE_URL,
          dataDir: flags.dataDir,
          host: flags.host,
          port: Number(flags.port),
          lateReportMs: config.epochs.lateReportMs,
          confirmations: Number(flags.confirmations),
          logger,
          ...(mqtt === undefined ? {} : { mqtt }),
          ...(nats === undefined ? {} : { nats }),
        })
        logger.info(
          {
            url: oracle.url,
            signer: oracle.address,
            database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
            ...(oracle.mqttUrl === undefined ? {} : { mqtt: oracle.mqttUrl }),
          },
          'oracle started',
        )
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve)
          process.once('SIGTERM', resolve)
        })
        logger.info('stopping')
        await oracle.stop()
        logger.info('oracle stopped')
      },
    )
}
