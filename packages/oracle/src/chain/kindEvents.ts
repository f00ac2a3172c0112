import { type Deployment, kindContractsOf } from '@pinion/contracts'
import type { Kind, KindEvent } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { type Abi, type AbiEvent, type AbiParameter, type Address, type Hex, type Log, decodeEventLog, getAddress, parseAbi, toEventSelector } from 'viem'
import type { Db } from '../store/db.ts'

/** One contract of a kind that the follower indexes: where it is deployed, and the events the kind declares for it. */
export type KindContract = {
  kind: string
  /** The contract's name in the kind's `chain.contracts` (and in `Deployment.kinds`). */
  contract: string
  address: Address
  events: readonly AbiEvent[]
}

/** A kind event as the follower stores it: the event, and which kind and contract emitted it. */
export type IndexedKindEvent = KindEvent & { kind: string; address: Address }

/**
 * The contracts of `kinds` to index: for each kind with `chain`, every contract it declares, at the
 * address `deployed` (Deployment.kinds) gives it, with its declared events parsed (viem parseAbi)
 * and checked against the compiled contract. Throws, before anything is followed, when the
 * deployment lacks a declared contract (PINION_ERR_KIND_NOT_DEPLOYED) or a declaration is wrong
 * (PINION_ERR_KIND_EVENTS): indexing nothing would silently score every device without stake or
 * revenue.
 */
