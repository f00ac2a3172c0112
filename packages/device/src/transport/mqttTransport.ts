import { randomBytes } from 'node:crypto'
import { type Challenge, type ChallengeJson, challengeFromJson } from '@pinion/kinds'
import { type DeviceKey, deviceIdOf } from '@pinion/protocol'
import { type IClientOptions, type MqttClient, connectAsync } from 'mqtt'
import type { Hex } from 'viem'
import { DeviceError } from '../errors.ts'
import { deviceKeyPem } from '../keys/deviceKeyPem.ts'
import type { ChallengesOutcome } from './challengeClient.ts'
import { type BatchOutcome, encodeReportBatch, readError, readResults, refusalOutcome } from './ingestClient.ts'
import { DEFAULT_MQTT_TOKEN_LIFETIME_MS, MAX_MQTT_TOKEN_LIFETIME_MS, type MqttDeviceTopics, batchIdOf, mqttTopicsOf, signMqttToken } from './mqttProtocol.ts'
import type { ReportTransport } from './transport.ts'

export type MqttTransportOptions = {
  /** The device's key: it signs the connect token (and the reports, as always, in the agent). */
  key: DeviceKey
  networkId: Hex
  /**
   * The MQTT password, from the clock's now: by default a token the device key signs
   * (signMqttToken), valid for `tokenLifetimeMs`. A broker with its own per-device credentials
   * (Mosquitto's password file, dynamic security) takes those instead.
   */
  password?: (nowMs: number) => string
  /** How long each connect token is valid; default 5 minutes, at most 10 (the oracle refuses longer). */
  tokenLifetimeMs?: number
  /** The clock the token's expiry is counted from (unix ms); default Date.now. */
  now?: () => number
  /** 4 (MQTT 3.1.1, the default: every broker speaks it) or 5. */
  protocolVersion?: 4 | 5
  /**
   * A client certificate for mqtts:// (PEM): the broker then knows the device by its certificate and
   * no token is sent. The certificate must certify this device's own key (CN = the device id), so
   * its TLS key is the device key unless `key` says otherwise; `ca` is what the broker's certificate
   * must chain to (default: Node's trusted roots).
   */
  tls?: MqttClientTls
  /** Extra mqtt.js options (keepalive, TLS settings beyond `tls`…). */
  connectOptions?: Omit<IClientOptions, 'username' | 'password' | 'clientId' | 'protocolVersion' | 'reconnectPeriod'>
}

/** TLS material of a device, PEM (contents, not file names). */
export type MqttClientTls = { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer }

type Waiter = { resolve: (ack: Record<string, unknown>) => void }

/** One broker's connection and what is waiting on it. */
type Connection = { client: MqttClient; acks: Map<Hex, Waiter[]>; challenges: Map<string, Waiter[]> }

/**
 * Reports over MQTT: each oracle address is a broker URL (mqtt://, mqtts://, ws://, wss://). Per
 * broker, one connection, opened when first needed with the device id as username and a fresh
 * token as password (or, with `tls.cert`, its client certificate and no token), and opened again
 * (with a new token) after it drops. A batch is published once
 * (QoS 1) on the device's reports topic as a ReportBatch, and its outcome is the ack the oracle
 * publishes on the device's ack topic once the batch's verdicts are final: the same per-report
 * results, or the same error code and status, as HTTP. No ack within the time limit, a refused or
 * lost connection: retried by the agent's backoff, with the same bytes. The outbox only lets go of a
 * report on its ack.
 */
