import { type AddressInfo, type Server, type Socket, createServer } from 'node:net'
import { TLSSocket, createServer as createTlsServer } from 'node:tls'
import { MAX_MQTT_TOKEN_LIFETIME_MS, mqttTokenMessage, mqttTopicsOf, parseMqttToken } from '@pinion/device'
import { verifyDeviceSignature } from '@pinion/protocol'
import { Aedes, type AuthenticateError, type Client } from 'aedes'
import type { Hex } from 'viem'
import { OracleError, type OracleErrorCode } from '../errors.ts'
import type { DeviceLookup } from '../store/devices.ts'
import { deviceOfCertificate } from './mqttCertificate.ts'
import type { MqttSide } from './mqttIngest.ts'

export type EmbeddedBrokerOptions = {
  networkId: Hex
  /** Where a device's key and status are found (ingest's lookup). */
  deviceLookup: DeviceLookup
  /** Unix ms: token expiry is judged by this clock. */
  clock: () => number
  /** Default 127.0.0.1. */
  host?: string | undefined
  /** 0 takes a free port. */
  port: number
  /**
   * Serve mqtts:// instead of mqtt://: the broker's certificate and key (PEM). With `deviceCa` (PEM,
   * the network's device CA), devices may also log in by client certificate instead of a token
   * (mqttCertificate.ts says which certificates stand for which device).
   */
  tls?: MqttBrokerTls | undefined
  /** Told of every connection, publish or subscription refused, by code and device (metrics, logs). */
  onRefused?: ((code: OracleErrorCode, detail: { username?: string; topic?: string; message: string }) => void) | undefined
}

/** The embedded broker's TLS material, PEM (contents, not file names: it crosses into an oracle's thread). */
export type MqttBrokerTls = { cert: string; key: string; deviceCa?: string | undefined }

export type EmbeddedBroker = {
  /** mqtt://host:port, or mqtts://host:port with TLS */
  url: string
  side: MqttSide
  close(): Promise<void>
}

/** The CONNACK of a refused device: 4, bad username or password (MQTT 3.1.1 §3.2.2.3). */
const BAD_USERNAME_OR_PASSWORD = 4
/** The CONNACK of a refused client certificate: 5, not authorized (there was no password to be wrong). */
const NOT_AUTHORIZED = 5

