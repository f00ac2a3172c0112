import { join } from 'node:path'
import { type DeviceKey, deviceIdOf, generateDeviceKey, signReport } from '@pinion/protocol'
import type { EpochWindow, Kind, SimulatedReport } from '@pinion/kinds'
import type { Hex } from 'viem'
import { type DeviceAgent, createDeviceAgent } from '../agent/agent.ts'
import { type Clock, systemClock } from '../clock.ts'
import { DEFAULT_BATCH_SIZE, DEFAULT_REQUEST_TIMEOUT_MS } from '../agent/options.ts'
import { DeviceError } from '../errors.ts'
import { createMemoryOutbox } from '../outbox/memoryOutbox.ts'
import type { Outbox } from '../outbox/outbox.ts'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../transport/backoff.ts'
import { type OracleDelivery, type ReportResult, deliverToOracle } from '../transport/deliver.ts'
import type { FetchLike, ReportStatus } from '../transport/ingestClient.ts'
import { httpTransport } from '../transport/transport.ts'
import { type EnvelopeAdversary, forgeReport, isEnvelopeAdversary, wrongNetworkOf } from './adversaries.ts'
import { seededRandom } from './seededRandom.ts'
import { simulatedDeviceOf } from './simulatedDevice.ts'

/**
 * A simulated device: its registered key, how it behaves (a kind behaviour, or an envelope
 * adversary), where it is asserted, and — for kinds with places — where it really is and its gain.
 */
export type FleetDevice = {
  key: DeviceKey
  behaviour: string
  location?: bigint | null
  actualLocation?: bigint | null
  /** Tenths of dBi. */
  antennaGain?: number
}

export type RunFleetOptions<params> = {
  devices: readonly FleetDevice[]
  kind: Pick<Kind<params>, 'name' | 'simulate'>
  kindParams: params
  networkId: Hex
  oracleUrls: readonly string[]
  /** Epochs to simulate, in order; each one's reports are sent before the next is simulated. */
  epochs: readonly EpochWindow[]
  /** Seeded source in [0, 1): the kind's simulation and every agent's jitter derive from it. */
  random: () => number
  fetch?: FetchLike
  clock?: Clock
  /** Durable outboxes under `<outboxRoot>/<deviceId>`, so a rerun never reuses sequences; default in memory. */
  outboxRoot?: string
  batchSize?: number
  retry?: Partial<RetryPolicy>
  requestTimeoutMs?: number
}

/** One report the fleet sent, and what each oracle finally said (absent for an oracle that never answered). */
export type FleetReport = {
  epoch: bigint
  deviceId: Hex
  behaviour: string
  /** `agent`: sent by the device's agent; `adversary`: built around the agent by an envelope adversary. */
  path: 'agent' | 'adversary'
  sequence: bigint
  timestampMs: bigint
  payloadType: string
  results: { oracle: string; status: ReportStatus; code?: string }[]
}

export type FleetRun = {
  reports: FleetReport[]
  /** Per epoch and oracle, deliveries that ended with an error (oracle down past the retry budget). */
  failedDeliveries: (OracleDelivery & { epoch: bigint; deviceId: Hex })[]
}

/** A device of the run: its agent, and for adversaries the side channel their forged reports go through. */
type Member = {
  device: FleetDevice
  deviceId: Hex
  agent: DeviceAgent
  adversary?: {
    type: EnvelopeAdversary
    /** Reports sent around the agent, through the same delivery code. */
    outbox: Outbox
    random: () => number
    /** The forger's signing key (another key than the registered one) and its own sequence counter. */
    forgery?: { key: DeviceKey; nextSequence: bigint }
  }
}

/**
 * Simulates `devices` over `epochs`: the kind's `simulate` makes each epoch's reports, each device's
 * agent signs and sends them to every oracle, and envelope adversaries add what they forge. Returns
 * every report with the oracles' answers, for tests and devnets to assert on.
 */
