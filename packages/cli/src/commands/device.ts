import { join } from 'node:path'
import { Command } from 'commander'
import { chainFor, devnetAccounts } from '@pinion/contracts'
import { type LogLevel, createLogger } from '@pinion/contracts/log'
import { createDeviceAgent, createDeviceKeyFile, loadDeviceKey, registerFleet } from '@pinion/device'
import { encodeHeartbeat, uptime } from '@pinion/kinds/uptime'
import { networkIdOf, parseKeyType } from '@pinion/protocol'
import { type Address, createWalletClient, http, isAddress } from 'viem'
import { loadConfig } from '../config/loadConfig.ts'
import { DEFAULT_DATA_DIR, type NetworkState, readState } from '../state.ts'
import { logLevelOption } from './logLevelOption.ts'
import { output } from './output.ts'

const chainOf = (state: NetworkState) => chainFor(state.chainId, state.name, state.rpcUrl)

export function deviceCommand(): Command {
  const device = new Command('device').description('make device keys, register devices, run a device')

  device
    .command('keygen')
    .description('create a device key file (mode 0600)')
    .option('--type <type>', 'ed25519 or p256', 'ed25519')
    .option('--out <file>', 'where to write the key file', 'device-key.json')
    .option('--json', 'machine-readable output')
    .action(async (options: { type: string; out: string; json?: boolean }) => {
      const key = await createDeviceKeyFile(options.out, parseKeyType(options.type))
      output(Boolean(options.json), { file: options.out, type: key.type, publicKey: key.publicKey, deviceId: key.deviceId }, () =>
        [`wrote ${options.out}`, `  type       ${key.type}`, `  public key ${key.publicKey}`, `  device id  ${key.deviceId}`].join('\n'),
      )
    })

  device
    .command('register')
    .description("register a device key on the running devnet, vouched for by the devnet's maker")
    .requiredOption('--key <file>', 'the device key file')
    .option('--owner <address>', "the operator receiving the device token (default: the devnet's first operator)")
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .action(async (flags: { key: string; owner?: string; dataDir: string; json?: boolean }) => {
      const state = readState(flags.dataDir)
      const key = await loadDeviceKey(flags.key)
      const accounts = devnetAccounts(6)
      const maker = accounts[4]!
      const owner = (flags.owner ?? accounts[5]!.address) as Address
      if (!isAddress(owner)) throw new Error(`--owner "${owner}" is not an address`)
      const [registered] = await registerFleet({
        walletClient: createWalletClient({ account: maker, chain: chainOf(state), transport: http(state.rpcUrl) }),
        registry: state.deployment.registry,
        chainId: state.chainId,
        devices: [{ key, owner }],
        maker,
        deviceClass: state.deviceClass,
      })
      output(Boolean(flags.json), registered, () => `device ${registered!.deviceId} ${registered!.status} for ${registered!.owner}`)
    })

  device
    .command('run')
    .description('run a device: sign an uptime heartbeat every sub-interval and send it to every oracle (Ctrl-C stops)')
    .requiredOption('--key <file>', 'the device key file')
    .option('--config <file>', 'network config (default ./pinion.config.ts)')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state; the outbox lives under it', DEFAULT_DATA_DIR)
    .addOption(logLevelOption())
    .action(async (flags: { key: string; config?: string; dataDir: string; logLevel: LogLevel }) => {
      const logger = createLogger({ level: flags.logLevel })
      const state = readState(flags.dataDir)
      const { config } = await loadConfig(flags.config)
      const key = await loadDeviceKey(flags.key)
      const params = uptime.parseParams(config.kinds.uptime)
      const agent = await createDeviceAgent({
        key,
        networkId: networkIdOf(state.chainId, state.deployment.registry),
        oracleUrls: state.oracles.map((o) => o.url),
        kind: uptime,
        outboxDir: join(flags.dataDir, 'devices', key.deviceId),
        flushIntervalMs: 1_000,
        // A device reports every sub-interval: an accepted heartbeat is routine (info); one an oracle
        // refused is worth a look (warn: the code says why, e.g. a clock out of the acceptance window).
        onFlush: (result) => {
          for (const r of result.results) {
            const fields = { sequence: r.sequence.toString(), oracle: r.oracle, status: r.status, ...(r.code ? { code: r.code } : {}) }
            if (r.status === 'accepted') logger.info(fields, 'heartbeat delivered')
            else logger.warn(fields, 'heartbeat refused')
          }
        },
      })
      agent.start()
      const startedAt = Date.now()
      const beat = async () => {
        const uptimeSeconds = BigInt(Math.floor((Date.now() - startedAt) / 1000))
        await agent.report('heartbeat', encodeHeartbeat({ uptimeSeconds, firmwareVersion: 'pinion-cli' }))
      }
      await beat()
      const timer = setInterval(() => void beat().catch((error: unknown) => logger.error({ err: error }, 'heartbeat not recorded')), Number(params.subIntervalMs))
      logger.info({ deviceId: key.deviceId, everyMs: Number(params.subIntervalMs), oracles: state.oracles.length }, 'device reporting; Ctrl-C stops')
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      clearInterval(timer)
      await agent.close()
    })

  return device
}
