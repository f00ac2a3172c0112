import type { JSONSchema } from 'json-schema-to-ts'

/*
 * JSON Schemas of the read API's answers (status 200), one per route, registered as the route's
 * `schema.response[200]`: Fastify serialises each answer with its schema (fast-json-stringify), and
 * apiTypes.ts derives the TypeScript types clients read (the explorer) from the same schemas. One
 * source of truth for what a route answers.
 *
 * What the serialiser does with a schema, and so the rules every schema here keeps:
 * - Properties the schema does not name are dropped, and values are coerced to the declared type:
 *   a schema must describe exactly what its handler returns. responseSchemas.db.test.ts checks
 *   every route's raw handler output against its schema (no undeclared field, no coercion).
 * - Every object is closed (`additionalProperties: false`, or a schema for the values of a map), and
 *   names which properties are always there (`required`); the derived type is then exact.
 * - Numbers that do not fit a JS number (token amounts, epochs, blocks, ms timestamps) are decimal
 *   strings; hex values (ids, addresses, hashes, signatures, signed bytes) match HEX_PATTERN, which
 *   apiTypes.ts reads as `0x${string}`.
 * - Nothing here imports server code: apiTypes.ts, and through it this file, is compiled into the
 *   explorer's browser typecheck.
 */

/** Hex text, `0x` and hex digits: device and report ids, addresses, hashes, signatures, signed bytes. */
export const HEX_PATTERN = '^0x[0-9a-fA-F]*$'

const hex = { type: 'string', pattern: HEX_PATTERN } as const

/** A whole number in decimal, as text: token amounts, epochs, blocks, sequences, ms timestamps. */
const decimal = { type: 'string', pattern: '^-?(0|[1-9][0-9]*)$' } as const

/** A count of rows or devices: a JSON number. */
const count = { type: 'integer', minimum: 0 } as const

const text = { type: 'string' } as const

type Properties = Record<string, JSONSchema>

/** An object with exactly these properties, every one always present. */
function object<const properties extends Properties>(properties: properties) {
  return { type: 'object', properties, required: Object.keys(properties) as (keyof properties & string)[], additionalProperties: false } as const
}

/** `object(properties)`, or null. */
function nullableObject<const properties extends Properties>(properties: properties) {
  return { ...object(properties), type: ['object', 'null'] } as const
}

/** An object with these properties, `required` always present and the others present or absent. */
function objectWithOptional<const properties extends Properties, const optional extends Properties>(properties: properties, optional: optional) {
  return {
    type: 'object',
    properties: { ...properties, ...optional },
    required: Object.keys(properties) as (keyof properties & string)[],
    additionalProperties: false,
  } as const
}

/** A JSON object used as a map: any keys, every value matching `values`. */
function map<const values extends JSONSchema>(values: values) {
  return { type: 'object', additionalProperties: values } as const
}

function list<const items extends JSONSchema>(items: items) {
  return { type: 'array', items } as const
}

const nullableDecimal = { ...decimal, type: ['string', 'null'] } as const

// ---------------------------------------------------------------------------------------------
// Ingest

/** Every error, of every route: a stable code (ERRORS.md) and a message naming the offending value. */
export const errorBodySchema = objectWithOptional({ code: text, message: text }, { retryAfterMs: count })

/** POST /v1/reports, 200: the report is stored (accepted), or was already (duplicate). A refusal answers `{ code, message }` with the code's status. */
export const ingestVerdictResponse = object({ status: { type: 'string', enum: ['accepted', 'duplicate'] }, reportId: hex })

/** POST /v1/reports/batch, 200: a verdict per report, in order, with the refusals' codes. */
export const ingestBatchResponse = object({
  accepted: count,
  duplicates: count,
  rejected: count,
  results: list(objectWithOptional({ index: count, status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] } }, { code: text })),
})

// ---------------------------------------------------------------------------------------------
// Network

