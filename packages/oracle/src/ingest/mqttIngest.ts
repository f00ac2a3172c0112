import { type MqttAck, MQTT_TOPIC_ROOT, batchIdOf, mqttTopicsOf, parseDeviceTopic } from '@pinion/device'
import { challengeToJson } from '@pinion/kinds'
import { PinionError, openCanonicalSignedReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import { ERROR_CODES, OracleError, type OracleErrorCode, isOracleErrorCode } from '../errors.ts'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import type { Ingest } from './createIngest.ts'
import type { IngestResult } from './pipeline.ts'
import { TokenBuckets } from './tokenBuckets.ts'
import { peekDeviceId, splitReportBatch } from './wire.ts'

/**
 * One side of a broker, as MQTT ingest uses it: the embedded broker's in-process hooks
 * (mqttBroker.ts) or a client of an external broker (mqttClient.ts). Everything else about MQTT
 * ingest is the same code for both: this file.
 */
export type MqttSide = {
  /** Calls `onMessage` for each message published on a topic that matches `filter`. */
  subscribe(filter: string, onMessage: (topic: string, payload: Uint8Array) => void): Promise<void>
  /** Publishes at QoS 1, never retained; resolves once the broker has it. */
  publish(topic: string, payload: Uint8Array): Promise<void>
}

export type MqttIngestDeps = {
  ingest: Pick<Ingest, 'submit' | 'limits'>
  /** The network whose topics are served: networkIdOf(chainId, registry). */
  networkId: Hex
  /** The oracle's signer address, named in every ack. */
  oracle: string
  /** The ingest's clock (unix ms): a message is judged by when it arrived. */
  clock: () => number
  /** The challenge board (GET /v1/challenges's); absent, challenge requests are answered PINION_ERR_EPOCH_NOT_STARTED. */
  challengesOf?: ((epoch: bigint) => Promise<EpochChallenges>) | undefined
  /**
   * A shared-subscription group (`$share/<group>/…`): several ingest processes of one oracle on one
   * external broker then each take a share of the devices' messages instead of all of them.
   */
  shareGroup?: string | undefined
  /** Told of every batch refused as a whole, by code (metrics), as HTTP's onRequestRefused. */
  onRequestRefused?: ((code: OracleErrorCode) => void) | undefined
  /** Told of a failure to publish an ack (the device sends the batch again when it gets none). */
  onError?: ((error: unknown) => void) | undefined
}

/** The longest a challenge request may wait for the epoch to begin (as GET /v1/challenges). */
const MAX_CHALLENGE_WAIT_MS = 30_000
const CHALLENGE_POLL_MS = 250

/**
 * Serves MQTT ingest on `side`: every batch a device publishes on its reports topic goes through
 * ingest's pipeline (`submit`: verification, dedupe, sequence order and replay protection, the
 * per-device rate, rejection counts, the durable write), and its verdicts are published on the
 * device's ack topic only once `submit` has resolved, i.e. after the COMMIT. A device's messages are
 * handled one at a time in the order they arrived, as a device's HTTP requests are. Nothing a device
 * publishes can throw out of here: malformed, oversized or rate-limited batches get an error ack.
 */
export async function serveMqttIngest(side: MqttSide, deps: MqttIngestDeps): Promise<{ idle(): Promise<void> }> {
  const networkId = deps.networkId.toLowerCase() as Hex
  const { limits } = deps.ingest
  // Per device, as HTTP's per-address buckets: charged before a byte of the batch is parsed.
  const buckets = limits.perIp === false ? undefined : new TokenBuckets(limits.perIp, deps.clock)
  const queues = new Map<Hex, Promise<void>>()

  const ack = async (deviceId: Hex, body: Record<string, unknown>) => {
    await side.publish(mqttTopicsOf(networkId, deviceId).acks, Buffer.from(JSON.stringify(body))).catch((error: unknown) => deps.onError?.(error))
  }
  const answerChallenges = async (deviceId: Hex, body: Record<string, unknown>) => {
    await side.publish(mqttTopicsOf(networkId, deviceId).challenges, Buffer.from(JSON.stringify(body))).catch((error: unknown) => deps.onError?.(error))
  }

  /** In arrival order per device: a device's later batch never overtakes its earlier one. */
  const enqueue = (deviceId: Hex, work: () => Promise<void>) => {
    const next = (queues.get(deviceId) ?? Promise.resolve()).then(work).catch((error: unknown) => deps.onError?.(error))
    queues.set(deviceId, next)
    void next.then(() => {
      if (queues.get(deviceId) === next) queues.delete(deviceId)
    })
  }

  const onMessage = (topic: string, payload: Uint8Array) => {
    const arrivedMs = deps.clock()
    const parsed = parseDeviceTopic(networkId, topic)
    if (parsed === undefined) return
    const { deviceId } = parsed
    if (parsed.type === 'challengeRequests') {
      enqueue(deviceId, async () => answerChallenges(deviceId, await challengeAnswer(deps, deviceId, payload)))
      return
    }
    enqueue(deviceId, async () => ack(deviceId, await reportsAck(deps, buckets, deviceId, payload, arrivedMs)))
  }

  const base = `${deps.shareGroup === undefined ? '' : `$share/${deps.shareGroup}/`}${MQTT_TOPIC_ROOT}/${networkId}/devices/+`
  await side.subscribe(`${base}/reports`, onMessage)
  await side.subscribe(`${base}/challenges/get`, onMessage)
  return {
    async idle() {
      while (queues.size > 0) await Promise.all([...queues.values()])
    },
  }
}

/** The ack of one published batch: its verdicts once stored, or why it was refused as a whole. */
async function reportsAck(deps: MqttIngestDeps, buckets: TokenBuckets | undefined, deviceId: Hex, payload: Uint8Array, arrivedMs: number): Promise<MqttAck> {
  const batch = batchIdOf(payload)
  const { limits } = deps.ingest
  const refuse = (error: OracleError, retryAfterMs?: number): MqttAck => {
    deps.onRequestRefused?.(error.code)
    return { batch, oracle: deps.oracle, code: error.code, message: error.message, status: error.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  }
  if (buckets !== undefined && !buckets.take(deviceId)) {
    const error = new OracleError('PINION_ERR_RATE_LIMITED', `device ${deviceId} published more batches than its rate allows`)
    return refuse(error, buckets.retryAfterSeconds(deviceId) * 1000)
  }
  if (payload.length > limits.maxBatchBytes) {
    return refuse(new OracleError('PINION_ERR_BODY_TOO_LARGE', `the batch is ${payload.length} bytes; at most ${limits.maxBatchBytes} are accepted`))
  }
  try {
    const reports = splitReportBatch(payload)
    if (reports.length > limits.maxBatchReports) {
      throw new OracleError('PINION_ERR_BATCH_TOO_LARGE', `the batch holds ${reports.length} reports; at most ${limits.maxBatchReports} are accepted`)
    }
    // A report on this device's topic that names another device is refused here; the rest go
    // through the pipeline, whose verdicts fill in around them.
    const results: (IngestResult | undefined)[] = reports.map((signed) => {
      const claimed = claimedDevice(signed)
      return claimed === undefined || claimed === deviceId
        ? undefined
        : { status: 'rejected', code: 'PINION_ERR_MQTT_DEVICE_MISMATCH', message: `a report of device ${claimed} on the topic of device ${deviceId}` }
    })
    const submitted = reports.filter((_, i) => results[i] === undefined)
    const verdicts = submitted.length === 0 ? [] : await deps.ingest.submit(submitted, arrivedMs)
    let next = 0
    const all = results.map((result) => result ?? verdicts[next++]!)
    return { batch, oracle: deps.oracle, ...batchResponse(all) }
  } catch (error) {
    // A refusal that knows when to try again (PINION_ERR_STREAM_UNAVAILABLE) says so, as HTTP's body does.
    if (error instanceof OracleError) return refuse(error, error.retryAfterMs)
    if (error instanceof PinionError && isOracleErrorCode(error.code)) return refuse(new OracleError(error.code, error.message))
    return refuse(new OracleError('PINION_ERR_INTERNAL', error instanceof Error ? error.message : String(error)))
  }
}

/** The device a report claims to be from, or undefined when it is not a report (the pipeline says why). */
function claimedDevice(signed: Uint8Array): Hex | undefined {
  try {
    return peekDeviceId(openCanonicalSignedReport(signed).body)
  } catch {
    return undefined
  }
}

/** HTTP's batch response body (routes.ts), from the verdicts in order. */
function batchResponse(results: readonly IngestResult[]) {
  const response = { accepted: 0, duplicates: 0, rejected: 0, results: [] as { index: number; status: IngestResult['status']; code?: OracleErrorCode }[] }
  results.forEach((result, index) => {
    if (result.status === 'accepted') response.accepted++
    else if (result.status === 'duplicate') response.duplicates++
    else response.rejected++
    response.results.push(result.status === 'rejected' ? { index, status: result.status, code: result.code } : { index, status: result.status })
  })
  return response
}

/** The answer to `{"epoch":"<n>","waitMs":<ms>}`: GET /v1/challenges's body for this device, or an error body (with `epoch` when it was read). */
async function challengeAnswer(deps: MqttIngestDeps, deviceId: Hex, payload: Uint8Array): Promise<Record<string, unknown>> {
  let epoch: bigint
  let waitMs: number
  try {
    const request = JSON.parse(Buffer.from(payload).toString('utf8')) as { epoch?: unknown; waitMs?: unknown }
    if (typeof request.epoch !== 'string' || !/^(0|[1-9]\d{0,18})$/.test(request.epoch)) throw new Error('epoch must be a whole number, as a string')
    epoch = BigInt(request.epoch)
    waitMs = request.waitMs === undefined ? 0 : Number(request.waitMs)
    if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_CHALLENGE_WAIT_MS) throw new Error(`waitMs must be whole milliseconds from 0 to ${MAX_CHALLENGE_WAIT_MS}`)
  } catch (error) {
    const message = `a challenge request is {"epoch":"<n>","waitMs":<ms>}: ${error instanceof Error ? error.message : String(error)}`
    return errorBody('PINION_ERR_MALFORMED_BODY', message)
  }
  const body = (code: OracleErrorCode, message: string) => ({ epoch: epoch.toString(), ...errorBody(code, message) })
  if (deps.challengesOf === undefined) return body('PINION_ERR_EPOCH_NOT_STARTED', 'this oracle serves no challenges over MQTT')
  try {
    const deadline = Date.now() + waitMs
    let found = await deps.challengesOf(epoch)
    while (found.status === 'not-started' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CHALLENGE_POLL_MS))
      found = await deps.challengesOf(epoch)
    }
    if (found.status === 'not-started') return body('PINION_ERR_EPOCH_NOT_STARTED', `epoch ${epoch} has not begun on chain; its challenges are not fixed yet`)
    return { epoch: epoch.toString(), challenges: found.challenges.filter((c) => c.deviceId === deviceId).map(challengeToJson) }
  } catch (error) {
    return body('PINION_ERR_UNAVAILABLE', `the challenge board failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function errorBody(code: OracleErrorCode, message: string) {
  return { code, message, status: ERROR_CODES[code].status }
}
