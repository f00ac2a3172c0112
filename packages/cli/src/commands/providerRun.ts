import { join } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { type LogLevel, createLogger } from '@pinion/contracts/log'
import { createDeviceAgent, loadDeviceKey, openJobStore, startComputeProvider } from '@pinion/device'
import { networkIdOf } from '@pinion/protocol'
import { parseUnits } from 'viem'
import { providerLoop } from '../compute/provider/providerLoop.ts'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import { DEFAULT_DATA_DIR } from '../state.ts'
import type { ComputeFlags } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { logLevelOption } from './logLevelOption.ts'
import { parseListen } from './storageNodeFlags.ts'
import { wholeFlag } from './storageFileFlags.ts'

type ProviderRunFlags = ComputeFlags & { key: string; listen: string; capacity: number; priceFraction: number; minPrice: bigint; pollMs: number; logLevel: LogLevel }

/** Where a compute provider node listens by default. */
const DEFAULT_LISTEN = '127.0.0.1:8700'

const fraction = (value: string): number => {
  const parsed = Number(value)
  if (!/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(value) || parsed <= 0)
    throw new InvalidArgumentError(`--price-fraction is "${value}"; expected a number in (0, 1] with at most 4 decimals, such as 0.8`)
  return Math.round(parsed * 10_000)
}
const tokens = (value: string): bigint => {
  if (!/^\d+(\.\d{1,18})?$/.test(value)) throw new InvalidArgumentError(`--min-price is "${value}"; expected a number of tokens a second, such as 0.0001`)
  return parseUnits(value, 18)
}

export function providerCommand(summary: string): Command {
  const provider = new Command('provider').description(summary)
  provider.addCommand(
    withSignerOptions(
      new Command('run')
        .description(
          "run a compute provider: its node serves the jobs its leases' customers deliver and runs their tasks; every --poll-ms it bids on open orders (a fraction of each order's maximum, within --capacity), starts the leases it won, and sends the reports its leases owe this epoch (the job, commitments, reveals of counter-signed results, the module), signed with the device key; the owner's account (--account or PINION_KEY) bids and starts; runs until Ctrl-C",
        )
        .requiredOption('--key <file>', 'the device key file (`pinion device keygen`) of a device the account owns in the registry')
        .option('--listen <host:port>', 'the address and port the node serves on (port 0: any free port)', DEFAULT_LISTEN)
        .addOption(new Option('--capacity <n>', 'leases running plus bids open at once').argParser(wholeFlag('--capacity', 1_000)).default(1))
        .addOption(new Option('--price-fraction <x>', "what to ask, as a fraction of each order's maximum price").argParser(fraction).default(8_000, '0.8'))
        .addOption(new Option('--min-price <tokens>', 'the least to ask, in tokens a second').argParser(tokens).default(0n, '0'))
        .addOption(new Option('--poll-ms <ms>', 'how often to look at the market and report').argParser(wholeFlag('--poll-ms', 3_600_000)).default(5_000))
        .addOption(logLevelOption()),
    ).action(async (flags: ProviderRunFlags) => {
      const { host, port } = parseListen(flags.listen)
      const logger = createLogger({ level: flags.logLevel })
      const state = stateFrom(flags)
      const signer = connectSigner(state, flags.account)
      const key = await loadDeviceKey(flags.key)
      const dataDir = flags.dataDir ?? DEFAULT_DATA_DIR
      const store = openJobStore(join(dataDir, 'compute', 'provider', key.deviceId))
      const agent = await createDeviceAgent({
        key,
        networkId: networkIdOf(state.chainId, state.deployment.registry),
        oracleUrls: state.oracles.map((o) => o.url),
        kind: 'compute',
        outboxDir: join(dataDir, 'devices', key.deviceId),
        onError: (error) => logger.error({ err: error }, 'device error'),
      })
      agent.start()
      const loop = providerLoop({
        signer,
        deviceId: key.deviceId,
        store,
        agent,
        rule: { fractionBps: flags.priceFraction, minPricePerSecond: flags.minPrice },
        capacity: flags.capacity,
      })
      const node = await startComputeProvider({ store, deviceId: key.deviceId, leaseOf: loop.leaseOf, host, port, logger })
      console.log(`compute provider ${key.deviceId} serving ${node.url}`)
      let stopped = false
      let turn: Promise<void> = Promise.resolve()
      const runTurn = () => {
        turn = loop
          .tick()
          .then((t) => {
            for (const b of t.bids) logger.info({ orderId: b.orderId.toString(), pricePerSecond: b.pricePerSecond.toString() }, 'bid placed')
            for (const id of t.started) logger.info({ leaseId: id.toString() }, 'lease started')
            if (t.reported > 0) logger.info({ reports: t.reported, leases: t.running.map(String) }, 'reports sent')
          })
          .catch((error: unknown) => logger.error({ err: error }, 'provider turn failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(runTurn, flags.pollMs)
          })
      }
      let timer = setTimeout(runTurn, 0)
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          resolve()
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      stopped = true
      clearTimeout(timer)
      await turn
      await node.close()
      await agent.close()
      logger.info('compute provider stopped')
    }),
  )
  return provider
}
