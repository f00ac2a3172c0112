/*
 * What the Economy page shows, folded from the economy contracts' events (Credits, Staking,
 * RewardSplitFactory, DeviceSharesFactory, and DeviceRegistry's RecipientChanged): pure functions,
 * tested on their own (economyView.test.ts), so the page only lays them out. Events come in chain
 * order (block, then log index), as eth_getLogs answers them.
 */
import { type Hex, hexToString, numberToHex, trim } from 'viem'

/** The events the page folds, as viem decodes them (`eventName` and `args` named as in the ABIs). */
export type EconomyEvent =
  | { eventName: 'CreditsBought'; args: { payer: Hex; account: Hex; tokens: bigint; credits: bigint; price: bigint; epoch: bigint } }
  | { eventName: 'CreditsMintedForPayment'; args: { operator: Hex; account: Hex; credits: bigint; paymentRef: Hex; epoch: bigint } }
  | { eventName: 'ReceiptsSettled'; args: { epoch: bigint; count: bigint; totalCredits: bigint } }
  | { eventName: 'DeviceBonded'; args: { deviceId: bigint; owner: Hex; amount: bigint; total: bigint } }
  | { eventName: 'DeviceUnbonded'; args: { deviceId: bigint; owner: Hex; amount: bigint; total: bigint; availableAt: bigint } }
  | {
      eventName: 'SlashProposed'
      args: { id: Hex; subjectType: number; subject: Hex; epoch: bigint; amount: bigint; reason: Hex; evidenceHash: Hex; executableAt: bigint }
    }
  | {
      eventName: 'SlashExecuted'
      args: { id: Hex; subjectType: number; subject: Hex; fromBonded: bigint; fromUnbonding: bigint; bonded: bigint; unbonding: bigint; burnt: boolean }
    }
  | {
      eventName: 'Delegated'
      args: { operator: Hex; delegator: Hex; amount: bigint; shares: bigint; delegatorShares: bigint; totalTokens: bigint; totalShares: bigint }
    }
  | {
      eventName: 'Undelegated'
      args: { operator: Hex; delegator: Hex; shares: bigint; amount: bigint; delegatorShares: bigint; totalTokens: bigint; totalShares: bigint; availableAt: bigint }
    }
  | { eventName: 'CommissionChanged'; args: { operator: Hex; commissionBps: number; effectiveAt: bigint } }
  | { eventName: 'SlashVetoed'; args: { id: Hex; by: Hex } }
  | { eventName: 'SlashAppealed'; args: { id: Hex; by: Hex } }
  | { eventName: 'SlashAppealResolved'; args: { id: Hex; upheld: boolean } }
  | { eventName: 'SplitCreated'; args: { split: Hex; creator: Hex; payees: readonly Hex[]; shares: readonly bigint[]; salt: Hex } }
  | { eventName: 'SharesCreated'; args: { deviceId: bigint; shares: Hex; owner: Hex; supply: bigint } }
  | { eventName: 'RecipientChanged'; args: { deviceId: bigint; recipient: Hex } }

/** `IStaking.SubjectType.Device`: the only subject whose orders name a device. */
const DEVICE_SUBJECT = 0
/** `IStaking.SubjectType.Operator`: an operator's pool, its address left-padded to 32 bytes. */
const OPERATOR_SUBJECT = 1

/** A device id as the explorer writes it in paths: 32 bytes of hex. */
const deviceHex = (deviceId: bigint | Hex): Hex => (typeof deviceId === 'bigint' ? numberToHex(deviceId, { size: 32 }) : deviceId)

/** The reason code a slash order's bytes32 holds, e.g. "wireless.WITNESS_RING" (as the SDK's reasonText reads it). */
export function reasonText(reason: Hex): string {
  return hexToString(trim(reason, { dir: 'right' }))
}

export type CreditsEpoch = {
  epoch: string
  /** Tokens burnt for credits in the epoch (base units). */
  tokensBurnt: bigint
  creditsBought: bigint
  /** Credits minted against card payments. */
  creditsMinted: bigint
  /** Credits the epoch's usage receipts consumed, settled on chain. */
  creditsSettled: bigint
  receiptsSettled: bigint
  /** Tokens the epoch emitted (from the oracle's /v1/emissions), or null when it does not list the epoch. */
  emitted: bigint | null
  /** Revenue shares paid to devices out of the emission (the network pool `revenue`), or null when none. */
  revenue: bigint | null
}

/**
 * Per epoch, what went through Credits: tokens burnt, credits minted for card payments, credits
 * settled; beside each, what the epoch emitted and the revenue it paid. Every epoch with either
 * credit activity or an emission, oldest first (the chart's order; the table reverses it).
 */
