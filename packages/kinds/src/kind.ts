import type { KeyType } from '@pinion/protocol'
import type { Address, Hex } from 'viem'

/**
 * The extension point of Pinion: a kind of physical work (uptime, wireless coverage, storage…).
 * A kind is deterministic: the same reports, devices and parameters give the same verdicts and
 * shares, bit for bit. It never reads the clock, never uses unseeded randomness, and never uses
 * floating point for anything that decides money (fixed-point bigint, rounding toward zero).
 */
export interface Kind<params = unknown, payload = unknown> {
  /** The name reports carry in `kind`, e.g. "uptime". */
  readonly name: string
  /**
   * Every reason this kind's verify can find a report invalid: stable code → what it means, in
   * words. The pipeline's own checks, before the kind sees a report, use COMMON_REASONS
   * (reasons.ts); a kind never reuses one of those codes for something else.
   */
  readonly reasons: Readonly<Record<string, string>>
  /** The payload types reports of this kind may carry, e.g. ["heartbeat"]; others get UNKNOWN_PAYLOAD_TYPE. */
  readonly payloadTypes: readonly string[]
  /** The pools this kind's shares go to, e.g. ["uptime"]. */
  readonly pools: readonly string[]
  /** The parameters a network gets when its config says nothing. */
  readonly defaultParams: params
  /**
   * Validates parameters from config, with messages that say what was given and what was expected.
   * `undefined` (config says nothing) gives `defaultParams`; its own output parses unchanged.
   */
  parseParams(input: unknown): params
  /**
   * Decodes a payload of one of `payloadTypes`; throws for bytes that are not one (the report then
   * gets reason MALFORMED_PAYLOAD).
   */
  decodePayload(payloadType: string, bytes: Uint8Array): payload
  /** The verdict on one report whose envelope, signature and device already checked out. */
  verify(report: KindReport<payload>, ctx: VerifyContext<params>): Verdict
  /** Turns an epoch's valid reports into shares per device per pool, each explained. */
  score(reports: readonly KindReport<payload>[], ctx: ScoreContext<params>): Share[]
  /** Behaviours that produce reports for simulated devices, honest and adversarial. */
  simulate(input: SimulateInput<params>): SimulatedReport[]
}

/** A report as a kind sees it: envelope fields and the decoded payload. */
export type KindReport<payload = unknown> = {
  /** keccak256 of the SignedReport bytes: unique per report. */
  reportId: Hex
  deviceId: Hex
  sequence: bigint
  timestampMs: bigint
  payloadType: string
  payload: payload
}

/** A device as the registry knew it at the end of the epoch. */
export type DeviceRecord = {
  deviceId: Hex
  owner: Address
  /** Where rewards go: the recipient set on chain, or the owner. */
  recipient: Address
  deviceClass: number
  keyType: KeyType
  publicKey: Hex
  /** H3 cell (uint64) of the last asserted location, or null. */
  location: bigint | null
  active: boolean
}

export type EpochWindow = {
  epoch: bigint
  /** Inclusive start, unix ms. */
  startMs: bigint
  /** Exclusive end, unix ms. */
  endMs: bigint
  /** Unpredictable until the epoch began (a block hash), for kinds that challenge devices. */
  entropy: Hex
}

export type Verdict = { valid: true } | { valid: false; reason: string }

export type VerifyContext<params> = {
  epoch: EpochWindow
  device: DeviceRecord
  params: params
}

export type ScoreContext<params> = {
  epoch: EpochWindow
  devices: ReadonlyMap<Hex, DeviceRecord>
  params: params
}

/** One multiplier of a share, fixed point (ONE = ×1), with why it applied. */
export type Multiplier = { name: string; value: bigint; why: string }

/** A device's weight in a pool for an epoch, and everything that produced it. */
export type Share = {
  deviceId: Hex
  pool: string
  /** Base weight before multipliers (fixed point, ONE = one unit of work). */
  base: bigint
  multipliers: Multiplier[]
  /** base × every multiplier, each step rounded toward zero. */
  weight: bigint
  /** The facts the base came from, for the explanation shown to operators. */
  inputs: Record<string, string | number | boolean>
}

/** A simulated device: its id and how it behaves. */
export type SimulatedDevice = { deviceId: Hex; behaviour: string; location: bigint | null }

export type SimulateInput<params> = {
  epoch: EpochWindow
  devices: readonly SimulatedDevice[]
  params: params
  /** Seeded random source in [0, 1): simulations are reproducible from the seed. */
  random: () => number
}

/** A report a simulated device will sign and send; the device package signs it. */
export type SimulatedReport = { deviceId: Hex; timestampMs: bigint; payloadType: string; payload: Uint8Array }
