import { randomBytes } from 'node:crypto'
import { type IClientOptions, type MqttClient, connectAsync } from 'mqtt'
import type { MqttSide } from './mqttIngest.ts'

export type ExternalBrokerOptions = {
  /** mqtt://, mqtts://, ws:// or wss:// */
  url: string
  /** The oracle's own account on the broker (its ACL lets it read every device's reports and write every ack). */
  username?: string | undefined
  password?: string | undefined
  /** 4 (MQTT 3.1.1) or 5 (the default: Mosquitto speaks it). */
  protocolVersion?: 4 | 5 | undefined
  /** Extra mqtt.js options (TLS material…). */
  connectOptions?: IClientOptions | undefined
  onError?: ((error: unknown) => void) | undefined
}

export type ExternalBroker = { side: MqttSide; close(): Promise<void> }

/**
 * The oracle as a client of a broker it does not run (Mosquitto in production): the broker
 * authenticates devices and enforces their topics (README: MQTT), the oracle subscribes to every
 * device's reports and challenge requests and publishes their acks, through the same code as the
 * embedded broker (serveMqttIngest). mqtt.js reconnects by itself and resubscribes; a batch
 * published while the oracle was away gets no ack, so its device sends it again.
 */
export async function connectExternalBroker(options: ExternalBrokerOptions): Promise<ExternalBroker> {
  const handlers: { filter: string; onMessage: (topic: string, payload: Uint8Array) => void }[] = []
  const client: MqttClient = await connectAsync(
    options.url,
    {
      ...options.connectOptions,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      clientId: options.connectOptions?.clientId ?? `pinion-oracle-${randomBytes(6).toString('hex')}`,
      protocolVersion: options.protocolVersion ?? 5,
      reconnectPeriod: options.connectOptions?.reconnectPeriod ?? 1_000,
    },
    false,
  )
  client.on('error', (error) => options.onError?.(error))
  client.on('message', (topic, payload) => {
    for (const handler of handlers) if (matches(handler.filter, topic)) handler.onMessage(topic, payload)
  })
  const side: MqttSide = {
    async subscribe(filter, onMessage) {
      handlers.push({ filter, onMessage })
      const granted = await client.subscribeAsync(filter, { qos: 1 })
      if (granted.some((grant) => grant.qos === 128)) throw new Error(`the broker at ${options.url} refused the oracle's subscription to ${filter}`)
    },
    async publish(topic, payload) {
      await client.publishAsync(topic, Buffer.from(payload), { qos: 1, retain: false })
    },
  }
  return { side, close: () => client.endAsync() }
}

/** Whether `topic` matches an MQTT filter (`+` one level, `#` the rest); `$share/<group>/` is not part of the match. */
function matches(filter: string, topic: string): boolean {
  const levels = filter.replace(/^\$share\/[^/]+\//, '').split('/')
  const parts = topic.split('/')
  for (let i = 0; i < levels.length; i++) {
    if (levels[i] === '#') return true
    if (i >= parts.length || (levels[i] !== '+' && levels[i] !== parts[i])) return false
  }
  return levels.length === parts.length
}