/** What /v1/status says about the network, when the oracle was started with it (startOracle). */
const networkFactsProperties = {
  chainId: count,
  networkId: hex,
  /** The contracts' addresses and the block of the last deployment transaction (the deployment). */
  contracts: objectWithOptional(
    { chainId: count, token: hex, registry: hex, emissions: hex, distributor: hex, blockNumber: decimal },
    // Absent from the deployment of a network deployed before governance (and its deployer records).
    { params: hex, timelock: hex, governor: hex, deployer: hex, deployedBy: hex, guardian: hex },
  ),
  schedule: object({ genesisTime: decimal, epochDuration: decimal }),
  database: { type: 'string', enum: ['pglite', 'postgres'] },
} as const

/** The network facts an oracle serves in /v1/status: all of them, as startOracle gives them. */
export const networkFactsSchema = object(networkFactsProperties)

/** GET /v1/status: this oracle, the network facts (when it has them), and counts. */
export const statusResponse = objectWithOptional(
  {
    oracle: hex,
    devices: count,
    activeDevices: count,
    reports: count,
    latestEpoch: nullableDecimal,
    latestCommittedEpoch: nullableDecimal,
    /** The last registry block the chain follower applied. */
    processedBlock: nullableDecimal,
  },
  networkFactsProperties,
)

/** GET /v1/activity: devices that reported within the last epoch's length. */
export const activityResponse = object({ windowMs: decimal, onlineDevices: count, recentReports: count, lastReportMs: nullableDecimal })

/** GET /v1/reasons: every reason code the network can give (kinds' codes qualified, `<kind>.<CODE>`), in words. */
export const reasonsResponse = object({ reasons: map(text) })

/** GET /v1/challenges: an epoch's challenges (challengeToJson), each with the id its fields hash to. */
export const challengesResponse = object({
  epoch: decimal,
  challenges: {
    type: 'array',
    items: object({ challengeId: hex, kind: text, epoch: decimal, deviceId: hex, challengeType: text, payload: hex, issuedAtMs: decimal, deadlineMs: decimal }),
  },
})

/** Pool name → amount; a kind's pools are qualified (`<kind>.<pool>`). */
const poolAmounts = map(decimal)

/** GET /v1/stats: per-epoch network figures for charts. */
export const statsResponse = object({
  epochs: list(
    object({
      epoch: decimal,
      emission: decimal,
      totalCumulative: decimal,
      reports: count,
      validReports: count,
      devices: count,
      paidDevices: count,
      committed: { type: 'boolean' },
      pools: poolAmounts,
    }),
  ),
})

/** GET /v1/emissions: per epoch, what it emitted, what all epochs so far emitted, what recipients earned in total. */
export const emissionsResponse = object({
  epochs: list(object({ epoch: decimal, emission: decimal, emitted: decimal, totalCumulative: decimal, reportingDevices: count, committed: { type: 'boolean' } })),
})

// ---------------------------------------------------------------------------------------------
// Epochs

/** One computed epoch: the values the oracles sign, report counts, and its commit on chain (or null). */
export const epochSummarySchema = object({
  epoch: decimal,
  startMs: decimal,
  endMs: decimal,
  endBlock: nullableDecimal,
  entropy: hex,
  inputsHash: hex,
  paramsHash: hex,
  emission: decimal,
  root: hex,
  totalCumulative: decimal,
  reports: count,
  validReports: count,
  devices: count,
  committed: nullableObject({ transaction: hex, block: decimal }),
  /**
   * Where the epoch's rewards stand, in the one word the CLI and the explorer both show (ROOT_STATES):
   * its root is on chain, or a later epoch's root is (roots are cumulative, so that pays this epoch
   * too), or neither yet.
   */
  rootState: { type: 'string', enum: ['committed', 'in a later root', 'pending'] },
})

/** GET /v1/epochs: the latest computed epochs, newest first. */
export const epochsResponse = object({ epochs: list(epochSummarySchema) })

/** GET /v1/epochs/:epoch: the epoch, its pool allocations and the root signatures this oracle holds. */
export const epochDetailResponse = object({
  ...epochSummarySchema.properties,
  /** The rules version each kind ran under, by kind: a replay applies the same. */
  rules: map(count),
  /** The paramsHash document version (2: before rules versions and kind inputs; 3 since). */
  paramsDocument: count,
  pools: list(object({ pool: text, basisPoints: count, allocation: decimal, paid: decimal, remainder: decimal, totalWeight: decimal })),
  signatures: list(object({ oracle: hex, version: count, root: hex, signature: hex })),
})