export function mqttTransport(options: MqttTransportOptions): ReportTransport {
  const deviceId = deviceIdOf(options.key.publicKey)
  const topics: MqttDeviceTopics = mqttTopicsOf(options.networkId, deviceId)
  const lifetime = options.tokenLifetimeMs ?? DEFAULT_MQTT_TOKEN_LIFETIME_MS
  if (!Number.isInteger(lifetime) || lifetime < 1_000 || lifetime > MAX_MQTT_TOKEN_LIFETIME_MS) {
    throw new DeviceError('PINION_ERR_AGENT_CONFIG', `tokenLifetimeMs must be from 1000 to ${MAX_MQTT_TOKEN_LIFETIME_MS}, got ${lifetime}`)
  }
  const now = options.now ?? Date.now
  const password = options.password ?? ((nowMs: number) => signMqttToken(options.key, options.networkId, nowMs + lifetime))
  const tls = tlsOptions(options)
  // Per broker: the connection (being) opened, and its client once connected.
  const connections = new Map<string, { promise: Promise<Connection>; client?: MqttClient }>()

  const open = async (broker: string, timeoutMs: number): Promise<Connection> => {
    const client = await connectAsync(
      broker,
      {
        ...options.connectOptions,
        ...tls,
        username: deviceId,
        // A certificate is the credential: no token beside it.
        ...(tls.cert === undefined ? { password: password(now()) } : {}),
        clientId: `pinion-${deviceId.slice(2, 18)}-${randomBytes(4).toString('hex')}`,
        protocolVersion: options.protocolVersion ?? 4,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: timeoutMs,
      },
      false,
    )
    const connection: Connection = { client, acks: new Map(), challenges: new Map() }
    client.on('message', (topic, payload) => {
      const json = parseObject(payload)
      if (json === undefined) return
      const key = topic === topics.acks ? json.batch : topic === topics.challenges ? json.epoch : undefined
      const waiting = topic === topics.acks ? connection.acks : connection.challenges
      if (typeof key !== 'string') return
      for (const waiter of waiting.get(key as Hex) ?? []) waiter.resolve(json)
      waiting.delete(key as Hex)
    })
    // A dropped connection is forgotten: the next batch connects again, with a new token.
    const entry = connections.get(broker)
    if (entry !== undefined) entry.client = client
    client.on('close', () => {
      if (connections.get(broker)?.client === client) connections.delete(broker)
    })
    client.on('error', () => undefined)
    // mqtt.js rejects a SUBACK that refuses a topic (0x80): a broker that does not let this device read its acks.
    const granted = await client.subscribeAsync({ [topics.acks]: { qos: 1 }, [topics.challenges]: { qos: 1 } }).catch(() => undefined)
    if (granted === undefined || granted.some((grant) => grant.qos === 128)) {
      await client.endAsync(true)
      throw new DeviceError('PINION_ERR_MQTT_REFUSED', `${broker} refused the subscription to ${topics.acks} or ${topics.challenges}`)
    }
    return connection
  }

  const connection = (broker: string, timeoutMs: number): Promise<Connection> => {
    const found = connections.get(broker)
    if (found !== undefined) return found.promise
    // In the map before open() runs: open() names the client on this entry once it has connected.
    const entry = {} as { promise: Promise<Connection>; client?: MqttClient }
    connections.set(broker, entry)
    entry.promise = open(broker, timeoutMs)
    entry.promise.catch(() => {
      if (connections.get(broker) === entry) connections.delete(broker)
    })
    return entry.promise
  }

  /** Publishes `payload` on `topic` and waits for the answer keyed `key` (or the time limit, or the signal). */
  const exchange = async (
    broker: string,
    pick: (c: Connection) => Map<string, Waiter[]>,
    key: string,
    topic: string,
    payload: Buffer,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown> | undefined> => {
    const c = await connection(broker, timeoutMs)
    const waiting = pick(c)
    let waiter: Waiter | undefined
    const answered = new Promise<Record<string, unknown>>((resolve) => {
      waiter = { resolve }
      waiting.set(key, [...(waiting.get(key) ?? []), waiter])
    })
    const limit = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal === undefined ? [] : [signal])])
    const stopped = new Promise<undefined>((resolve) => {
      if (limit.aborted) resolve(undefined)
      limit.addEventListener('abort', () => resolve(undefined), { once: true })
    })
    try {
      await Promise.race([c.client.publishAsync(topic, payload, { qos: 1 }), stopped])
      return await Promise.race([answered, stopped])
    } finally {
      const left = (waiting.get(key) ?? []).filter((w) => w !== waiter)
      if (left.length === 0) waiting.delete(key)
      else waiting.set(key, left)
    }
  }

  return {
    schemes: ['mqtt:', 'mqtts:', 'ws:', 'wss:'],

    async sendBatch(broker, reports, sendOptions): Promise<BatchOutcome> {
      const payload = Buffer.from(encodeReportBatch(reports))
      const batch = batchIdOf(payload)
      let ack: Record<string, unknown> | undefined
      try {
        ack = await exchange(broker, (c) => c.acks, batch, topics.reports, payload, sendOptions.timeoutMs, sendOptions.signal)
      } catch (cause) {
        return { type: 'retry', code: codeOf(cause), message: `MQTT ${broker} failed: ${describe(cause)}` }
      }
      if (ack === undefined) return { type: 'retry', code: 'PINION_ERR_ORACLE_UNREACHABLE', message: `${broker} sent no ack for batch ${batch} within ${sendOptions.timeoutMs} ms` }
      if (Array.isArray(ack.results)) {
        const results = readResults(ack, reports.length)
        if (results !== undefined) return { type: 'results', results }
        return { type: 'retry', code: 'PINION_ERR_ORACLE_RESPONSE', message: `${broker} acked batch ${batch} without a result for each of ${reports.length} reports` }
      }
      const status = typeof ack.status === 'number' ? ack.status : 0
      const retryAfterMs = typeof ack.retryAfterMs === 'number' ? ack.retryAfterMs : undefined
      if (status === 0) return { type: 'retry', code: 'PINION_ERR_ORACLE_RESPONSE', message: `${broker} acked batch ${batch} with neither results nor a status` }
      return refusalOutcome(broker, status, readError(ack), retryAfterMs)
    },

    async fetchChallenges(broker, query, fetchOptions = {}): Promise<ChallengesOutcome> {
      const waitMs = query.waitMs ?? 0
      const epoch = query.epoch.toString()
      let answer: Record<string, unknown> | undefined
      try {
        const request = Buffer.from(JSON.stringify({ epoch, waitMs }))
        answer = await exchange(broker, (c) => c.challenges, epoch, topics.challengeRequests, request, waitMs + 10_000, fetchOptions.signal)
      } catch (cause) {
        throw new DeviceError('PINION_ERR_CHALLENGES', `asking ${broker} for epoch ${epoch}'s challenges failed: ${describe(cause)}`, { cause })
      }
      if (answer === undefined) throw new DeviceError('PINION_ERR_CHALLENGES', `${broker} did not answer for epoch ${epoch}'s challenges`)
      if (answer.code === 'PINION_ERR_EPOCH_NOT_STARTED') return { type: 'not-started' }
      if (!Array.isArray(answer.challenges)) {
        throw new DeviceError('PINION_ERR_CHALLENGES', `${broker} answered for epoch ${epoch}'s challenges with ${String(answer.code)}: ${String(answer.message)}`)
      }
      const challenges = (answer.challenges as ChallengeJson[]).map((json): Challenge => {
        const challenge = challengeFromJson(json)
        if (challenge.deviceId !== deviceId || challenge.epoch !== query.epoch || query.deviceId.toLowerCase() !== deviceId) {
          throw new DeviceError('PINION_ERR_CHALLENGES', `${broker} served challenge ${challenge.challengeId} of device ${challenge.deviceId}, epoch ${challenge.epoch}`)
        }
        return challenge
      })
      return { type: 'issued', challenges }
    },

    async close() {
      const entries = [...connections.values()]
      connections.clear()
      await Promise.all(entries.map((entry) => entry.promise.then((c) => c.client.endAsync(true)).catch(() => undefined)))
    },
  }
}

/** mqtt.js's TLS options from `tls`: a certificate's key is the device key unless another is given. */
function tlsOptions(options: MqttTransportOptions): Pick<IClientOptions, 'cert' | 'key' | 'ca'> {
  const tls = options.tls
  if (tls === undefined) return {}
  if (tls.cert === undefined && tls.key !== undefined) throw new DeviceError('PINION_ERR_AGENT_CONFIG', 'a TLS key without its certificate (tls.cert)')
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key ?? deviceKeyPem(options.key) }),
  }
}

function parseObject(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(payload.toString('utf8'))
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** A refused connection (bad token, unknown device) is told apart from an unreachable broker. */
function codeOf(cause: unknown): string {
  if (cause instanceof DeviceError) return cause.code
  const code = (cause as { code?: unknown } | null)?.code
  // CONNACK return codes 4 (bad username or password) and 5 (not authorized); v5 reason codes 134, 135.
  return code === 4 || code === 5 || code === 134 || code === 135 ? 'PINION_ERR_MQTT_REFUSED' : 'PINION_ERR_ORACLE_UNREACHABLE'
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