/**
 * An MQTT 3.1.1 broker (aedes) in the oracle's process, for the devnet and single-machine
 * networks. Each device authenticates as itself: username = its device id, password = a token its
 * key signed (`<expiresAtMs>.<signature>` over mqttTokenMessage, expiring at most 10 minutes ahead),
 * checked against the key the registry holds. It may then publish only to its own reports and
 * challenge-request topics, and subscribe only to its own ack and challenge topics. The oracle's
 * own side (MqttSide) is in-process: it needs no credentials, and its acks bypass authorizePublish.
 * Over TLS with a device CA, a device that presents a client certificate is known by it instead
 * (no token; CONNACK 5 when the certificate stands for no active device); one that presents none
 * logs in with its token as over plain MQTT.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const networkId = options.networkId.toLowerCase() as Hex
  const devices = new WeakMap<Client, Hex>()
  const refused = (code: OracleErrorCode, detail: { username?: string; topic?: string; message: string }) => options.onRefused?.(code, detail)

  const broker = await Aedes.createBroker({
    // No $SYS heartbeats: nobody here may read them.
    heartbeatInterval: 24 * 60 * 60_000,
    authenticate: (client, username, password, done) => {
      const refuse = (code: OracleErrorCode, message: string, returnCode = BAD_USERNAME_OR_PASSWORD) => {
        refused(code, { ...(username === undefined ? {} : { username }), message })
        const error = new OracleError(code, message) as unknown as AuthenticateError
        error.returnCode = returnCode
        done(error, false)
      }
      void (async () => {
        const conn = client.conn as unknown
        const certificate = conn instanceof TLSSocket ? conn.getPeerX509Certificate() : undefined
        if (conn instanceof TLSSocket && certificate !== undefined) {
          const verdict = await deviceOfCertificate(
            { certificate, authorized: conn.authorized, authorizationError: conn.authorizationError?.toString() },
            options.deviceLookup,
            username,
          )
          if ('code' in verdict) return refuse(verdict.code, verdict.message, NOT_AUTHORIZED)
          devices.set(client, verdict.deviceId)
          return done(null, true)
        }
        const deviceId = (username ?? '').toLowerCase() as Hex
        if (!/^0x[0-9a-f]{64}$/.test(deviceId)) return refuse('PINION_ERR_MQTT_BAD_TOKEN', `the username ${JSON.stringify(username)} is not a device id`)
        const token = password === undefined ? undefined : parseMqttToken(password.toString('utf8'))
        if (token === undefined) return refuse('PINION_ERR_MQTT_BAD_TOKEN', `the password of ${deviceId} is not a token (<expiresAtMs>.<signature, base64url>)`)
        const now = options.clock()
        if (token.expiresAtMs <= now) return refuse('PINION_ERR_MQTT_TOKEN_EXPIRED', `the token of ${deviceId} expired at ${token.expiresAtMs} (now ${now})`)
        if (token.expiresAtMs > now + MAX_MQTT_TOKEN_LIFETIME_MS) {
          return refuse('PINION_ERR_MQTT_TOKEN_EXPIRED', `the token of ${deviceId} expires at ${token.expiresAtMs}, more than ${MAX_MQTT_TOKEN_LIFETIME_MS} ms ahead`)
        }
        const device = await options.deviceLookup(deviceId)
        if (device === undefined || !device.active) return refuse('PINION_ERR_MQTT_BAD_TOKEN', `device ${deviceId} is not registered, or is suspended or retired`)
        if (!verifyDeviceSignature(device.keyType, device.publicKey, mqttTokenMessage(networkId, deviceId, token.expiresAtMs), token.signature)) {
          return refuse('PINION_ERR_MQTT_BAD_TOKEN', `the token of ${deviceId} is not signed by its key for network ${networkId}`)
        }
        devices.set(client, deviceId)
        done(null, true)
      })().catch((error: unknown) => {
        // The registry could not be read: the device tries again later (CONNACK 3, server unavailable).
        const failure = new OracleError('PINION_ERR_UNAVAILABLE', `device lookup failed: ${String(error)}`) as unknown as AuthenticateError
        failure.returnCode = 3
        done(failure, false)
      })
    },
    authorizePublish: (client, packet, callback) => {
      const deviceId = client === null ? undefined : devices.get(client)
      const own = deviceId === undefined ? undefined : mqttTopicsOf(networkId, deviceId)
      if (own === undefined || (packet.topic !== own.reports && packet.topic !== own.challengeRequests)) {
        const message = `device ${deviceId ?? '?'} may not publish to ${packet.topic}`
        refused('PINION_ERR_MQTT_TOPIC', { ...(deviceId === undefined ? {} : { username: deviceId }), topic: packet.topic, message })
        return callback(new OracleError('PINION_ERR_MQTT_TOPIC', message))
      }
      // Nothing a device sends is kept for later subscribers.
      packet.retain = false
      callback(null)
    },
    authorizeSubscribe: (client, subscription, callback) => {
      const deviceId = devices.get(client)
      const own = deviceId === undefined ? undefined : mqttTopicsOf(networkId, deviceId)
      if (own === undefined || (subscription.topic !== own.acks && subscription.topic !== own.challenges)) {
        refused('PINION_ERR_MQTT_TOPIC', {
          ...(deviceId === undefined ? {} : { username: deviceId }),
          topic: subscription.topic,
          message: `device ${deviceId ?? '?'} may not subscribe to ${subscription.topic}`,
        })
        return callback(null, null)
      }
      callback(null, subscription)
    },
  })
  // A client's protocol error or a refused publish closes that client only; none reaches the process.
  broker.on('clientError', () => undefined)
  broker.on('connectionError', () => undefined)

  const tls = options.tls
  const server: Server =
    tls === undefined
      ? createServer(broker.handle)
      : createTlsServer(
          {
            cert: tls.cert,
            key: tls.key,
            // Asked for, not required: a device without a certificate logs in with its token, and one
            // with a certificate the CA did not issue is refused at CONNECT with a code, not a bare TLS alert.
            ...(tls.deviceCa === undefined ? {} : { ca: tls.deviceCa, requestCert: true, rejectUnauthorized: false }),
          },
          broker.handle,
        )
  server.on('error', () => undefined)
  // A failed handshake closes that socket only.
  server.on('tlsClientError', () => undefined)
  // Closing ends every connection, also one that never sent its CONNECT (server.close waits for all).
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error)
    server.once('error', failed)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', failed)
      resolve()
    })
  }).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => broker.close(() => resolve()))
    throw error
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address

  const side: MqttSide = {
    subscribe: (filter, onMessage) =>
      new Promise<void>((resolve) => {
        broker.subscribe(
          filter,
          (packet, done) => {
            done()
            onMessage(packet.topic, packet.payload as Buffer)
          },
          () => resolve(),
        )
      }),
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) => {
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (error) => (error ? reject(error) : resolve()))
      }),
  }

  let closed: Promise<void> | undefined
  return {
    url: `${tls === undefined ? 'mqtt' : 'mqtts'}://${host}:${address.port}`,
    side,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        broker.close()
        for (const socket of sockets) socket.destroy()
      })
      return closed
    },
  }
}