/** GET /v1/epochs/:epoch/recipients: the leaves of the epoch's reward tree, largest first. */
export const epochRecipientsResponse = object({
  epoch: decimal,
  total: count,
  recipients: list(object({ recipient: hex, cumulativeAmount: decimal, earnedInEpoch: decimal })),
})

// ---------------------------------------------------------------------------------------------
// Devices

/** A device as the registry's events left it, and the kinds of the reports it sent. */
const deviceSummaryProperties = {
  deviceId: hex,
  owner: hex,
  /** Where its rewards go: the owner unless it set another recipient. */
  recipient: hex,
  recipientIsOwner: { type: 'boolean' },
  deviceClass: count,
  keyType: { type: 'string', enum: ['ed25519', 'p256'] },
  publicKey: hex,
  maker: hex,
  serial: hex,
  /** The latest asserted H3 cell, the uint64 in decimal; null before any assertion. */
  location: nullableDecimal,
  status: { type: 'string', enum: ['active', 'suspended', 'retired'] },
  registeredBlock: decimal,
  registeredTimeMs: decimal,
  /** The kinds of the reports this oracle stored from the device (e.g. uptime, wireless), sorted; empty before its first. */
  kinds: list(text),
} as const

/** GET /v1/devices: a page of devices in order of registration, with what each earned so far. */
export const devicesResponse = object({
  total: count,
  devices: list(object({ ...deviceSummaryProperties, earned: decimal })),
})

/** One LocationAsserted event of the device since its latest registration. */
const locationAssertionSchema = object({
  /** The H3 cell, the uint64 in decimal. */
  cell: decimal,
  /** Tenths of dBi. */
  antennaGain: { type: 'integer' },
  /** Metres above ground. */
  elevation: { type: 'integer' },
  locationNonce: count,
  block: decimal,
  timeMs: decimal,
})

/** GET /v1/devices/:deviceId: the device, its location history and what it earned per epoch. */
export const deviceDetailResponse = object({
  ...deviceSummaryProperties,
  locations: list(locationAssertionSchema),
  earnings: list(object({ epoch: decimal, amount: decimal })),
})

/** A reason code (`BAD_SIGNATURE`, or a kind's qualified `wireless.WITNESS_TOO_FAR`) with its words. */
const reasonCount = object({ reason: text, reasonText: text, count })

/** GET /v1/devices/:deviceId/epochs: the device's latest computed epochs, oldest first. */
export const deviceEpochsResponse = object({
  deviceId: hex,
  epochs: list(object({ epoch: decimal, validReports: count, invalidReports: count, invalidReasons: list(reasonCount), pools: poolAmounts, amount: decimal })),
})

/** One multiplier of a share: fixed point (10^18 = ×1), with why it applied. */
const multiplierSchema = object({ name: text, value: decimal, why: text })

/** GET /v1/devices/:deviceId/epochs/:epoch: every verdict, every share with its inputs and multipliers, and the amount. */
export const deviceEpochExplanationResponse = object({
  deviceId: hex,
  epoch: decimal,
  verdicts: list(object({ reportId: hex, sequence: decimal, valid: { type: 'boolean' }, reason: { type: ['string', 'null'] }, reasonText: { type: ['string', 'null'] } })),
  shares: list(
    object({
      pool: text,
      recipient: hex,
      /** Fixed point, 10^18 = one unit of work. */
      base: decimal,
      weight: decimal,
      multipliers: list(multiplierSchema),
      /** The facts the base came from, as the kind gave them. */
      inputs: map({ type: ['string', 'number', 'boolean'] }),
      amount: decimal,
    }),
  ),
  amount: decimal,
})

/** Reports refused at ingest for one reason (an oracle error code, e.g. PINION_ERR_BAD_SIGNATURE), with its words. */
const rejectionCount = object({ reason: text, reasonText: text, count })

