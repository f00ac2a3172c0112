// The ping kind's world for pipeline tests: PingMarket events as the follower would index them,
// and the facts assembleEpochInput reads (one registry, the events, a fixed emission).
import { type DeviceRecord, type EpochWindow, type Kind, type KindEvent, seededRandom } from '@pinion/kinds'
import { ping } from '@pinion/kinds/ping'
import { signReport } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { type EpochFacts, epochChallenges } from '../../../oracle/src/service/assembleEpochInput.ts'
import { NETWORK_ID, TREASURY, makeDevices } from '../oracle/epochFixture.ts'

type PingEvent = { block: bigint; timestampMs: bigint } & (
  | { eventName: 'StakeBonded' | 'StakeUnbonded'; deviceId: Hex; operator: Address; amount: bigint }
  | { eventName: 'ServicePaid'; deviceId: Hex; customer: Address; amount: bigint }
)

/** PingMarket events as the follower indexes them: canonical string arguments, uint256 device ids in decimal. */
export function pingEvents(events: readonly PingEvent[]): KindEvent[] {
  return events.map((event, logIndex) => {
    const common = { contract: 'PingMarket', eventName: event.eventName, blockNumber: event.block, logIndex, timestampMs: event.timestampMs }
    const deviceId = BigInt(event.deviceId).toString()
    if (event.eventName === 'ServicePaid') return { ...common, args: { deviceId, customer: event.customer.toLowerCase(), amount: event.amount.toString() } }
    const total = '0' // what the contract reports as the new total; the kind folds amounts, not totals
    return {
      ...common,
      args: { deviceId, operator: event.operator.toLowerCase(), amount: event.amount.toString(), total, ...(event.eventName === 'StakeUnbonded' ? { availableAt: '0' } : {}) },
    }
  })
}

/**
 * EpochFacts for a simulated chain: `windowOf(epoch)` with entropy block 2·epoch and end block
 * 2·epoch + 1, one registry, `events` by block, and a fixed emission.
 */
export function simulatedFacts(windowOf: (epoch: bigint) => EpochWindow, devices: ReadonlyMap<Hex, DeviceRecord>, events: readonly KindEvent[], emission: bigint): EpochFacts {
  return {
    epochOnChain: async (epoch) => ({ window: windowOf(epoch), entropyBlock: 2n * epoch, endBlock: 2n * epoch + 1n }),
    devicesAt: async () => devices,
    kindEventsUpTo: async (kind, block) => (kind === 'ping' ? events.filter((e) => e.blockNumber <= block) : []),
    emissionOf: async () => emission,
  }
}

export const TOKEN = 10n ** 18n
export const PING_TEST_PARAMS = { challengesPerEpoch: 3, responseWindowMs: 5_000, minStake: 100n * TOKEN }
export const pingWindow = (epoch: bigint) => ({
  epoch,
  startMs: 1_767_225_600_000n + epoch * 60_000n,
  endMs: 1_767_225_660_000n + epoch * 60_000n,
  entropy: `0x${epoch.toString(16).padStart(64, '7')}` as Hex,
})
const BEHAVIOURS = ['honest', 'honest', 'honest', 'late', 'silent', 'understaked', 'impostor', 'early', 'repeater']
export const pingFleet = makeDevices('ping', BEHAVIOURS)
const devices = new Map(pingFleet.map(({ device }) => [device.deviceId, device]))
const CUSTOMER: Address = '0xc000000000000000000000000000000000000c00'
export const [pingFirst, pingSecond] = [pingFleet[0]!.device, pingFleet[1]!.device]
export const pingUnderstaked = pingFleet[5]!.device

// The ping test world, for assembleEpochInput.test.ts and the golden epochs: nine devices of every
// behaviour. Every device bonds the minimum before epoch 3's entropy block (6); the understaked one unbonds
// half after it (block 7, inside the epoch), once its challenges are fixed; the customer pays the
// first device 30 tokens and the second 10 during the epoch, and the first 99 more after it ends.
const events = pingEvents([
  ...pingFleet.map(({ device }) => ({
    eventName: 'StakeBonded' as const,
    block: 5n,
    timestampMs: pingWindow(3n).startMs - 1_000n,
    deviceId: device.deviceId,
    operator: device.owner,
    amount: PING_TEST_PARAMS.minStake,
  })),
  {
    eventName: 'StakeUnbonded',
    block: 7n,
    timestampMs: pingWindow(3n).startMs + 1_000n,
    deviceId: pingUnderstaked.deviceId,
    operator: pingUnderstaked.owner,
    amount: PING_TEST_PARAMS.minStake / 2n,
  },
  { eventName: 'ServicePaid', block: 7n, timestampMs: pingWindow(3n).startMs + 2_000n, deviceId: pingFirst.deviceId, customer: CUSTOMER, amount: 30n * TOKEN },
  { eventName: 'ServicePaid', block: 7n, timestampMs: pingWindow(3n).startMs + 3_000n, deviceId: pingSecond.deviceId, customer: CUSTOMER, amount: 10n * TOKEN },
  { eventName: 'ServicePaid', block: 9n, timestampMs: pingWindow(4n).startMs, deviceId: pingFirst.deviceId, customer: CUSTOMER, amount: 99n * TOKEN },
])
export const pingFacts = simulatedFacts(pingWindow, devices, events, 1_000n * TOKEN)
export const pingRules = {
  networkId: NETWORK_ID,
  kinds: new Map<string, Kind>([['ping', ping as Kind]]),
  kindParams: new Map([['ping', PING_TEST_PARAMS]]),
  pools: [
    { name: 'ping.availability', basisPoints: 6_000 },
    { name: 'ping.service', basisPoints: 3_000 },
    { name: 'treasury', basisPoints: 1_000 },
  ],
  residual: { name: 'treasury', recipient: TREASURY },
}

/** The fleet's answers to the challenges of `epoch`, as the ping simulator makes them, signed by each device. */
export async function pingAnswers(epoch: bigint): Promise<Uint8Array[]> {
  const { window: w, entropyBlock } = await pingFacts.epochOnChain(epoch)
  const challenges = await epochChallenges(pingFacts, pingRules, w, entropyBlock)
  const simulated = ping.simulate({
    epoch: w,
    devices: pingFleet.map(({ device, behaviour }) => ({ deviceId: device.deviceId, behaviour, location: null })),
    params: ping.parseParams(PING_TEST_PARAMS),
    random: seededRandom(11),
    challenges,
  })
  const keys = new Map(pingFleet.map(({ key, device }) => [device.deviceId, key]))
  const sequences = new Map<Hex, bigint>()
  return simulated.map((report) => {
    const sequence = (sequences.get(report.deviceId) ?? 0n) + 1n
    sequences.set(report.deviceId, sequence)
    return signReport(keys.get(report.deviceId)!, {
      networkId: NETWORK_ID,
      sequence,
      timestampMs: report.timestampMs,
      kind: 'ping',
      payloadType: report.payloadType,
      payload: report.payload,
    })
  })
}
