import type { Address, Hex } from 'viem'
import { formatTokens, getJson } from '../commands/output.ts'
import { type NoticeBoard, createNoticeBoard, noticeOf } from './notices.ts'

/** Reasons and how often each came up, most frequent first. */
type ReasonCounts = { reason: string; count: number }[]

/** What `pinion up` prints of an epoch once its root is on chain (one JSON line of it under --json). */
export type CommittedEpoch = {
  event: 'epoch committed'
  epoch: string
  /** Where its rewards stand, in the oracle's word (rootState) that the explorer and `pinion epoch` print: committed. */
  rootState: 'committed'
  reports: {
    valid: number
    invalid: number
    /** Why reports were judged invalid (the kinds' reason codes), most frequent first; empty when unknown. */
    invalidReasons: ReasonCounts
    /** Refused by ingest before any verdict (forged, replayed, for another network…), counted in the epoch they arrived. */
    refused: number
    refusedReasons: ReasonCounts
  }
  root: Hex
  /** The oracles whose signatures over this root the committing oracle holds (by index in the network), of how many, and how many it takes. */
  signedBy: { oracles: number[]; of: number; quorum: number }
  /** What the epoch added to the recipients' cumulative rewards, in base units, and to how many recipients. */
  paid: { amount: string; recipients: number }
  transaction: Hex
}

type EpochJson = {
  epoch: string
  root: Hex
  totalCumulative: string
  reports: number
  validReports: number
  signatures: { oracle: string; root: string }[]
}
type RecipientsJson = { total: number; recipients: { earnedInEpoch: string }[] }
type RejectionsJson = { total: number; reasons: { reason: string; reasonText: string; count: number }[] }

export type LiveView = {
  /** UpOptions.onEvent: the oracles' events and the fleet's errors. */
  onEvent(event: string, fields: Record<string, unknown>, level: string): void
  /** The network's oracles, once it runs: epochs committed before this are looked up after it. */
  useOracles(oracles: readonly { address: Address; url: string }[]): void
  /** Prints nothing more (the network is stopping) and lets what was being looked up go. */
  close(): void
}

type Oracles = readonly { address: Address; url: string }[]

export type LiveViewOptions = {
  quorum: number
  symbol: string
  /** One committed epoch: a line for people, or the JSON line. */
  print: (line: string) => void
  /** Warnings and errors, each distinct one once (createNoticeBoard); absent: not shown (the logs show them). */
  warn?: (line: string) => void
  json: boolean
  /** How often repeated warnings are summed up (default a minute). */
  summaryMs?: number
}

/** Recipients looked up per page when counting who an epoch paid, and pages at most. */
const RECIPIENT_PAGE = 1_000
const RECIPIENT_PAGES = 10

/**
 * The live terminal of `pinion up`: each epoch as its root is committed (hooked on the oracles'
 * `root committed` event, then looked up once on the committing oracle's API), and the warnings and
 * errors of the oracles and the fleet, de-duplicated. Epochs print in order, one line each.
 */
export function createLiveView(options: LiveViewOptions): LiveView {
  const board: NoticeBoard | undefined = options.warn === undefined ? undefined : createNoticeBoard({ write: options.warn })
  const summaries = board === undefined ? undefined : setInterval(() => board.summarize(), options.summaryMs ?? 60_000).unref()
  // Why each epoch's invalid reports were invalid, from the first oracle that computed it (all agree).
  const invalidReasons = new Map<string, ReasonCounts>()
  const printed = new Set<string>()
  let useOracles!: (oracles: Oracles) => void
  const oracles = new Promise<Oracles>((resolve) => {
    useOracles = resolve
  })
  let queue: Promise<void> = Promise.resolve()
  let closed = false

  const committed = (epoch: string, transaction: Hex, oracle: number) => {
    if (printed.has(epoch)) return
    printed.add(epoch)
    queue = queue
      .then(async () => {
        const summary = await lookUpEpoch(await oracles, options.quorum, oracle, epoch, transaction, invalidReasons.get(epoch) ?? [])
        invalidReasons.delete(epoch)
        if (!closed) options.print(options.json ? JSON.stringify(summary) : describeEpoch(summary, options.symbol))
      })
      .catch((error: unknown) => {
        if (!closed) board?.say(noticeOf('epoch not shown', { epoch, error }, 'warn'))
      })
  }

  return {
    onEvent(event, fields, level) {
      if (closed) return
      if (event === 'epoch computed' && typeof fields.epoch === 'string' && Array.isArray(fields.invalidReasons) && !invalidReasons.has(fields.epoch)) {
        invalidReasons.set(fields.epoch, fields.invalidReasons as ReasonCounts)
      }
      if (event === 'root committed' && typeof fields.epoch === 'string') committed(fields.epoch, fields.transaction as Hex, typeof fields.oracle === 'number' ? fields.oracle : 0)
      if (level === 'warn' || level === 'error' || level === 'fatal') board?.say(noticeOf(event, fields, level === 'warn' ? 'warn' : 'error'))
    },
    useOracles,
    close() {
      closed = true
      board?.close()
      clearInterval(summaries)
    },
  }
}

