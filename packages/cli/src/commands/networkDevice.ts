import { join } from 'node:path'
import { chainFor, deviceRegistryAbi } from '@pinion/contracts'
import type { Logger } from '@pinion/contracts/log'
import { type DeviceKeyFile, HONEST_BEHAVIOUR, type MqttClientTls } from '@pinion/device'
import type { Kind } from '@pinion/kinds'
import { entropyBefore } from '@pinion/oracle'
import { networkIdOf } from '@pinion/protocol'
import { type Hex, type PublicClient, createPublicClient, http } from 'viem'
import { loadConfig } from '../config/loadConfig.ts'
import { networkKind } from '../config/networkKind.ts'
import { type NetworkState, readState } from '../state.ts'
import { type LiveFleet, startLiveFleet } from '../up/liveFleet.ts'

export type NetworkDeviceOptions = {
  key: DeviceKeyFile
  /** The kind (default: the network's first). */
  kind?: string | undefined
  /** The network's config (default ./pinion.config.ts). */
  config?: string | undefined
  /** Where `pinion up` keeps its state; the device's outbox lives under it. */
  dataDir: string
  logger: Logger
  mqtt?: readonly string[] | undefined
  mqttTls?: MqttClientTls | undefined
}

/**
 * One device of a running network, reporting as its kind's honest simulator makes it report (and
 * answering the challenges the oracle serves it), signed with its key and sent to every oracle: what
 * `pinion device run` runs, and `pinion storage node --prove` beside its node.
 */
export async function startNetworkDevice(options: NetworkDeviceOptions): Promise<{ device: LiveFleet; kind: Kind; state: NetworkState }> {
  const { key, logger } = options
  const state = readState(options.dataDir)
  const { config } = await loadConfig(options.config)
  const kind = networkKind(config, options.kind)
  const client = createPublicClient({ chain: chainFor(state.chainId, state.name, state.rpcUrl), transport: http(state.rpcUrl) })
  // A kind whose devices have a place simulates the device where the registry says it is.
  const place = kind.placeFleet === undefined ? {} : await registeredPlace(client, state, key.deviceId)
  const device = await startLiveFleet({
    kinds: [{ kind, params: kind.parseParams(config.kinds[kind.name]), devices: [{ key, behaviour: HONEST_BEHAVIOUR, ...place }] }],
    networkId: networkIdOf(state.chainId, state.deployment.registry),
    oracleUrls: state.oracles.map((o) => o.url),
    ...(options.mqtt === undefined ? {} : { mqttUrls: options.mqtt }),
    ...(options.mqttTls === undefined ? {} : { mqttTls: options.mqttTls }),
    schedule: { genesisTime: BigInt(state.schedule.genesisTime), epochDuration: BigInt(state.schedule.epochDuration) },
    entropyOf: (startMs) => entropyBefore(client, startMs),
    outboxRoot: join(options.dataDir, 'devices'),
    seed: config.fleet.seed,
    // From now on: a device reports for the time it runs, never for the part of the epoch before.
    notBeforeMs: Date.now(),
    onError: (error) => logger.error({ err: error }, 'device error'),
    // An accepted report is routine (info); one an oracle refused is worth a look (warn: the code
    // says why, e.g. a clock out of the acceptance window).
    onFlush: (_deviceId, result) => {
      for (const r of result.results) {
        const fields = { sequence: r.sequence.toString(), oracle: r.oracle, status: r.status, ...(r.code ? { code: r.code } : {}) }
        if (r.status === 'accepted') logger.info(fields, 'report delivered')
        else logger.warn(fields, 'report refused')
      }
    },
  })
  return { device, kind, state }
}

/** Where the registry says a device is (its last asserted cell and antenna gain), for kinds with places. */
async function registeredPlace(client: PublicClient, state: NetworkState, deviceId: Hex): Promise<{ location: bigint | null; antennaGain: number }> {
  const record = await client.readContract({ address: state.deployment.registry, abi: deviceRegistryAbi, functionName: 'deviceOf', args: [BigInt(deviceId)] })
  return { location: record.location === 0n ? null : record.location, antennaGain: record.antennaGain }
}