/**
 * GET /v1/devices/:deviceId/rejections: reports ingest refused that named the device, per epoch of
 * receipt (the oracle's clock when they arrived), newest first; epochs without any are left out.
 * Forged ones name the device without being from it.
 */
export const deviceRejectionsResponse = object({
  deviceId: hex,
  epochs: list(object({ epoch: decimal, total: count, reasons: list(rejectionCount) })),
})

/**
 * GET /v1/epochs/:epoch/rejections: every report ingest refused in the epoch (by receipt), per
 * reason: how many, and how many registered devices they named; `unregistered` counts those naming
 * no registered device (or none that could be read).
 */
export const epochRejectionsResponse = object({
  epoch: decimal,
  total: count,
  unregistered: count,
  reasons: list(object({ reason: text, reasonText: text, count, devices: count })),
})

/** GET /v1/devices/:deviceId/equivocations: reports the device signed under one sequence with different bodies. */
export const equivocationsResponse = object({
  deviceId: hex,
  equivocations: list(
    object({
      epoch: decimal,
      sequence: decimal,
      /** Each with its exact signed bytes, or null when this oracle does not hold them. */
      reports: list(object({ reportId: hex, signed: { ...hex, type: ['string', 'null'] } })),
    }),
  ),
})

// ---------------------------------------------------------------------------------------------
// Recipients and coverage

/** GET /v1/epochs/:epoch/attestations: what this oracle signed besides the root (a receipt settlement, slash orders). */
export const attestationsResponse = object({
  epoch: decimal,
  version: count,
  attestations: list(object({ subject: text, oracle: hex, digest: hex, signature: hex })),
})

/**
 * GET /v1/recipients/:address: cumulative rewards, and the proof to claim them against a committed
 * root; `delegations` are what the recipient was paid as a delegator of operators' pools, per epoch.
 */
export const recipientResponse = object({
  recipient: hex,
  devices: list(hex),
  cumulative: list(object({ epoch: decimal, amount: decimal })),
  delegations: list(object({ epoch: decimal, operator: hex, amount: decimal })),
  latest: nullableObject({ epoch: decimal, cumulativeAmount: decimal }),
  claim: nullableObject({ epoch: decimal, root: hex, cumulativeAmount: decimal, proof: list(hex) }),
})

/** GET /v1/coverage: located devices grouped into H3 cells, with how they did in the latest computed epoch. */
export const coverageResponse = object({
  resolution: count,
  epoch: nullableDecimal,
  located: count,
  unlocated: count,
  cells: list(
    object({
      /** The H3 index in lower-case hex, without 0x (h3-js's form). */
      cell: text,
      devices: count,
      active: count,
      reporting: count,
      earning: count,
      earned: decimal,
      deviceIds: list(hex),
    }),
  ),
})

// ---------------------------------------------------------------------------------------------
// The storage kind (/v1/kinds/storage/…): StorageMarket as its indexed events tell it

const nullableHex = { ...hex, type: ['string', 'null'] } as const
const nullableText = { type: ['string', 'null'] } as const
const flag = { type: 'boolean' } as const

/** A deal on StorageMarket: its terms, its pieces, where it stands, and what it still holds. */
const storageDealProperties = {
  dealId: decimal,
  /** The provider's device. */
  deviceId: hex,
  customer: hex,
  /** Who accepted it (and locked its collateral); null while proposed. */
  provider: nullableHex,
  state: { type: 'string', enum: ['proposed', 'active', 'completed', 'terminated', 'cancelled', 'ended'] },
  pricePerPeriod: decimal,
  periods: count,
  /** Proving periods StorageMarket recorded, proven or faulted. */
  periodsRecorded: count,
  faults: count,
  faultFee: decimal,
  maxConsecutiveFaults: count,
  collateral: decimal,
  collateralLeft: decimal,
  /** The escrow of the periods not recorded yet: pricePerPeriod × (periods − periodsRecorded) while proposed or active, else 0. */
  escrowLeft: decimal,
  /** Block time of its acceptance, unix ms; null while proposed. */
  acceptedAtMs: nullableDecimal,
  /** Its data set, in order: each piece's PDP root, tree height and challengeable leaves. */
  pieces: list(object({ root: hex, height: count, leafCount: decimal })),
  /** Σ leafCount × 32: the bytes its periods prove. */
  bytes: decimal,
} as const

