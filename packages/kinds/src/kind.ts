import type { KeyType } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import type { KindChain } from './chain.ts'
import type { Challenge, ChallengeInput, IssuedChallenge } from './challenge.ts'
import type { KindDevnet } from './devnet.ts'
import type { KindInputs } from './inputs.ts'
import type { KindReceipt } from './receipt.ts'
import type { KindSettlement } from './settlement.ts'

/**
 * The extension point of Pinion: a kind of physical work (uptime, wireless coverage, storage…).
 * A kind is deterministic: the same reports, devices and parameters give the same verdicts and
 * shares, bit for bit. It never reads the clock, never uses unseeded randomness, and never uses
 * floating point for anything that decides money (fixed-point bigint, rounding toward zero).
 */
export interface Kind<params = unknown, payload = unknown, carried = unknown> {
  /** The name reports carry in `kind`, e.g. "uptime": lower case letters and digits, the prefix of its reasons and pools. */
  readonly name: string
  /**
   * The version of the rules `verify`, `verifyEpoch`, `score`, `splitPools` and `carry` apply,
   * from 1. A change that would give an epoch other roots from the same inputs is a new version;
   * the version an epoch ran under is stored with it and signed in its paramsHash, and the older
   * rules stay reachable through `earlierRules` so a replay of that epoch applies them again.
   */
  readonly rulesVersion: number
  /** The kind as it was under each earlier rules version still replayable, by version. */
  readonly earlierRules?: ReadonlyMap<number, Kind<params, payload, carried>>
  /** One sentence on the physical work the kind pays for, for `pinion init`, the docs and the explorer. */
  readonly summary: string
  /**
   * Every reason this kind's verify can find a report invalid: stable code → what it means, in
   * words. The pipeline's own checks, before the kind sees a report, use COMMON_REASONS
   * (reasons.ts); a kind never reuses one of those codes for something else. The kind uses its codes
   * bare ("WITNESS_TOO_FAR"); everywhere outside it they are qualified by its name
   * ("wireless.WITNESS_TOO_FAR", qualifiedName.ts), so two kinds' codes never collide.
   */
  readonly reasons: Readonly<Record<string, string>>
  /**
   * Optional: the reasons that prove a device cheated rather than erred, each with how many of the
   * device's reports in one epoch must get it to count as proof (1 where one verdict is proof, more
   * where an honest device could get it now and then: a slow packet forwarder's late witness). On
   * networks with staking, a device that reaches one is slashed: the oracles sign an order against its
   * stake, with those reports as evidence, that takes effect after the dispute window.
   */
  readonly fraud?: Readonly<Record<string, number>>
  /** The payload types reports of this kind may carry, e.g. ["heartbeat"]; others get UNKNOWN_PAYLOAD_TYPE. */
  readonly payloadTypes: readonly string[]
  /**
   * The pools this kind's shares go to, by the kind's own names (e.g. ["coverage", "usage"]);
   * config, the API and the explorer name them qualified ("wireless.coverage").
   */
  readonly pools: readonly string[]
  /** The parameters a network gets when its config says nothing. */
  readonly defaultParams: params
  /**
   * Validates parameters from config, with messages that say what was given and what was expected.
   * `undefined` (config says nothing) gives `defaultParams`; its own output parses unchanged.
   * Optionally, given the `network` the parameters run in (when a network's config loads), also the
   * kind's rules between its parameters and the network: a sub-interval that must divide the epoch,
   * challenges that must fit in it. Those rules' problems come out like the schema's (parseWithSchema).
   */
  parseParams(input: unknown, network?: ParamsNetwork): params
  /**
   * Decodes a payload of one of `payloadTypes`; throws for bytes that are not one (the report then
   * gets reason MALFORMED_PAYLOAD).
   */
  decodePayload(payloadType: string, bytes: Uint8Array): payload
  /** The verdict on one report whose envelope, signature and device already checked out. */
  verify(report: KindReport<payload>, ctx: VerifyContext<params, carried>): Verdict
  /**
   * Optional second pass for rules that need the whole epoch (a witness needs its beacon; a ring is
   * a property of the witness graph). Gets every report that passed `verify`, in canonical order,
   * and returns the ones it invalidates: report id → a reason from `reasons`. Reports it leaves out
   * stay valid. `rejectedByVerify` is every report `verify` itself rejected with one of `reasons`,
   * also in canonical order, for rules an invalid report still counts toward (Helium's failed beacon
   * uses up its window); they stay rejected whatever verifyEpoch returns. Deterministic like
   * everything else: it may depend on the order it is given.
   */
  verifyEpoch?(reports: readonly KindReport<payload>[], ctx: ScoreContext<params, carried>, rejectedByVerify: readonly KindReport<payload>[]): ReadonlyMap<Hex, string>
  /**
   * Optional: the challenges the network puts to devices in an epoch, derived only from `input`
   * (the epoch's entropy, the registry and stake as of the block that gave it), so every oracle and
   * every replay derives the same ones. The oracle serves them to devices from the epoch's start;
   * answers come back as reports, and `verify` and `score` see the issued challenges in
   * `ctx.inputs.challenges`.
   */
  challenges?(input: ChallengeInput<params>): IssuedChallenge[]
  /**
   * Optional: the kind's own contracts' events (packages/contracts/src/kinds/<kind>/) that the
   * follower indexes, and how they fold into the kind's inputs (stake, revenue).
   */
  readonly chain?: KindChain<params>
  /** Optional: what `pinion up` does on chain for a simulated network of this kind (bond stake, pay as customers). */
  readonly devnet?: KindDevnet<params>
  /**
   * Optional: the usage receipts among the epoch's valid reports (service a customer counter-signed,
   * to be paid in credits), at most one per report, each for a device of this kind. The pipeline
   * charges them in canonical report order against each service key's credit escrow; a report whose
   * receipt the escrow cannot pay becomes invalid (CREDITS_EXHAUSTED) before `score` sees it, and
   * what the paid ones cost, valued in tokens, is each device's revenue in `ctx.inputs.revenue`.
   * Asked only on networks that run the Credits contract.
   */
  receipts?(reports: readonly KindReport<payload>[], ctx: ScoreContext<params, carried>): KindReceipt[]
  /**
   * Optional: records the oracles settle on one of the kind's own contracts once the epoch's root is
   * committed, computed from its verdicts (the storage kind's proving periods: each deal's escrow
   * released for a proven period, a fault's fee taken from its collateral). See settlement.ts.
   */
  readonly settlement?: KindSettlement<payload, params, carried>
  /**
   * Optional: true when the kind judges and scores each device on its own reports alone: `verify`
   * reads one report, and `verifyEpoch` (if any) and `score` give each device exactly what they give
   * when called with that device's reports alone — `score` of the whole epoch is the concatenation,
   * in ascending device id, of `score` of each device's reports. Such a kind's epoch can be computed
   * streaming, device by device in canonical order, holding one device's reports at a time
   * (packages/oracle/src/epoch/streamEpoch.ts). Rules across devices (a witness needs another
   * device's beacon, pools valued by totals) must leave it unset.
   */
  readonly eachDeviceAlone?: boolean
  /** Turns an epoch's valid reports into shares per device per pool, each explained. */
  score(reports: readonly KindReport<payload>[], ctx: ScoreContext<params, carried>): Share[]
  /**
   * Optional: how the kind's pools divide their combined budget this epoch, in basis points of it
   * per pool (summing to 10,000), e.g. a coverage pool that shrinks as a usage pool grows. Without
   * it, each pool keeps the basis points the network's config gives it.
   */
  splitPools?(shares: readonly Share[], ctx: ScoreContext<params, carried>): Readonly<Record<string, number>>
  /**
   * Optional: what the kind carries from one epoch into the next (activity within a window longer
   * than an epoch, such as Helium's 48 h reciprocity). Given the previous epoch's carried value
   * (null for the first epoch) and this epoch's valid reports, returns the next one. It must be
   * JSON-serialisable with bigints as decimal strings, and parse back with `parseCarried`.
   * `rejected` is every report of this kind the kind itself rejected this epoch (in `verify` or
   * `verifyEpoch`, with a reason from `reasons`; not the pipeline's common checks), in canonical
   * order: which device and why, so a verdict on a device can outlast its epoch.
   */
  carry?(previous: carried | null, reports: readonly KindReport<payload>[], ctx: ScoreContext<params, carried>, rejected: readonly RejectedReport[]): carried
  /** Validates a carried value read back from storage or a peer (required with `carry`). */
  parseCarried?(input: unknown): carried
  /** Behaviours that produce reports for simulated devices, honest and adversarial. */
  simulate(input: SimulateInput<params>): SimulatedReport[]
  /**
   * Optional: every behaviour `simulate` knows, "honest" among them (a fleet config naming another
   * is refused before anything runs).
   */
  readonly behaviours?: readonly string[]
  /**
   * Optional, for kinds whose devices have a place: where a simulated fleet's devices say they are
   * (asserted on chain when the fleet registers) and where they really are, one per behaviour given.
   */
  placeFleet?(input: PlaceFleetInput<params>): DevicePlacement[]
}