export function creditsByEpoch(
  events: readonly EconomyEvent[],
  emissions: readonly { epoch: string; emission: string }[] = [],
  revenue: ReadonlyMap<string, string> = new Map(),
): CreditsEpoch[] {
  const rows = new Map<string, CreditsEpoch>()
  const row = (epoch: string) => {
    let r = rows.get(epoch)
    if (r === undefined) {
      r = { epoch, tokensBurnt: 0n, creditsBought: 0n, creditsMinted: 0n, creditsSettled: 0n, receiptsSettled: 0n, emitted: null, revenue: null }
      rows.set(epoch, r)
    }
    return r
  }
  for (const e of events) {
    if (e.eventName === 'CreditsBought') {
      const r = row(e.args.epoch.toString())
      r.tokensBurnt += e.args.tokens
      r.creditsBought += e.args.credits
    } else if (e.eventName === 'CreditsMintedForPayment') {
      row(e.args.epoch.toString()).creditsMinted += e.args.credits
    } else if (e.eventName === 'ReceiptsSettled') {
      const r = row(e.args.epoch.toString())
      r.creditsSettled += e.args.totalCredits
      r.receiptsSettled += e.args.count
    }
  }
  for (const { epoch, emission } of emissions) row(epoch).emitted = BigInt(emission)
  for (const [epoch, amount] of revenue) if (BigInt(amount) > 0n) row(epoch).revenue = BigInt(amount)
  return [...rows.values()].sort((a, b) => compareDecimal(a.epoch, b.epoch))
}

/** Whether an epoch row has anything to do with credits (the table lists only those). */
export const hasCreditActivity = (r: CreditsEpoch): boolean => r.tokensBurnt > 0n || r.creditsMinted > 0n || r.creditsSettled > 0n || r.revenue !== null

export type DeviceStake = { deviceId: Hex; bonded: bigint; owner: Hex | null; slashed: bigint }

/**
 * Each device's bonded stake: the last DeviceBonded, DeviceUnbonded or SlashExecuted of a device
 * carries its total. Devices in order of their first stake event; a device slashed to nothing stays
 * listed (with 0), so the page shows where its stake went.
 */
export function deviceStakes(events: readonly EconomyEvent[]): DeviceStake[] {
  const stakes = new Map<string, DeviceStake>()
  const of = (deviceId: Hex) => {
    let s = stakes.get(deviceId.toLowerCase())
    if (s === undefined) {
      s = { deviceId, bonded: 0n, owner: null, slashed: 0n }
      stakes.set(deviceId.toLowerCase(), s)
    }
    return s
  }
  for (const e of events) {
    if (e.eventName === 'DeviceBonded' || e.eventName === 'DeviceUnbonded') {
      const s = of(deviceHex(e.args.deviceId))
      s.bonded = e.args.total
      s.owner = e.args.owner
    } else if (e.eventName === 'SlashExecuted' && e.args.subjectType === DEVICE_SUBJECT) {
      const s = of(deviceHex(e.args.subject))
      s.bonded = e.args.bonded
      s.slashed += e.args.fromBonded + e.args.fromUnbonding
    }
  }
  return [...stakes.values()]
}

export type OperatorPoolView = {
  operator: Hex
  /** Tokens bonded in the pool: the self-bond and every delegation, slashes taken. */
  bonded: bigint
  /** Holders of the pool's shares other than the operator. */
  delegators: number
  /** The last commission the operator announced, and from when it applies (a raise waits an unbonding period). */
  commission: { bps: number; effectiveAt: bigint } | null
}

/**
 * Each operator's pool, in order of its first event: the last Delegated, Undelegated or operator
 * SlashExecuted carries the pool's tokens; the holders are those whose last event left them shares
 * (a slash that empties the pool voids every delegation, as the contract does).
 */
export function operatorPools(events: readonly EconomyEvent[]): OperatorPoolView[] {
  const pools = new Map<string, { view: OperatorPoolView; holders: Set<string> }>()
  const of = (operator: Hex) => {
    let pool = pools.get(operator.toLowerCase())
    if (pool === undefined) {
      pool = { view: { operator, bonded: 0n, delegators: 0, commission: null }, holders: new Set() }
      pools.set(operator.toLowerCase(), pool)
    }
    return pool
  }
  for (const e of events) {
    if (e.eventName === 'Delegated' || e.eventName === 'Undelegated') {
      const pool = of(e.args.operator)
      pool.view.bonded = e.args.totalTokens
      if (e.args.delegatorShares === 0n) pool.holders.delete(e.args.delegator.toLowerCase())
      else pool.holders.add(e.args.delegator.toLowerCase())
    } else if (e.eventName === 'CommissionChanged') {
      of(e.args.operator).view.commission = { bps: e.args.commissionBps, effectiveAt: e.args.effectiveAt }
    } else if (e.eventName === 'SlashExecuted' && e.args.subjectType === OPERATOR_SUBJECT) {
      const pool = of(`0x${e.args.subject.slice(-40)}`)
      pool.view.bonded = e.args.bonded
      if (e.args.bonded === 0n) pool.holders.clear()
    }
  }
  return [...pools.values()].map(({ view, holders }) => ({ ...view, delegators: [...holders].filter((h) => h !== view.operator.toLowerCase()).length }))
}