/** GET /v1/kinds/storage/deals: a page of deals in deal id order. */
export const storageDealsResponse = object({ total: count, deals: list(object(storageDealProperties)) })

/** One proving period of a deal: how the oracles judged it, and what StorageMarket recorded for it. */
const storagePeriodSchema = object({
  epoch: decimal,
  proven: flag,
  /**
   * Null when proven. A fault's reason: the kind's reason for the provider's own proof of the period
   * (`storage.PROOF_INVALID`…), or `storage.PERIOD_NOT_PROVEN` when it sent none; null when this
   * oracle cannot tell (it did not judge the epoch).
   */
  reason: nullableText,
  reasonText: nullableText,
  /** StorageMarket's record of the period (PeriodProven or PeriodFaulted); null until it is settled on chain, or when the deal had ended by then. */
  settlement: nullableObject({ proven: flag, paid: decimal, fee: decimal, block: decimal, timeMs: decimal }),
})

/** GET /v1/kinds/storage/deals/:dealId: the deal, its termination, and a page of its proving periods, newest first. */
export const storageDealResponse = object({
  ...storageDealProperties,
  /** DealTerminated: the epoch whose fault ended it, the escrow refunded to the customer and the collateral burnt; null unless terminated. */
  termination: nullableObject({ epoch: decimal, refunded: decimal, slashed: decimal }),
  /** Every period the oracles judged or StorageMarket recorded; `provingPeriods` is one page of them. */
  provingPeriodsTotal: count,
  provingPeriods: list(storagePeriodSchema),
})

/** GET /v1/kinds/storage/providers: a page of the devices deals were made with, in order of their first deal. */
export const storageProvidersResponse = object({
  total: count,
  /** The epoch whose carried state the reputations are as of (the latest computed); null before any. */
  reputationEpoch: nullableDecimal,
  providers: list(
    object({
      deviceId: hex,
      /** Who accepted its latest accepted deal; null while it has only proposals. */
      provider: nullableHex,
      /** Σ bytes of its active deals. */
      bytesCommitted: decimal,
      dealsProposed: count,
      dealsActive: count,
      /** Completed, terminated, cancelled or ended. */
      dealsEnded: count,
      /** Periods StorageMarket recorded for its deals, all time. */
      periodsProven: count,
      periodsFaulted: count,
      /** Σ PeriodProven.paid: what its deals' escrows paid it. */
      paid: decimal,
      /** Σ PeriodFaulted.fee: taken from its collateral and burnt. */
      feesBurnt: decimal,
      /** The collateral StorageMarket holds for its active deals. */
      collateralHeld: decimal,
      /** Its audit reputation α/(α+β) (Storj's, λ 0.999) as a decimal fraction, e.g. "0.998"; "1" before its first period. */
      reputation: { type: 'string', pattern: '^(1|0(\\.[0-9]*[1-9])?)$' },
      /** Below 0.96: it earns no emissions. */
      disqualified: flag,
    }),
  ),
})

// ---------------------------------------------------------------------------------------------
// The compute kind (/v1/kinds/compute/…): ComputeMarket as its indexed events tell it

/** A bid on an order: which device bid what, where it stands, and the collateral it locks now. */
const computeBidSchema = object({
  bidId: decimal,
  deviceId: hex,
  /** The device's owner, who bid with it. */
  provider: hex,
  pricePerSecond: decimal,
  state: { type: 'string', enum: ['open', 'withdrawn', 'lost', 'won', 'no-show'] },
  /** What the bid locked when placed (ComputeMarket's BID_COLLATERAL). */
  collateral: decimal,
  /** What it locks now: its collateral while open, or while the lease it won is not over; else 0. */
  collateralLocked: decimal,
  /** Block time of the bid, unix ms. */
  placedAtMs: decimal,
})

