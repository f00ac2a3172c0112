import type { Hex } from 'viem'
import type { OracleErrorCode } from '../errors.ts'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import type { Ingest } from './createIngest.ts'
import { type MqttBrokerTls, startEmbeddedBroker } from './mqttBroker.ts'
import { connectExternalBroker } from './mqttClient.ts'
import { type MqttSide, serveMqttIngest } from './mqttIngest.ts'

/**
 * MQTT ingest beside HTTP (plain data, so it crosses into an oracle's thread):
 * - `listen`: an embedded broker in the oracle's process (devnet, one machine), where each device
 *   authenticates with its own key (username = device id, password = a signed token);
 * - `brokerUrl`: an external broker (Mosquitto) that authenticates devices and enforces their
 *   topics itself; the oracle subscribes to it with its own account.
 * TLS material is PEM text, never file names (pinion oracle reads the files).
 */
export type MqttIngestConfig =
  | { listen: { host?: string; port: number; tls?: MqttBrokerTls } }
  | { brokerUrl: string; username?: string; password?: string; protocolVersion?: 4 | 5; shareGroup?: string; tls?: MqttExternalTls }

/** The oracle's TLS as a client of an external broker (mqtts://): what the broker's certificate chains to, and the oracle's own certificate, if the broker asks for one. */
export type MqttExternalTls = { ca?: string; cert?: string; key?: string }

export type MqttIngestService = {
  /** The embedded broker's URL (mqtt://host:port), or the external broker's. */
  url: string
  /** Resolves once every message received so far has its ack published. */
  idle(): Promise<void>
  close(): Promise<void>
}

export type MqttServiceDeps = {
  ingest: Pick<Ingest, 'submit' | 'limits' | 'deviceLookup'>
  networkId: Hex
  oracle: string
  clock: () => number
  challengesOf?: ((epoch: bigint) => Promise<EpochChallenges>) | undefined
  onRequestRefused?: ((code: OracleErrorCode) => void) | undefined
  onError?: ((error: unknown) => void) | undefined
}

/** Starts MQTT ingest: the broker (embedded) or the connection to it (external), then the handler both share. */
export async function startMqttIngest(config: MqttIngestConfig, deps: MqttServiceDeps): Promise<MqttIngestService> {
  let side: MqttSide
  let url: string
  let close: () => Promise<void>
  let shareGroup: string | undefined
  if ('listen' in config) {
    const broker = await startEmbeddedBroker({
      networkId: deps.networkId,
      deviceLookup: deps.ingest.deviceLookup,
      clock: deps.clock,
      host: config.listen.host,
      port: config.listen.port,
      tls: config.listen.tls,
      onRefused: (code) => deps.onRequestRefused?.(code),
    })
    ;({ side, url } = broker)
    close = broker.close
  } else {
    const broker = await connectExternalBroker({
      url: config.brokerUrl,
      username: config.username,
      password: config.password,
      protocolVersion: config.protocolVersion,
      ...(config.tls === undefined ? {} : { connectOptions: { ...config.tls } }),
      onError: deps.onError,
    })
    side = broker.side
    url = config.brokerUrl
    close = broker.close
    shareGroup = config.shareGroup
  }
  try {
    const served = await serveMqttIngest(side, { ...deps, shareGroup })
    return {
      url,
      idle: served.idle,
      // Stop taking messages first, then let the ones taken get their acks.
      close: async () => {
        await close()
        await served.idle()
      },
    }
  } catch (error) {
    await close()
    throw error
  }
}
