import { join } from 'node:path'
import { type DeviceAgent, type FleetDevice, createDeviceAgent, encodeReportBatch, forgeReport, seededRandom, simulatedDeviceOf, wrongNetworkOf } from '@pinion/device'
import type { Kind, SimulatedReport } from '@pinion/kinds'
import { deviceIdOf, generateDeviceKey, signReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import { type EpochSchedule, epochAt, epochWindow } from '@pinion/oracle'

/** The epoch's entropy, as the oracles take it: the hash of the last block before the epoch began. */
type EntropyOf = (startMs: bigint) => Promise<Hex>

export type LiveFleetOptions = {
  devices: readonly FleetDevice[]
  kind: Kind
  kindParams: unknown
  networkId: Hex
  oracleUrls: readonly string[]
  schedule: EpochSchedule
  /** Where beacons get their entropy from (kinds that challenge or beacon); default none. */
  entropyOf?: EntropyOf
  /** Durable outboxes live under here, one folder per device, so restarts never reuse sequences. */
  outboxRoot: string
  seed: number
  now?: () => number
  tickMs?: number
  /** How often each device agent flushes its outbox (default 1 s). */
  flushIntervalMs?: number
  onError?: (error: unknown) => void
}

export type LiveFleet = {
  /** The first epoch the fleet reports in: earlier epochs (the network starting up) are empty. */
  firstEpoch: bigint
  stop(): Promise<void>
  sent(): number
  /**
   * Resolves once every report due by the fleet's clock has been handed to its agent and every
   * agent's outbox is delivered to every oracle: what a test that drives time waits for before it
   * moves time on. Rejects after `timeoutMs` (real time), saying how much is still undelivered.
   */
  settled(timeoutMs?: number): Promise<void>
}

type Pending = SimulatedReport & { device: FleetDevice }

/**
 * Runs a simulated fleet in real time: each epoch is simulated once, from a seed derived from the
 * fleet's seed and the epoch, and every report is signed and sent when its timestamp comes. Honest,
 * flaky and the kind's adversarial behaviours go through each device's agent (durable outbox,
 * retries); envelope adversaries (forger, replayer, wrong network) send around it.
 */
export async function startLiveFleet(options: LiveFleetOptions): Promise<LiveFleet> {
  const now = options.now ?? Date.now
  const agents = new Map<Hex, DeviceAgent>()
  for (const device of options.devices) {
    const deviceId = deviceIdOf(device.key.publicKey)
    const agent = await createDeviceAgent({
      key: device.key,
      networkId: options.networkId,
      oracleUrls: options.oracleUrls,
      kind: options.kind,
      outboxDir: join(options.outboxRoot, deviceId),
      flushIntervalMs: options.flushIntervalMs ?? 1_000,
      requestTimeoutMs: 5_000,
      random: seededRandom(options.seed ^ Number(BigInt(deviceId) & 0xffffn)),
      ...(options.onError ? { onError: options.onError } : {}),
      onFlush: (result) => {
        for (const oracle of result.oracles) if (oracle.error) options.onError?.(new Error(`delivery to ${oracle.oracle}: ${String(oracle.error)}`))
      },
    })
    agent.start()
    agents.set(deviceId, agent)
  }
  const impostor = generateDeviceKey('ed25519')
  let pending: Pending[] = []
  let simulatedEpoch = -1n
  let sent = 0
  let stopped = false

  const simulate = async (epoch: bigint) => {
    const times = epochWindow(options.schedule, epoch, '0x')
    const window = options.entropyOf === undefined ? times : { ...times, entropy: await options.entropyOf(times.startMs) }
    const byId = new Map(options.devices.map((d) => [deviceIdOf(d.key.publicKey), d]))
    const reports = options.kind.simulate({
      epoch: window,
      devices: options.devices.map((d) => simulatedDeviceOf(deviceIdOf(d.key.publicKey), d)),
      params: options.kindParams,
      random: seededRandom((options.seed * 1_000_003 + Number(epoch)) >>> 0),
    })
    pending = reports
      .map((r) => ({ ...r, device: byId.get(r.deviceId)! }))
      .filter((r) => r.device !== undefined)
      .sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
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
      kind: options.kind.name,
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
  // joins part-way through as hotspots that were deaf until then; such a fleet starts with the
  // next whole epoch instead.
  const firstEpoch = epochAt(options.schedule, BigInt(now())) + (options.kind.verifyEpoch === undefined ? 0n : 1n)
  const tick = async () => {
    const current = epochAt(options.schedule, BigInt(now()))
    if (current >= 0n && current >= firstEpoch && current !== simulatedEpoch) {
      await simulate(current) // throws before it counts, so a failed entropy read is retried next tick
      simulatedEpoch = current
    }
    while (pending.length > 0 && pending[0]!.timestampMs <= BigInt(now())) {
      await send(pending.shift()!)
      sent += 1
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
        const due = pending.filter((r) => r.timestampMs <= BigInt(now())).length
        const undelivered = [...agents.values()].reduce((sum, agent) => sum + agent.outbox.size, 0)
        if (due === 0 && undelivered === 0 && !ticking) return
        if (Date.now() > deadline) throw new Error(`the fleet did not settle within ${timeoutMs} ms: ${due} reports due, ${undelivered} undelivered`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      await Promise.all([...agents.values()].map((agent) => agent.close()))
    },
  }
}