async function lookUpEpoch(oracles: Oracles, quorum: number, oracle: number, epoch: string, transaction: Hex, invalidReasons: ReasonCounts): Promise<CommittedEpoch> {
  const url = oracles[oracle]?.url ?? oracles[0]!.url
  const [details, previous, rejections, recipients] = await Promise.all([
    getJson<EpochJson>(`${url}/v1/epochs/${epoch}`),
    epoch === '0' ? null : getJson<EpochJson>(`${url}/v1/epochs/${BigInt(epoch) - 1n}`).catch(() => null),
    getJson<RejectionsJson>(`${url}/v1/epochs/${epoch}/rejections`).catch(() => ({ total: 0, reasons: [] })),
    recipientsPaid(url, epoch),
  ])
  const signers = new Set(details.signatures.filter((s) => s.root.toLowerCase() === details.root.toLowerCase()).map((s) => s.oracle.toLowerCase()))
  return {
    event: 'epoch committed',
    epoch,
    // The event says it is on chain; the oracle's API may not have followed the chain there yet.
    rootState: 'committed',
    reports: {
      valid: details.validReports,
      invalid: details.reports - details.validReports,
      invalidReasons,
      refused: rejections.total,
      refusedReasons: rejections.reasons.map((r) => ({ reason: shortWords(r.reasonText, r.reason), count: r.count })),
    },
    root: details.root,
    signedBy: {
      oracles: oracles.flatMap((o, i) => (signers.has(o.address.toLowerCase()) ? [i] : [])),
      of: oracles.length,
      quorum,
    },
    paid: { amount: (BigInt(details.totalCumulative) - BigInt(previous?.totalCumulative ?? '0')).toString(), recipients },
    transaction,
  }
}

/** How many recipients an epoch paid something (their cumulative amount grew), over a few pages at most. */
async function recipientsPaid(url: string, epoch: string): Promise<number> {
  let paid = 0
  for (let page = 0; page < RECIPIENT_PAGES; page++) {
    const { total, recipients } = await getJson<RecipientsJson>(`${url}/v1/epochs/${epoch}/recipients?limit=${RECIPIENT_PAGE}&offset=${page * RECIPIENT_PAGE}`)
    paid += recipients.filter((r) => BigInt(r.earnedInEpoch) > 0n).length
    if ((page + 1) * RECIPIENT_PAGE >= total) break
  }
  return paid
}

/** "forged" of "forged: the signature does not verify…": the head of ingest's words for a reason, else its code. */
function shortWords(text: string, code: string): string {
  const head = text.split(':')[0]?.trim()
  return head === undefined || head === '' || head.length > 40 ? code : head
}

/**
 * An epoch in one line for people:
 * `epoch 7 committed: 186 valid reports, 14 invalid (uptime.TOO_FEW_HEARTBEATS 14), 9 refused at ingest (forged 6, replayed 3) · paid 10,000 PIN to 17 recipients · root 0x1a2b3c4d…9f0e signed by oracles 0, 2 (quorum 2 of 3)`
 */
export function describeEpoch(e: CommittedEpoch, symbol: string): string {
  const reasons = (list: ReasonCounts) => (list.length === 0 ? '' : ` (${list.map((r) => `${r.reason} ${r.count}`).join(', ')})`)
  const reports = [
    `${e.reports.valid.toLocaleString('en')} valid report${e.reports.valid === 1 ? '' : 's'}`,
    `${e.reports.invalid.toLocaleString('en')} invalid${reasons(e.reports.invalidReasons)}`,
    ...(e.reports.refused === 0 ? [] : [`${e.reports.refused.toLocaleString('en')} refused at ingest${reasons(e.reports.refusedReasons)}`]),
  ].join(', ')
  const paid = `paid ${formatTokens(BigInt(e.paid.amount), symbol)} to ${e.paid.recipients.toLocaleString('en')} recipient${e.paid.recipients === 1 ? '' : 's'}`
  const signers = e.signedBy.oracles.length === 0 ? 'no signature known' : `signed by oracle${e.signedBy.oracles.length === 1 ? '' : 's'} ${e.signedBy.oracles.join(', ')}`
  return `epoch ${e.epoch} ${e.rootState}: ${reports} · ${paid} · root ${shortHash(e.root)} ${signers} (quorum ${e.signedBy.quorum} of ${e.signedBy.of})`
}

/** 0x1a2b3c4d…9f0e: enough of a hash to tell roots apart at a glance. */
const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-4)}`