export async function runFleet<params>(options: RunFleetOptions<params>): Promise<FleetRun> {
  const members = await startMembers(options)
  const byId = new Map(members.map((m) => [m.deviceId, m]))
  const run: FleetRun = { reports: [], failedDeliveries: [] }
  try {
    for (const epoch of options.epochs) {
      const simulated = options.kind.simulate({
        epoch,
        devices: members.map((m) => simulatedDeviceOf(m.deviceId, m.device)),
        params: options.kindParams,
        random: options.random,
      })
      const perDevice = groupByDevice(simulated, byId)
      const sent = new Map<string, FleetReport>() // `${path}:${deviceId}:${sequence}` → report
      const record = (member: Member, path: FleetReport['path'], sequence: bigint, report: SimulatedReport) => {
        const entry: FleetReport = {
          epoch: epoch.epoch,
          deviceId: member.deviceId,
          behaviour: member.device.behaviour,
          path,
          sequence,
          timestampMs: report.timestampMs,
          payloadType: report.payloadType,
          results: [],
        }
        run.reports.push(entry)
        sent.set(`${path}:${member.deviceId}:${sequence}`, entry)
      }

      for (const member of members) {
        const reports = perDevice.get(member.deviceId) ?? []
        if (member.adversary?.type === 'forger') {
          for (const report of reports) record(member, 'adversary', forge(member, options, report), report)
          continue
        }
        const sequences: bigint[] = []
        for (const report of reports) {
          const sequence = await member.agent.report(report.payloadType, report.payload, report.timestampMs)
          sequences.push(sequence)
          record(member, 'agent', sequence, report)
        }
        const first = sequences[0]
        const last = reports[reports.length - 1]
        if (member.adversary?.type === 'replayer' && first !== undefined && last !== undefined) {
          // A new report (a millisecond later than the epoch's last, so new bytes) under the epoch's
          // first sequence, sent after the honest ones were accepted: a replay, not a duplicate.
          const replay = { ...last, timestampMs: last.timestampMs + 1n }
          member.adversary.outbox.append({
            sequence: first,
            report: signReport(member.device.key, {
              networkId: options.networkId,
              sequence: first,
              timestampMs: replay.timestampMs,
              kind: options.kind.name,
              payloadType: replay.payloadType,
              payload: replay.payload,
            }),
          })
          record(member, 'adversary', first, replay)
        }
      }

      const attach = (path: FleetReport['path'], deviceId: Hex) => (result: ReportResult) => {
        const { oracle, status, code } = result
        sent.get(`${path}:${deviceId}:${result.sequence}`)?.results.push(code === undefined ? { oracle, status } : { oracle, status, code })
      }
      const noteFailures = (deviceId: Hex, deliveries: readonly OracleDelivery[]) => {
        for (const d of deliveries) if (d.error !== undefined) run.failedDeliveries.push({ ...d, epoch: epoch.epoch, deviceId })
      }
      // Honest traffic first, so replays arrive after the sequences they reuse were accepted.
      await Promise.all(
        members.map(async (m) => {
          const flushed = await m.agent.flush()
          for (const result of flushed.results) attach('agent', m.deviceId)(result)
          noteFailures(m.deviceId, flushed.oracles)
        }),
      )
      await Promise.all(
        members.map(async (m) => {
          if (m.adversary === undefined) return
          const deliveries = await Promise.all(
            m.adversary.outbox.oracles.map((oracle) =>
              deliverToOracle({
                outbox: m.adversary!.outbox,
                oracle,
                batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
                retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
                clock: options.clock ?? systemClock,
                random: m.adversary!.random,
                transport: httpTransport(options.fetch),
                requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
                signal: new AbortController().signal,
                onResult: attach('adversary', m.deviceId),
              }),
            ),
          )
          noteFailures(m.deviceId, deliveries)
        }),
      )
    }
  } finally {
    await Promise.all(members.map((m) => m.agent.close()))
  }
  return run
}

async function startMembers<params>(options: RunFleetOptions<params>): Promise<Member[]> {
  const members: Member[] = []
  for (const device of options.devices) {
    const deviceId = deviceIdOf(device.key.publicKey)
    const adversary = isEnvelopeAdversary(device.behaviour) ? device.behaviour : undefined
    // Drawn in device order before anything runs, so jitter never perturbs the simulation's stream.
    const random = seededRandom(Math.floor(options.random() * 2 ** 32))
    const agent = await createDeviceAgent({
      key: device.key,
      networkId: adversary === 'wrong-network' ? wrongNetworkOf(options.networkId) : options.networkId,
      oracleUrls: options.oracleUrls,
      kind: options.kind.name,
      random,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.outboxRoot === undefined ? { outbox: 'memory' as const } : { outboxDir: join(options.outboxRoot, deviceId) }),
    })
    // A wrong-network device needs nothing more: its agent signs for the wrong network. A forger's
    // agent stays idle: everything it sends is forged.
    const member: Member = { device, deviceId, agent }
    if (adversary === 'replayer' || adversary === 'forger') {
      member.adversary = {
        type: adversary,
        outbox: createMemoryOutbox({ oracles: options.oracleUrls }),
        random,
        ...(adversary === 'forger' ? { forgery: { key: generateDeviceKey(device.key.type), nextSequence: 1n } } : {}),
      }
    }
    members.push(member)
  }
  return members
}

/** Queues a forged copy of `report` on the forger's side channel and returns its sequence. */
function forge<params>(member: Member, options: RunFleetOptions<params>, report: SimulatedReport): bigint {
  const { outbox, forgery } = member.adversary!
  const sequence = forgery!.nextSequence++
  outbox.append({
    sequence,
    report: forgeReport(member.device.key, forgery!.key, {
      networkId: options.networkId,
      sequence,
      timestampMs: report.timestampMs,
      kind: options.kind.name,
      payloadType: report.payloadType,
      payload: report.payload,
    }),
  })
  return sequence
}

/** Each device's simulated reports in time order; a report for a device outside the fleet is a kind bug. */
function groupByDevice(reports: readonly SimulatedReport[], members: ReadonlyMap<Hex, Member>): Map<Hex, SimulatedReport[]> {
  const grouped = new Map<Hex, SimulatedReport[]>()
  for (const report of reports) {
    if (!members.has(report.deviceId)) {
      throw new DeviceError('PINION_ERR_FLEET_SIMULATION', `the kind simulated a report for device ${report.deviceId}, which is not in the fleet`)
    }
    const list = grouped.get(report.deviceId) ?? []
    list.push(report)
    grouped.set(report.deviceId, list)
  }
  for (const list of grouped.values()) list.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
  return grouped
}