/** The network a kind's parameters are checked against when its config loads (Kind.parseParams). */
export type ParamsNetwork = {
  /** The length of the network's epochs, ms. */
  readonly epochMs: bigint
}

/** A report the kind rejected (Kind.carry): its device and the kind's reason. */
export type RejectedReport = {
  readonly deviceId: Hex
  readonly reason: string
  /** The report itself, decoded, when the pipeline has it (it always does when computing an epoch). */
  readonly report?: KindReport
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

/** One location assertion from the registry, as of the block that made it. */
export type LocationAssertion = {
  /** H3 cell (uint64). */
  cell: bigint
  /** Timestamp of the block that asserted it, unix ms. */
  atMs: bigint
  /** Antenna gain, tenths of dBi (Helium's deci-dBi). */
  antennaGain: number
  /** Elevation above ground, metres. */
  elevation: number
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
  /** Every location assertion up to the epoch's end, oldest first (the last one is `location`). */
  locations: readonly LocationAssertion[]
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

export type VerifyContext<params, carried = unknown> = {
  epoch: EpochWindow
  device: DeviceRecord
  params: params
  /** What the kind carried out of the previous epoch (see Kind.carry), or null. */
  carried: carried | null
  /** The epoch's inputs beyond reports: issued challenges, revenue, stake (empty when the kind has none). */
  inputs: KindInputs
}

export type ScoreContext<params, carried = unknown> = {
  epoch: EpochWindow
  devices: ReadonlyMap<Hex, DeviceRecord>
  params: params
  /** What the kind carried out of the previous epoch (see Kind.carry), or null. */
  carried: carried | null
  /** The epoch's inputs beyond reports: issued challenges, revenue, stake (empty when the kind has none). */
  inputs: KindInputs
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

/** A simulated device: its id, how it behaves, and where it says it is. */
export type SimulatedDevice = {
  deviceId: Hex
  behaviour: string
  /** The asserted location (H3 cell), or null. */
  location: bigint | null
  /** Where it really is, when that differs from `location` (a GPS spoofer); default `location`. */
  actualLocation?: bigint | null
  /** Asserted antenna gain, tenths of dBi. */
  antennaGain?: number
  /** The registry's device class, for kinds whose hardware differs by class (a secure concentrator); default none. */
  deviceClass?: number
}

export type PlaceFleetInput<params> = {
  /** One behaviour per device, in fleet order. */
  behaviours: readonly string[]
  params: params
  /** Seeded random source in [0, 1). */
  random: () => number
}

/** Where a simulated device is asserted and where it really is. */
export type DevicePlacement = {
  /** Location to assert on chain (H3 cell), or null to assert none. */
  asserted: bigint | null
  /** Where the device really is; differs from `asserted` for spoofers. */
  actual: bigint | null
  /** Antenna gain to assert, tenths of dBi. */
  antennaGain: number
  /** Elevation to assert, metres. */
  elevation: number
}

export type SimulateInput<params> = {
  epoch: EpochWindow
  devices: readonly SimulatedDevice[]
  params: params
  /** The challenges the oracle served the fleet's devices for this epoch (kinds with `challenges`). */
  challenges?: readonly Challenge[]
  /** Seeded random source in [0, 1): simulations are reproducible from the seed. */
  random: () => number
  /**
   * The first epoch the simulated fleet runs (it sent nothing before), when the caller knows it: a
   * kind whose devices follow a schedule over several epochs (the compute kind's commit, then
   * reveal) starts it there rather than in epochs nobody simulated.
   */
  since?: bigint
}

/** A report a simulated device will sign and send; the device package signs it. */
export type SimulatedReport = { deviceId: Hex; timestampMs: bigint; payloadType: string; payload: Uint8Array }
