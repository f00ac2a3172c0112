import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { chainFor, devnetAccounts } from '@pinion/contracts'
import { type LogLevel, createLogger } from '@pinion/contracts/log'
import { createDeviceKeyFile, loadDeviceKey, registerFleet } from '@pinion/device'
import { parseKeyType } from '@pinion/protocol'
import { type Address, createWalletClient, http, isAddress } from 'viem'
import { DEFAULT_DATA_DIR, type NetworkState, readState } from '../state.ts'
import { type DeviceMqttFlags, deviceCertificateRequest, mqttTlsOfFlags } from './deviceMqtt.ts'
import { logLevelOption } from './logLevelOption.ts'
import { startNetworkDevice } from './networkDevice.ts'
import { output } from './output.ts'

const chainOf = (state: NetworkState) => chainFor(state.chainId, state.name, state.rpcUrl)

/**
 * A new key in `<dataDir>/keys/`, named after its device id: a folder made owner-only, with a
 * .gitignore of its own so that no checkout commits a key, wherever the data directory is.
 */
async function keyInKeyFolder(dataDir: string, type: ReturnType<typeof parseKeyType>) {
  const folder = join(dataDir, 'keys')
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const ignore = join(folder, '.gitignore')
  if (!existsSync(ignore)) writeFileSync(ignore, '# Device keys: never commit them.\n*\n')
  // The id is known once the key exists: write under a name no one else uses, then name it.
  const pending = join(folder, `.new-${process.pid}-${randomUUID()}.json`)
  const key = await createDeviceKeyFile(pending, type)
  const file = join(folder, `${key.deviceId}.json`)
  renameSync(pending, file)
  return { key, file }
}

export function deviceCommand(): Command {
  const device = new Command('device').description('make device keys, register devices, run a device')

  device
    .command('keygen')
    .description('create a device key file (mode 0600)')
    .option('--type <type>', 'ed25519 or p256', 'ed25519')
    .option('--out <file>', 'where to write the key file (default: <data dir>/keys/<device id>.json, a folder git ignores)')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state, and keys by default', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .action(async (options: { type: string; out?: string; dataDir: string; json?: boolean }) => {
      const type = parseKeyType(options.type)
      const { key, file } = options.out === undefined ? await keyInKeyFolder(options.dataDir, type) : { key: await createDeviceKeyFile(options.out, type), file: options.out }
      output(Boolean(options.json), { file, type: key.type, publicKey: key.publicKey, deviceId: key.deviceId }, () =>
        [`wrote ${file}`, `  type       ${key.type}`, `  public key ${key.publicKey}`, `  device id  ${key.deviceId}`].join('\n'),
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
    .command('csr')
    .description(
      "a certificate signing request (PEM) for the device's MQTT client certificate: of its device key, CN = its id without 0x, for the network's device CA to sign (README: Devices over MQTT); needs openssl",
    )
    .requiredOption('--key <file>', 'the device key file')
    .option('--out <file>', 'where to write it (default: stdout)')
    .action(async (flags: { key: string; out?: string }) => {
      const csr = deviceCertificateRequest(await loadDeviceKey(flags.key))
      if (flags.out === undefined) console.log(csr.trimEnd())
      else writeFileSync(flags.out, csr)
    })

  device
    .command('run')
    .description(
      "run a device of one of the network's kinds: each epoch, the reports its kind's simulator makes for an honest device (an uptime heartbeat every sub-interval, a wireless hotspot's beacons), signed and sent to every oracle (Ctrl-C stops)",
    )
    .requiredOption('--key <file>', 'the device key file')
    .option('--kind <name>', "the kind of device (default: the network's first kind)")
    .option('--config <file>', 'network config (default ./pinion.config.ts)')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state; the outbox lives under it', DEFAULT_DATA_DIR)
    .option(
      '--mqtt <url...>',
      "report (and ask for challenges) over MQTT through these brokers, one per oracle in the network's order (`pinion up --transport mqtt` prints them), instead of the oracles' HTTP URLs; the device logs in as its id with a token its key signs, or with --cert",
    )
    .option('--cert <file>', "with --mqtt mqtts://…: the device's client certificate (PEM, of its device key, CN = its id without 0x), instead of a token")
    .option('--ca <file>', "with --mqtt mqtts://…: the CA (PEM) the brokers' certificates chain to (default: the system's)")
    .option('--tls-key <file>', "with --cert: the certificate's private key (PEM), when it is not the device key (an external broker's own certificates)")
    .addOption(logLevelOption())
    .action(async (flags: { key: string; kind?: string; config?: string; dataDir: string; logLevel: LogLevel } & DeviceMqttFlags) => {
      const logger = createLogger({ level: flags.logLevel })
      const mqttTls = mqttTlsOfFlags(flags)
      const key = await loadDeviceKey(flags.key)
      const { device, kind, state } = await startNetworkDevice({ key, kind: flags.kind, config: flags.config, dataDir: flags.dataDir, logger, mqtt: flags.mqtt, mqttTls })
      logger.info(
        {
          deviceId: key.deviceId,
          kind: kind.name,
          firstEpoch: device.firstEpoch.toString(),
          oracles: state.oracles.length,
          ...(flags.mqtt === undefined ? {} : { mqtt: flags.mqtt, login: mqttTls?.cert === undefined ? 'token' : 'certificate' }),
        },
        'device reporting; Ctrl-C stops',
      )
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await device.stop()
    })

  return device
}
