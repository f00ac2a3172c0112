import { join } from 'node:path'
import {
  type DeviceAgent,
  type FleetDevice,
  type FlushResult,
  type MqttClientTls,
  createDeviceAgent,
  encodeReportBatch,
  fetchChallenges,
  forgeReport,
  mqttTransport,
  seededRandom,
  simulatedDeviceOf,
  wrongNetworkOf,
} from '@pinion/device'
import type { Challenge, Kind, SimulatedReport } from '@pinion/kinds'
import { deviceIdOf, generateDeviceKey, signReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import { type EpochSchedule, epochAt, epochWindow } from '@pinion/oracle'
import { kindStream } from './streams.ts'

/** The epoch's entropy, as the oracles take it: the hash of the last block before the epoch began. */
type EntropyOf = (startMs: bigint) => Promise<Hex>

/** One kind's part of the fleet: its devices, simulated by the kind with its parameters. */
type LiveFleetKind = {
  kind: Kind
  params: unknown
  devices: readonly FleetDevice[]
  /**
   * Once at the start of each epoch the fleet runs, before its reports are simulated: what the
   * kind's devnet does on chain during it (KindDevnet.epoch). Not retried: an error goes to onError.
   */
  onEpoch?: (epoch: bigint) => Promise<void>
}

export type LiveFleetOptions = {
  /** Each kind's devices; a device belongs to one kind. */
  kinds: readonly LiveFleetKind[]
  networkId: Hex
  /** Every report goes to every oracle; challenges come from the first. */
  oracleUrls: readonly string[]
  /**
   * The oracles' MQTT brokers (mqtt://…), in the same order: the devices' agents then report and ask
   * for challenges over MQTT instead of HTTP (envelope adversaries still post around them over HTTP).
   */
  mqttUrls?: readonly string[] | undefined
  /** With mqttUrls: the devices' TLS (a client certificate instead of a token, the brokers' CA); `pinion device run --cert`. */
  mqttTls?: MqttClientTls | undefined
  schedule: EpochSchedule
  /** Where beacons get their entropy from (kinds that challenge or beacon); default none. */
  entropyOf?: EntropyOf
  /**
   * The challenges an oracle serves a device (kinds with `challenges`), or null while the epoch has
   * not begun on chain; default the first oracle's (GET /v1/challenges, as a device agent asks).
   */
  challengesOf?: (epoch: bigint, deviceId: Hex) => Promise<Challenge[] | null>
  /** Durable outboxes live under here, one folder per device, so restarts never reuse sequences. */
  outboxRoot: string
  seed: number
  now?: () => number
  tickMs?: number
  /** How often each device agent flushes its outbox (default 1 s). */
  flushIntervalMs?: number
  /**
   * Reports timestamped before this (unix ms) are not sent: a device started part-way through an
   * epoch reports from then on, never for the time before it ran. Default: all of them.
   */
  notBeforeMs?: number
  onError?: (error: unknown) => void
  /** After each background flush of a device's agent (a device's delivery log). */
  onFlush?: (deviceId: Hex, result: FlushResult) => void
}

export type LiveFleet = {
  /** The first epoch the fleet reports in: earlier epochs (the network starting up) are empty. */
  firstEpoch: bigint
  stop(): Promise<void>
  sent(): number
  /**
   * Resolves once the fleet has simulated the epoch its clock is in, every report due by that clock
   * has been handed to its agent and every agent's outbox is delivered to every oracle: what a test
   * that drives time waits for before it moves time on. (Without the first condition a step that
   * crossed into a new epoch could be followed by the next before the fleet's tick saw the epoch,
   * and its reports would reach a sealed epoch.) Rejects after `timeoutMs` (real time), saying how
   * much is still undelivered.
   */
  settled(timeoutMs?: number): Promise<void>
}

type Pending = SimulatedReport & { device: FleetDevice; kind: string }

/**
 * How long the fleet's request for an epoch's challenges waits on the oracle for the epoch to begin
 * on chain (a long-poll): short, since the fleet's clock ticks on while it waits.
 */
const CHALLENGE_WAIT_MS = 1_000

/** Reports sent between two turns of the event loop. */
const YIELD_EVERY_REPORTS = 20

/** How long stopping the fleet waits for its tick in progress. */
const TICK_STOP_GRACE_MS = 2_000

/**
 * Runs a simulated fleet in real time: each epoch is simulated once per kind, from a seed derived
 * from the fleet's seed, the epoch and the kind, and every report is signed and sent when its
 * timestamp comes. Honest, flaky and the kinds' adversarial behaviours go through each device's
 * agent (durable outbox, retries); envelope adversaries (forger, replayer, wrong network) send
 * around it. A kind that challenges its devices gets the challenges the first oracle serves them.
 */
export async function startLiveFleet(options: LiveFleetOptions): Promise<LiveFleet> {
  const now = options.now ?? Date.now
  const agents = new Map<Hex, DeviceAgent>()
  const challengesOf =
    options.challengesOf ??
    (async (epoch: bigint, deviceId: Hex) => {
      const query = { epoch, deviceId, waitMs: CHALLENGE_WAIT_MS }
      const outcome = options.mqttUrls === undefined ? await fetchChallenges(options.oracleUrls[0]!, query) : await agents.get(deviceId)!.challenges(epoch, CHALLENGE_WAIT_MS)
      return outcome.type === 'issued' ? outcome.challenges : null
    })
  for (const { kind, devices } of options.kinds) {
    for (const device of devices) {
      const deviceId = deviceIdOf(device.key.publicKey)
      const agent = await createDeviceAgent({
        key: device.key,
        networkId: options.networkId,
        oracleUrls: options.mqttUrls ?? options.oracleUrls,
        ...(options.mqttUrls === undefined
          ? {}
          : { transport: mqttTransport({ key: device.key, networkId: options.networkId, now, ...(options.mqttTls === undefined ? {} : { tls: options.mqttTls }) }) }),
        kind,
        outboxDir: join(options.outboxRoot, deviceId),
        flushIntervalMs: options.flushIntervalMs ?? 1_000,
        requestTimeoutMs: 5_000,
        random: seededRandom(options.seed ^ Number(BigInt(deviceId) & 0xffffn)),
        ...(options.onError ? { onError: options.onError } : {}),
        onFlush: (result) => {
          for (const oracle of result.oracles) {
            if (oracle.error) options.onError?.(new Error(`delivery to ${oracle.oracle}: ${oracle.error.message} [${oracle.error.code}]`))
          }
          options.onFlush?.(deviceId, result)
        },
      })
      agent.start()
      agents.set(deviceId, agent)
    }
  }
  const impostor = generateDeviceKey('ed25519')
  let pending: Pending[] = []
  let simulatedEpoch = -1n
  let hookedEpoch = -1n
  let sent = 0
  let stopped = false

  /**
   * Every kind's reports for `epoch`, in time order; null while an oracle says the epoch has not
   * begun (its challenges are not fixed yet). Throws when entropy or challenges cannot be read. Either
   * way the next tick simulates the epoch again.
   */
  const simulate = async (epoch: bigint): Promise<Pending[] | null> => {
    const times = epochWindow(options.schedule, epoch, '0x')
    const window = options.entropyOf === undefined ? times : { ...times, entropy: await options.entropyOf(times.startMs) }
    const reports: Pending[] = []
    for (const [index, { kind, params, devices }] of options.kinds.entries()) {
      const byId = new Map(devices.map((d) => [deviceIdOf(d.key.publicKey), d]))
      let challenges: Challenge[] | undefined
      if (kind.challenges !== undefined) {
        const served = await Promise.all([...byId.keys()].map((id) => challengesOf(epoch, id)))
        if (served.includes(null)) return null
        challenges = (served as Challenge[][]).flat()
      }
      const simulated = kind.simulate({
        epoch: window,
        devices: devices.map((d) => simulatedDeviceOf(deviceIdOf(d.key.publicKey), d)),
        params,
        ...(challenges === undefined ? {} : { challenges }),
        random: seededRandom(((options.seed * 1_000_003 + Number(epoch)) ^ streamOf(index, kind.name)) >>> 0),
        since: firstEpoch,
      })
      for (const r of simulated) {
        const device = byId.get(r.deviceId)
        if (device !== undefined && (options.notBeforeMs === undefined || r.timestampMs >= BigInt(options.notBeforeMs))) reports.push({ ...r, device, kind: kind.name })
      }
    }
    return reports.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
  }

  /** Each kind's devnet hook for `epoch`, once, whatever it does. */
  const runEpochHooks = async (epoch: bigint) => {
    hookedEpoch = epoch
    for (const { kind, onEpoch } of options.kinds) {
      if (onEpoch === undefined) continue
      await onEpoch(epoch).catch((error: unknown) => options.onError?.(new Error(`kind ${kind.name}'s devnet epoch ${epoch}: ${String(error)}`, { cause: error })))
    }
  }

  const postAround = async (signed: Uint8Array) => {
    await Promise.all(
      options.oracleUrls.map((url) =>
        fetch(`${url}/v1/reports/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: Buffer.from(encodeReportBatch([signed])),
          signal: AbortSignal.timeout(5_000),
        }).catch(() => undefined),
      ),
    )
  }

  const send = async (report: Pending) => {
    const agent = agents.get(report.deviceId)!
    const fields = {
      networkId: options.networkId,
      timestampMs: report.timestampMs,
      kind: report.kind,
      payloadType: report.payloadType,
      payload: report.payload,
    }
    switch (report.device.behaviour) {
      case 'forger':
        return postAround(forgeReport(report.device.key, impostor, { ...fields, sequence: BigInt(report.timestampMs) }))
      case 'wrong-network':
        return postAround(signReport(report.device.key, { ...fields, networkId: wrongNetworkOf(options.networkId), sequence: BigInt(report.timestampMs) }))
      case 'replayer': {
        // Reports honestly, then signs a second report under the sequence it just used.
        const sequence = await agent.report(report.payloadType, report.payload, report.timestampMs)
        return postAround(signReport(report.device.key, { ...fields, sequence, timestampMs: report.timestampMs + 1n }))
      }
      default:
        await agent.report(report.payloadType, report.payload, report.timestampMs)
    }
  }

  // A kind that judges the epoch as a whole (verifyEpoch: who heard whom) would read a fleet that
  // joins part-way through as hotspots that were deaf until then; a fleet with such a kind starts
  // with the next whole epoch instead.
  const firstEpoch = epochAt(options.schedule, BigInt(now())) + (options.kinds.some(({ kind }) => kind.verifyEpoch !== undefined) ? 1n : 0n)
  const tick = async () => {
    const current = epochAt(options.schedule, BigInt(now()))
    if (current >= 0n && current >= firstEpoch && current !== simulatedEpoch) {
      if (current !== hookedEpoch) await runEpochHooks(current)
      // Counts only once simulated: a failed entropy or challenge read is retried next tick.
      const reports = await simulate(current)
      if (reports !== null) {
        pending = reports
        simulatedEpoch = current
      }
    }
    while (!stopped && pending.length > 0 && pending[0]!.timestampMs <= BigInt(now())) {
      await send(pending.shift()!)
      sent += 1
      // Sending is mostly synchronous (signing, the outbox's fsync): a long run of it would hold the
      // event loop, and with it a Ctrl-C, until the epoch's backlog is through.
      if (sent % YIELD_EVERY_REPORTS === 0) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let ticking = false
  const loop = () => {
    ticking = true
    running = tick()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        ticking = false
        if (!stopped) timer = setTimeout(loop, options.tickMs ?? 250)
      })
  }
  loop()

  return {
    firstEpoch,
    sent: () => sent,
    async settled(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const current = epochAt(options.schedule, BigInt(now()))
        const simulated = current < firstEpoch || simulatedEpoch === current
        const due = pending.filter((r) => r.timestampMs <= BigInt(now())).length
        const undelivered = [...agents.values()].reduce((sum, agent) => sum + agent.outbox.size, 0)
        if (simulated && due === 0 && undelivered === 0 && !ticking) return
        if (Date.now() > deadline) {
          const behind = simulated ? '' : `epoch ${current} not simulated yet (last ${simulatedEpoch}), `
          throw new Error(`the fleet did not settle within ${timeoutMs} ms: ${behind}${due} reports due, ${undelivered} undelivered`)
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      // A tick waiting on the chain (entropy, a kind's devnet hook) is not waited for long: when the
      // network stops, the chain may already be gone.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, TICK_STOP_GRACE_MS).unref())])
      await Promise.all([...agents.values()].map((agent) => agent.close()))
    },
  }
}

/**
 * The random stream of the fleet's `index`-th kind: the first kind's is the one a single-kind fleet
 * always had (0), so its reports stay what they were; the others' are their names' (kindStream).
 */
const streamOf = (index: number, name: string): number => (index === 0 ? 0 : kindStream(name))
