import { PinionError } from '@pinion/protocol'
import { type Hex, encodeAbiParameters, keccak256 } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import type { SimulateInput, SimulatedDevice, SimulatedReport } from '../src/kind.ts'
import type { PingParams } from './params.ts'
import { PING_CHALLENGE_TYPE, PONG_PAYLOAD_TYPE, decodePing, encodePong, pongAnswer } from './payload.ts'

/**
 * How simulated ping devices behave, given the challenges the oracle served the fleet this epoch:
 * - honest: answers each of its challenges correctly, at a seeded moment in [issuedAt, deadline).
 * - late: answers each correctly, after its deadline but inside the epoch (ANSWERED_LATE); a
 *   challenge due at the epoch's last millisecond leaves no such moment and gets no answer.
 * - silent: never answers (no reports, no shares).
 * - understaked: answers like honest; its operator bonds half of minStake (devnet.ts). Challenged
 *   only while its stake as of the entropy block reached minStake, and paid only if it still does at
 *   the epoch's end: otherwise its pongs are STAKE_TOO_LOW.
 * - impostor (adversarial): answers its own challenges with a guess instead of reading the nonce
 *   (WRONG_ANSWER), another device's challenge correctly, as if it were that device
 *   (NOT_YOUR_CHALLENGE), and a challenge nobody issued (UNKNOWN_CHALLENGE).
 * - early (adversarial): answers each correctly but stamps the answer before the challenge was issued
 *   — the challenges are public from the epoch's start — hoping to look always-on (ANSWERED_EARLY).
 * - repeater (adversarial): answers each challenge twice inside its window, hoping both count: the
 *   first does, the second is DUPLICATE_ANSWER.
 * None of these names is one of the fleet's envelope adversaries (forger, replayer, wrong-network),
 * which the fleet runs as honest.
 */
export const PING_BEHAVIOURS = ['honest', 'late', 'silent', 'understaked', 'impostor', 'early', 'repeater'] as const
export type PingBehaviour = (typeof PING_BEHAVIOURS)[number]

const MADE_UP_CHALLENGE_DOMAIN = 'pinion/ping/simulated-made-up-challenge/v1'

type Answer = { timestampMs: bigint; challengeId: Hex; answer: Hex }

/** Pongs for each device by its behaviour, device by device, each device's in time order. Deterministic given `random`. */
export function simulatePing(input: SimulateInput<PingParams>): SimulatedReport[] {
  const challenges = (input.challenges ?? []).filter((c) => c.kind === 'ping' && c.challengeType === PING_CHALLENGE_TYPE)
  const byDevice = new Map<Hex, Challenge[]>()
  for (const c of challenges) {
    let own = byDevice.get(c.deviceId)
    if (own === undefined) byDevice.set(c.deviceId, (own = []))
    own.push(c)
  }
  const reports: SimulatedReport[] = []
  for (const device of input.devices) {
    const answers = answersOf(device, byDevice.get(device.deviceId) ?? [], challenges, input)
    answers.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
    for (const { timestampMs, challengeId, answer } of answers) {
      reports.push({ deviceId: device.deviceId, timestampMs, payloadType: PONG_PAYLOAD_TYPE, payload: encodePong({ challengeId, answer }) })
    }
  }
  return reports
}

function answersOf(device: SimulatedDevice, own: readonly Challenge[], all: readonly Challenge[], input: SimulateInput<PingParams>): Answer[] {
  const { epoch, random } = input
  /** A seeded moment in [low, high), or null when there is none. */
  const between = (low: bigint, high: bigint): bigint | null => (high > low ? low + BigInt(Math.floor(random() * Number(high - low))) : null)
  const correct = (c: Challenge, at: bigint | null): Answer[] =>
    at === null ? [] : [{ timestampMs: at, challengeId: c.challengeId, answer: pongAnswer(decodePing(c.payload), c.deviceId) }]
  const inWindow = (c: Challenge) => between(c.issuedAtMs, c.deadlineMs) ?? c.issuedAtMs

  switch (device.behaviour as PingBehaviour) {
    case 'honest':
    case 'understaked':
      return own.flatMap((c) => correct(c, inWindow(c)))
    case 'late':
      return own.flatMap((c) => correct(c, between(c.deadlineMs + 1n, epoch.endMs)))
    case 'silent':
      return []
    case 'early':
      return own.flatMap((c) => correct(c, between(epoch.startMs, c.issuedAtMs)))
    case 'repeater':
      return own.flatMap((c) => {
        const first = inWindow(c)
        return [...correct(c, first), ...correct(c, between(first, c.deadlineMs + 1n) ?? first)]
      })
    case 'impostor': {
      const guesses = own.map((c) => ({ timestampMs: inWindow(c), challengeId: c.challengeId, answer: keccak256(c.challengeId) }))
      const others = all.filter((c) => c.deviceId !== device.deviceId)
      const stolen: Answer[] = []
      if (others.length > 0) {
        const victim = others[Math.floor(random() * others.length)]!
        stolen.push(...correct(victim, inWindow(victim)))
      }
      const madeUp = keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }, { type: 'uint64' }], [MADE_UP_CHALLENGE_DOMAIN, device.deviceId, epoch.epoch]))
      const at = between(epoch.startMs, epoch.endMs) ?? epoch.startMs
      return [...guesses, ...stolen, { timestampMs: at, challengeId: madeUp, answer: keccak256(madeUp) }]
    }
    default:
      throw new PinionError('PINION_ERR_SIMULATION', `ping has no behaviour "${device.behaviour}"; expected one of ${PING_BEHAVIOURS.join(', ')}`)
  }
}