export function kindContractsToFollow(kinds: ReadonlyMap<string, Kind>, deployed: Deployment['kinds'] | undefined): KindContract[] {
  const followed: KindContract[] = []
  for (const kind of [...kinds.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const addresses = deployed !== undefined && Object.hasOwn(deployed, kind.name) ? deployed[kind.name]! : {}
    for (const [contract, signatures] of Object.entries(kind.chain?.contracts ?? {})) {
      if (!Object.hasOwn(addresses, contract)) {
        throw new PinionError(
          'PINION_ERR_KIND_NOT_DEPLOYED',
          `kind ${kind.name} indexes the events of its contract ${contract}, but the deployment has no ${contract} for it (${Object.keys(addresses).length === 0 ? 'none of its contracts' : `only ${Object.keys(addresses).join(', ')}`}); deploy the network with "${kind.name}" among its kinds`,
        )
      }
      followed.push({ kind: kind.name, contract, address: getAddress(addresses[contract]!), events: declaredEvents(kind.name, contract, signatures) })
    }
  }
  const seen = new Map<string, KindContract>()
  for (const c of followed) {
    const other = seen.get(c.address.toLowerCase())
    if (other !== undefined) throw kindEventsError(c.kind, c.contract, `is at ${c.address}, like kind ${other.kind}'s ${other.contract}; each contract is indexed for one kind`)
    seen.set(c.address.toLowerCase(), c)
  }
  return followed
}

const kindEventsError = (kind: string, contract: string, problem: string, cause?: unknown) =>
  new PinionError('PINION_ERR_KIND_EVENTS', `kind ${kind}'s contract ${contract} ${problem}`, cause === undefined ? undefined : { cause })

/** `name(type indexed name, …)`, as a kind writes an event. */
const eventText = (event: AbiEvent) => `${event.name}(${event.inputs.map((i) => `${i.type}${i.indexed ? ' indexed' : ''}${i.name ? ` ${i.name}` : ''}`).join(', ')})`

/** The events a kind declares for `contract`: parsed, named, distinct, and emitted by the compiled contract. */
function declaredEvents(kind: string, contract: string, signatures: readonly string[]): AbiEvent[] {
  let abi: Abi
  try {
    abi = parseAbi(signatures as string[]) as Abi
  } catch (cause) {
    throw kindEventsError(kind, contract, `declares events that do not parse as human-readable ABI: ${JSON.stringify(signatures)}`, cause)
  }
  const events: AbiEvent[] = []
  for (const item of abi) {
    if (item.type !== 'event') throw kindEventsError(kind, contract, `declares a ${item.type}, not an event, among its events: ${JSON.stringify(signatures)}`)
    if (item.anonymous) throw kindEventsError(kind, contract, `declares anonymous event ${eventText(item)}, which no topic tells apart`)
    const unnamed = item.inputs.findIndex((input) => !input.name)
    if (unnamed >= 0) throw kindEventsError(kind, contract, `declares event ${eventText(item)} whose argument ${unnamed} has no name; each argument is a key of KindEvent.args`)
    if (events.some((e) => e.name === item.name)) throw kindEventsError(kind, contract, `declares two events named ${item.name}`)
    events.push(item)
  }
  // The contract as this build compiled it (packages/contracts/src/kinds/<kind>/): each declared
  // event must be one it emits, argument types and indexing alike, or its logs would never match.
  const compiled = Object.hasOwn(kindContractsOf(kind), contract) ? kindContractsOf(kind)[contract]! : undefined
  if (compiled !== undefined) {
    const emitted = compiled.abi.filter((item): item is AbiEvent => item.type === 'event')
    const indexing = (e: AbiEvent) => e.inputs.map((i) => Boolean(i.indexed)).join()
    for (const event of events) {
      if (emitted.some((e) => toEventSelector(e) === toEventSelector(event) && indexing(e) === indexing(event))) continue
      throw kindEventsError(kind, contract, `declares event ${eventText(event)}, which ${contract} does not emit; it emits ${emitted.map(eventText).join('; ')}`)
    }
  }
  return events
}

/**
 * Decodes `contract`'s logs into kind events, in the order given; logs of events the kind does not
 * declare are left out. `blockTimesMs` maps each log's block number to its timestamp in ms.
 */
export function decodeKindLogs(contract: KindContract, logs: readonly Log[], blockTimesMs: ReadonlyMap<bigint, bigint>): IndexedKindEvent[] {
  const bySelector = new Map(contract.events.map((event) => [toEventSelector(event), event]))
  const decoded: IndexedKindEvent[] = []
  for (const log of logs) {
    const event = bySelector.get(log.topics[0] as Hex)
    if (event === undefined) continue
    let args: Record<string, unknown>
    try {
      args = decodeEventLog({ abi: [event], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true }).args as Record<string, unknown>
    } catch (cause) {
      throw kindEventsError(
        contract.kind,
        contract.contract,
        `emitted a log (block ${log.blockNumber}, index ${log.logIndex}) with ${event.name}'s topic that does not decode as ${eventText(event)}`,
        cause,
      )
    }
    decoded.push({
      kind: contract.kind,
      contract: contract.contract,
      address: contract.address,
      eventName: event.name,
      args: Object.fromEntries(event.inputs.map((input) => [input.name!, canonicalArg(args[input.name!], input)])),
      blockNumber: log.blockNumber!,
      logIndex: log.logIndex!,
      timestampMs: blockTimesMs.get(log.blockNumber!) ?? 0n,
    })
  }
  return decoded
}

/**
 * An argument as a canonical string (KindEvent): addresses, bytes and the hashes of indexed dynamic
 * values as lower-case hex, integers in decimal, booleans "true"/"false", strings as they are;
 * arrays and tuples as JSON of their elements in those forms.
 */
function canonicalArg(value: unknown, param: AbiParameter): string {
  const canonical = canonicalValue(value, param)
  return typeof canonical === 'string' ? canonical : JSON.stringify(canonical)
}

function canonicalValue(value: unknown, param: AbiParameter): unknown {
  if (typeof value === 'bigint' || typeof value === 'number') return value.toString()
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  // A string argument is text, unless indexed: then the log holds only its hash.
  if (typeof value === 'string') return param.type === 'string' && !(param as { indexed?: boolean }).indexed ? value : value.toLowerCase()
  const components = (param as { components?: readonly AbiParameter[] }).components ?? []
  const element = /^(.*)\[\d*\]$/.exec(param.type)?.[1]
  if (Array.isArray(value)) {
    return element !== undefined ? value.map((v) => canonicalValue(v, { ...param, type: element })) : value.map((v, i) => canonicalValue(v, components[i]!))
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(components.map((c) => [c.name, canonicalValue((value as Record<string, unknown>)[c.name!], c)]))
  }
  throw new PinionError('PINION_ERR_KIND_EVENTS', `an event argument of type ${param.type} decoded to ${String(value)}, which has no canonical form`)
}

/** Stores kind events; a log already stored (a range followed twice) is left as it is. */
export async function insertKindEvents(db: Db, events: readonly IndexedKindEvent[]): Promise<void> {
  for (const e of events) {
    await db.query(
      `insert into kind_events (block_number, log_index, kind, contract, address, event, args, block_time_ms)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [e.blockNumber.toString(), e.logIndex, e.kind, e.contract, e.address.toLowerCase(), e.eventName, JSON.stringify(e.args), e.timestampMs.toString()],
    )
  }
}

type KindEventRow = { block_number: string; log_index: number; contract: string; event: string; args: unknown; block_time_ms: string }

/**
 * Every indexed event of `kind`'s contracts up to and including `block`, in chain order (block,
 * then log index): what Kind.chain.fold takes. Complete once the follower's processedBlock (with
 * the kind's contracts) is at or past `block`.
 */
export async function kindEventsUpTo(db: Db, kind: string, block: bigint): Promise<KindEvent[]> {
  const { rows } = await db.query<KindEventRow>(
    `select block_number, log_index, contract, event, args, block_time_ms from kind_events
     where kind = $1 and block_number <= $2 order by block_number, log_index`,
    [kind, block.toString()],
  )
  return rows.map((row) => ({
    contract: row.contract,
    eventName: row.event,
    args: (typeof row.args === 'string' ? JSON.parse(row.args) : row.args) as Record<string, string>,
    blockNumber: BigInt(row.block_number),
    logIndex: row.log_index,
    timestampMs: BigInt(row.block_time_ms),
  }))
}

/** The progress marker (pinion_meta) of one kind contract: the last block whose logs it has stored. */
export const kindProgressKey = (contract: KindContract) => `follower.kinds.${contract.kind}.${contract.contract}.processedBlock`
