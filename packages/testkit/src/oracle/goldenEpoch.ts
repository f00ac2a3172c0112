import { type KindInputs, challengeFromJson, challengeToJson, kinds as allKinds, qualifiedName } from '@pinion/kinds'
import { type Address, type Hex, bytesToHex, hexToBytes, keccak256, toBytes } from 'viem'
import { canonicalJson } from '../../../oracle/src/epoch/canonicalJson.ts'
import type { OperatorPool } from '../../../oracle/src/epoch/payDelegators.ts'
import type { EpochInput, EpochResult } from '../../../oracle/src/epoch/types.ts'

/**
 * A recorded epoch: every input the pipeline computed it from, as plain JSON (bigints tagged, report
 * bytes as hex), and what it gave. Recorded once (packages/oracle/scripts/recordGoldenEpochs.ts) and
 * committed, so that a later change to the pipeline or a kind must reproduce these roots from these
 * very bytes, whatever the simulators or fixtures that first made them have become since.
 */
export type GoldenEpoch = {
  input: {
    window: unknown
    networkId: Hex
    reports: Hex[]
    devices: unknown
    kinds: string[]
    kindParams: unknown
    emission: unknown
    pools: unknown
    residual: unknown
    previousCumulative: unknown
    carried: unknown
    /** Missing in epochs recorded before params document 3: those hashed document 2 and named a kind's pools by local name. */
    paramsDocument?: 2 | 3
    rules?: [string, number][]
    kindInputs?: unknown
    /** The network's Staking state and slashing rule, where the epoch had them (each missing when it did not). */
    stake?: unknown
    operators?: unknown
    minimumStakes?: unknown
    slashing?: unknown
  }
  expected: GoldenOutcome
}

/** What a recorded epoch must give again: its root and hashes, and a digest of what it carries on. */
export type GoldenOutcome = {
  root: Hex
  inputsHash: Hex
  paramsHash: Hex
  totalCumulative: string
  recipients: number
  validReports: number
  /** keccak256 of the canonical JSON of the kinds' carried state. */
  carriedHash: Hex
}

/** The outcome of `result` in the form a golden epoch records. */
export function goldenOutcome(result: EpochResult): GoldenOutcome {
  return {
    root: result.root,
    inputsHash: result.inputsHash,
    paramsHash: result.paramsHash,
    totalCumulative: result.totalCumulative.toString(),
    recipients: result.cumulative.length,
    validReports: result.counts.valid,
    carriedHash: keccak256(toBytes(canonicalJson(Object.fromEntries(result.carried)))),
  }
}

/** `input` and its `result` as a golden epoch. */
export function recordEpoch(input: EpochInput, result: EpochResult): GoldenEpoch {
  return {
    input: {
      window: tag(input.window),
      networkId: input.networkId,
      reports: input.reports.map((r) => bytesToHex(r.signed)),
      devices: tag([...input.devices.values()]),
      kinds: [...input.kinds.keys()],
      kindParams: tag([...input.kindParams]),
      emission: tag(input.emission),
      pools: tag(input.pools),
      residual: tag(input.residual),
      previousCumulative: tag([...input.previousCumulative]),
      carried: tag([...(input.carried ?? new Map())]),
      paramsDocument: result.paramsDocument,
      rules: [...result.rules],
      kindInputs: tag(
        [...(input.kindInputs ?? new Map())].map(([name, inputs]) => [
          name,
          { ...inputs, challenges: inputs.challenges.map(challengeToJson), revenue: [...inputs.revenue], stake: [...inputs.stake], operatorStake: [...inputs.operatorStake] },
        ]),
      ),
      ...(input.stake === undefined ? {} : { stake: tag([...input.stake]) }),
      ...(input.operators === undefined ? {} : { operators: tag([...input.operators].map(([operator, pool]) => [operator, { ...pool, shares: [...pool.shares] }])) }),
      ...(input.minimumStakes === undefined ? {} : { minimumStakes: tag([...input.minimumStakes]) }),
      ...(input.slashing === undefined ? {} : { slashing: tag(input.slashing) }),
    },
    expected: goldenOutcome(result),
  }
}