export type SlashStatus = 'proposed' | 'appealed' | 'upheld' | 'rejected' | 'vetoed' | 'executed'

export type SlashView = {
  id: Hex
  subjectType: number
  /** The device's id for a device order, else the subject (an operator's or oracle's address, padded). */
  subject: Hex
  isDevice: boolean
  epoch: bigint
  amount: bigint
  reason: string
  evidenceHash: Hex
  executableAt: bigint
  status: SlashStatus
  /** What execution took (bonded + unbonding), once executed. */
  taken: bigint | null
  burnt: boolean | null
}

/** Every slash order, newest proposal first, with where it stands. */
export function slashOrders(events: readonly EconomyEvent[]): SlashView[] {
  const orders = new Map<string, SlashView>()
  for (const e of events) {
    if (e.eventName === 'SlashProposed') {
      const a = e.args
      orders.set(a.id.toLowerCase(), {
        id: a.id,
        subjectType: a.subjectType,
        subject: a.subject,
        isDevice: a.subjectType === DEVICE_SUBJECT,
        epoch: a.epoch,
        amount: a.amount,
        reason: reasonText(a.reason),
        evidenceHash: a.evidenceHash,
        executableAt: a.executableAt,
        status: 'proposed',
        taken: null,
        burnt: null,
      })
      continue
    }
    if (e.eventName !== 'SlashExecuted' && e.eventName !== 'SlashVetoed' && e.eventName !== 'SlashAppealed' && e.eventName !== 'SlashAppealResolved') continue
    const order = orders.get(e.args.id.toLowerCase())
    if (order === undefined) continue
    if (e.eventName === 'SlashExecuted') {
      order.status = 'executed'
      order.taken = e.args.fromBonded + e.args.fromUnbonding
      order.burnt = e.args.burnt
    } else if (e.eventName === 'SlashVetoed') order.status = 'vetoed'
    else if (e.eventName === 'SlashAppealed') order.status = 'appealed'
    else order.status = e.args.upheld ? 'upheld' : 'rejected'
  }
  return [...orders.values()].reverse()
}

export type SplitView = {
  split: Hex
  creator: Hex
  /** Each payee with its shares and its part of the whole, in basis points (rounded toward zero). */
  payees: { payee: Hex; shares: bigint; basisPoints: number }[]
  /** Devices whose rewards currently go to the split (their latest RecipientChanged names it). */
  devices: Hex[]
}

/** Every reward split, in order of creation, with its payees and the devices that point their rewards at it. */
export function splits(events: readonly EconomyEvent[]): SplitView[] {
  const recipients = new Map<string, { deviceId: Hex; recipient: string }>()
  const created: SplitView[] = []
  for (const e of events) {
    if (e.eventName === 'RecipientChanged') {
      const deviceId = deviceHex(e.args.deviceId)
      recipients.set(deviceId, { deviceId, recipient: e.args.recipient.toLowerCase() })
    } else if (e.eventName === 'SplitCreated') {
      const total = e.args.shares.reduce((sum, s) => sum + s, 0n)
      created.push({
        split: e.args.split,
        creator: e.args.creator,
        payees: e.args.payees.map((payee, i) => {
          const shares = e.args.shares[i] ?? 0n
          return { payee, shares, basisPoints: total === 0n ? 0 : Number((shares * 10_000n) / total) }
        }),
        devices: [],
      })
    }
  }
  for (const split of created) {
    split.devices = [...recipients.values()].filter((r) => r.recipient === split.split.toLowerCase()).map((r) => r.deviceId)
  }
  return created
}

export type DeviceSharesView = { deviceId: Hex; shares: Hex; owner: Hex; supply: bigint }

/** Each device's shares contract (DeviceSharesFactory makes at most one per device), in order of creation. */
export function deviceShares(events: readonly EconomyEvent[]): DeviceSharesView[] {
  return events.flatMap((e) =>
    e.eventName === 'SharesCreated' ? [{ deviceId: deviceHex(e.args.deviceId), shares: e.args.shares, owner: e.args.owner, supply: e.args.supply }] : [],
  )
}

function compareDecimal(a: string, b: string): number {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}