/** GET /v1/kinds/compute/orders: a page of orders in order id order, each with its bids. */
export const computeOrdersResponse = object({
  total: count,
  orders: list(
    object({
      orderId: decimal,
      customer: hex,
      /** SHA-256 of the job manifest the order is for. */
      specHash: hex,
      cpuMillis: count,
      memoryMiB: count,
      storageMiB: count,
      maxPricePerSecond: decimal,
      /** 0: open-ended, until the deposit is spent. */
      durationSeconds: count,
      deposit: decimal,
      /** Unix seconds: when its (latest) bidding window ends or ended. */
      biddingEndsAt: decimal,
      approvalWindowSeconds: count,
      state: { type: 'string', enum: ['open', 'leased', 'cancelled'] },
      postedAtMs: decimal,
      /** Every lease formed from it, oldest first (more than one after a no-show). */
      leaseIds: list(decimal),
      bids: list(computeBidSchema),
    }),
  ),
})

/** A verdict ComputeMarket recorded for a lease in an epoch. */
const computeChainVerdictSchema = object({
  epoch: decimal,
  outcome: { type: 'string', enum: ['verified', 'faulted', 'skipped'] },
  /** The fault code recorded: 0 for none (packages/kinds/compute/settlement.ts: FAULT_CODES). */
  fault: count,
  block: decimal,
  timeMs: decimal,
  /** faulted: released pay paid to the provider, held pay and unspent deposit refunded, collateral burnt; else 0. */
  paid: decimal,
  refunded: decimal,
  slashed: decimal,
})

/** A lease on ComputeMarket as of the chain's time: its terms, where it stands, and its money as leaseOf gives it. */
const computeLeaseProperties = {
  leaseId: decimal,
  orderId: decimal,
  bidId: decimal,
  /** The provider's device, and its owner. */
  deviceId: hex,
  provider: hex,
  customer: hex,
  specHash: hex,
  pricePerSecond: decimal,
  deposit: decimal,
  durationSeconds: count,
  approvalWindowSeconds: count,
  /** ComputeMarket's LeaseState. */
  state: { type: 'string', enum: ['formed', 'active', 'closed', 'finalized', 'no-show', 'faulted'] },
  /** Why it stopped accruing (LeaseClosed's reason); null unless closed. */
  closeReason: { type: ['string', 'null'], enum: ['customer', 'provider', 'time-up', 'depleted', 'fault', null] },
  formedAtMs: decimal,
  /** Unix ms; null until started. */
  startedAtMs: nullableDecimal,
  /** Unix ms: when accrual stops (active) or stopped; null until started. */
  endsAtMs: nullableDecimal,
  /** Unix ms: what the customer approved up to; null for nothing. */
  approvedUntilMs: nullableDecimal,
  /** As of `asOfMs`: price × seconds run. */
  accrued: decimal,
  /** Paid to the provider's balance so far. */
  paid: decimal,
  /** What settle() would pay now: released (approved, or older than the approval window) and unpaid. */
  releasable: decimal,
  /** What the market still holds for the lease: the deposit less what was paid while formed or active, unpaid accruals once closed, else 0. */
  escrowLeft: decimal,
  /** The bid collateral the lease locks: until it is over, then 0. */
  collateralLocked: decimal,
  /** Epochs the oracles verified it on chain (LeaseVerified). */
  verifiedEpochs: count,
  /** The fault that ended it (LeaseFaulted) with the kind's reason (qualified) and its words; null unless faulted. */
  fault: nullableObject({
    epoch: decimal,
    code: count,
    reason: nullableText,
    reasonText: nullableText,
    paid: decimal,
    refunded: decimal,
    slashed: decimal,
  }),
} as const

/** GET /v1/kinds/compute/leases: a page of leases in lease id order, each with ComputeMarket's verdicts on it. */
export const computeLeasesResponse = object({
  total: count,
  /** The chain time (unix ms) the money is as of: the oracle's clock, never before the last indexed event. */
  asOfMs: decimal,
  leases: list(object({ ...computeLeaseProperties, verdicts: list(computeChainVerdictSchema) })),
})