/**
 * The EpochInput a golden epoch recorded, with today's kinds of those names. An epoch recorded
 * before params document 3 named a kind's pools by their local names ("coverage"): its pools are
 * read as today's qualified names ("wireless.coverage"), and it is hashed with document 2 as it was.
 */
export function inputOf(golden: GoldenEpoch): EpochInput {
  const { input } = golden
  const legacy = input.paramsDocument === undefined
  const poolOwner = new Map<string, string>()
  if (legacy) for (const name of input.kinds) for (const pool of allKinds.get(name)?.pools ?? []) poolOwner.set(pool, name)
  const pools = (untag(input.pools) as EpochInput['pools']).map((pool) => {
    const owner = poolOwner.get(pool.name)
    return owner === undefined ? pool : { ...pool, name: qualifiedName(owner, pool.name) }
  })
  const devices = untag(input.devices) as EpochInput['devices'] extends ReadonlyMap<Hex, infer record> ? record[] : never
  return {
    window: untag(input.window) as EpochInput['window'],
    networkId: input.networkId,
    reports: input.reports.map((hex) => ({ signed: hexToBytes(hex) })),
    devices: new Map(devices.map((d) => [d.deviceId, d])),
    kinds: new Map(
      input.kinds.map((name) => {
        const kind = allKinds.get(name)
        if (kind === undefined) throw new Error(`the golden epoch names kind ${name}, which no longer exists`)
        return [name, kind]
      }),
    ),
    kindParams: new Map(untag(input.kindParams) as [string, unknown][]),
    emission: untag(input.emission) as bigint,
    pools,
    residual: untag(input.residual) as EpochInput['residual'],
    previousCumulative: new Map(untag(input.previousCumulative) as [Address, bigint][]),
    carried: new Map(untag(input.carried) as [string, unknown][]),
    paramsDocument: input.paramsDocument ?? 2,
    ...(input.rules === undefined ? {} : { rules: new Map(input.rules) }),
    ...(input.stake === undefined ? {} : { stake: new Map(untag(input.stake) as [Hex, bigint][]) }),
    ...(input.operators === undefined
      ? {}
      : {
          operators: new Map(
            (untag(input.operators) as [Address, Omit<OperatorPool, 'shares'> & { shares: [Address, bigint][] }][]).map(([operator, pool]) => [
              operator,
              { ...pool, shares: new Map(pool.shares) },
            ]),
          ),
        }),
    ...(input.minimumStakes === undefined ? {} : { minimumStakes: new Map(untag(input.minimumStakes) as [string, bigint][]) }),
    ...(input.slashing === undefined ? {} : { slashing: untag(input.slashing) as NonNullable<EpochInput['slashing']> }),
    ...(input.kindInputs === undefined
      ? {}
      : { kindInputs: new Map((untag(input.kindInputs) as [string, RecordedInputs][]).map(([name, recorded]) => [name, inputsOf(recorded)])) }),
  }
}

type RecordedInputs = { challenges: Parameters<typeof challengeFromJson>[0][]; revenue: [Hex, bigint][]; stake: [Hex, bigint][]; operatorStake: [Address, bigint][] }

function inputsOf(recorded: RecordedInputs): KindInputs {
  return {
    challenges: recorded.challenges.map(challengeFromJson),
    revenue: new Map(recorded.revenue),
    stake: new Map(recorded.stake),
    operatorStake: new Map(recorded.operatorStake),
  }
}

/** JSON has no bigint: each becomes `{ "$bigint": "<decimal>" }`, which untag turns back. */
function tag(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() }
  if (Array.isArray(value)) return value.map(tag)
  if (value instanceof Map) throw new Error('tag(): give a Map as an array of its entries')
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]))
  return value
}

function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 1 && entries[0]![0] === '$bigint') return BigInt(entries[0]![1] as string)
    return Object.fromEntries(entries.map(([k, v]) => [k, untag(v)]))
  }
  return value
}