/** A commit or reveal report on a task, with this oracle's verdict on it. */
const computeTaskReportProperties = {
  epoch: decimal,
  reportId: hex,
  timestampMs: decimal,
  valid: flag,
  /** Null when valid: the reason code (`compute.RESULT_MISMATCH`…) and its words. */
  reason: nullableText,
  reasonText: nullableText,
} as const

/** GET /v1/kinds/compute/leases/:leaseId: the lease, its escrow over time, its tasks and a page of its verdicts, newest first. */
export const computeLeaseResponse = object({
  ...computeLeaseProperties,
  asOfMs: decimal,
  /** The escrow at each of the lease's events, where its paid-for time ran out, and now while it is not over. */
  escrow: list(
    object({
      timeMs: decimal,
      event: { type: 'string', enum: ['formed', 'started', 'approved', 'settled', 'closed', 'faulted', 'finalized', 'no-show', 'ended', 'now'] },
      accrued: decimal,
      paid: decimal,
      /** What the deposit covers (price × the seconds it buys, capped by the duration) less what had accrued; 0 once stopped. */
      escrowLeft: decimal,
      /** Accrued, not paid out: held for the approval window. */
      held: decimal,
    }),
  ),
  /** Each task its provider reported on, by index. */
  tasks: list(
    object({
      task: count,
      commits: list(object(computeTaskReportProperties)),
      reveals: list(object({ ...computeTaskReportProperties, exitCode: count, fuelUsed: decimal, resultHash: hex })),
      /** Whether the oracles drew it for re-execution; null when not known (not revealed, or not drawn yet). */
      drawn: { type: ['boolean', 'null'] },
      /** committed (awaiting its reveal), accepted (not drawn), agreed (drawn, re-executed and agreed), rejected (`reason` says why). */
      verification: { type: 'string', enum: ['committed', 'accepted', 'agreed', 'rejected'] },
      reason: nullableText,
      reasonText: nullableText,
    }),
  ),
  /** Every epoch the oracles judged the lease in or ComputeMarket recorded a verdict for; `verdicts` is one page of them. */
  verdictsTotal: count,
  verdicts: list(
    object({
      epoch: decimal,
      fault: count,
      reason: nullableText,
      reasonText: nullableText,
      /** ComputeMarket's record of it; null until the epoch's verdicts are on chain, or when the lease was over by then. */
      onChain: { ...computeChainVerdictSchema, type: ['object', 'null'] },
    }),
  ),
})

/** GET /v1/kinds/compute/providers: a page of the devices that bid, in order of their first bid. */
export const computeProvidersResponse = object({
  total: count,
  /** The epoch whose carried state the reputations are as of (the latest computed); null before any. */
  reputationEpoch: nullableDecimal,
  providers: list(
    object({
      deviceId: hex,
      /** The owner that bid with it last. */
      provider: hex,
      bids: count,
      leasesWon: count,
      /** Formed, active, or closed with pay still held. */
      leasesRunning: count,
      /** Reveals the kind accepted, all epochs (its shares' tasksAccepted). */
      tasksAccepted: count,
      /** Of those, drawn and re-executed by the oracles, and agreed (its shares' tasksReexecuted). */
      tasksReexecuted: count,
      /** Fuel of its accepted tasks: the work units emissions pay. */
      fuel: decimal,
      /** Its leases' faults by reason, each lease counted once. */
      faults: list(object({ reason: text, reasonText: text, count })),
      /** Paid to it from its leases' escrow. */
      paid: decimal,
      /** Held by ComputeMarket for its open bids and leases not over. */
      collateralLocked: decimal,
      /** Its reputation α/(α+β) (Storj's, λ 0.999) as a decimal fraction, e.g. "0.998"; "1" before its first re-executed task or fault. */
      reputation: { type: 'string', pattern: '^(1|0(\\.[0-9]*[1-9])?)$' },
      alpha: decimal,
      beta: decimal,
      /** Below 0.96: it earns no emissions. */
      disqualified: flag,
    }),
  ),
})
