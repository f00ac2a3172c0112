/*
 * What the Governance page shows, computed from what it read: pure functions, tested on their own
 * (governanceView.test.ts), so the page only lays them out.
 */
import { type Proposal, paramsLabel } from '@pinion/contracts/governance'

export type VoteShares = { for: number; against: number; abstain: number; total: bigint }

/**
 * Each side's share of the votes cast, in basis points that add up to exactly 10,000 (largest
 * remainder), so the bar's segments fill it; all zero before anyone voted.
 */
export function voteShares(votes: { for: bigint; against: bigint; abstain: bigint }): VoteShares {
  const total = votes.for + votes.against + votes.abstain
  if (total === 0n) return { for: 0, against: 0, abstain: 0, total }
  const sides = (['for', 'against', 'abstain'] as const).map((side) => {
    const scaled = votes[side] * 10_000n
    return { side, floor: scaled / total, remainder: scaled % total }
  })
  let missing = 10_000n - sides.reduce((sum, s) => sum + s.floor, 0n)
  for (const s of [...sides].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0))) {
    if (missing === 0n) break
    s.floor += 1n
    missing -= 1n
  }
  const of = (side: string) => Number(sides.find((s) => s.side === side)!.floor)
  return { for: of('for'), against: of('against'), abstain: of('abstain'), total }
}

/** How far for + abstain votes are toward the quorum, in basis points, at most 10,000. */
export function quorumProgress(p: Pick<Proposal, 'votes' | 'quorum'>): number {
  if (p.quorum === 0n) return 10_000
  const counted = p.votes.for + p.votes.abstain
  return counted >= p.quorum ? 10_000 : Number((counted * 10_000n) / p.quorum)
}

/** "12.3 %" from basis points. */
export const percent = (basisPoints: number): string => `${(basisPoints / 100).toLocaleString('en', { maximumFractionDigits: 1 })} %`

/** Proposals newest first (by the block they were made in, then by id for a stable order). */
export const newestFirst = (proposals: readonly Proposal[]): Proposal[] =>
  [...proposals].sort((a, b) => (a.createdBlock === b.createdBlock ? (a.id < b.id ? 1 : -1) : a.createdBlock < b.createdBlock ? 1 : -1))

/** The timelock's queue: queued proposals, soonest executable first, with the seconds left (0 when ready). */
export function timelockQueue(proposals: readonly Proposal[], now: bigint): { proposal: Proposal; eta: bigint; secondsLeft: bigint }[] {
  return proposals
    .flatMap((proposal) =>
      proposal.state === 'queued' && proposal.eta !== null ? [{ proposal, eta: proposal.eta, secondsLeft: proposal.eta > now ? proposal.eta - now : 0n }] : [],
    )
    .sort((a, b) => (a.eta < b.eta ? -1 : a.eta > b.eta ? 1 : 0))
}

/** Each oracle's URL as it last announced it (`OracleUrlAnnounced`, oldest first in), by lower-case address. */
export function latestUrls(announcements: readonly { oracle: string; url: string }[]): Map<string, string> {
  const urls = new Map<string, string>()
  for (const { oracle, url } of announcements) urls.set(oracle.toLowerCase(), url)
  return urls
}

export type ParamsEntry = { hash: `0x${string}`; fromEpoch: bigint }
export type ParamsView = { name: string; label: string; inForce: ParamsEntry | null; scheduled: ParamsEntry[] }

/** Per NetworkParams name: the hash in force at `currentEpoch` (and since when), and the changes scheduled after it. */
export function paramsView(history: ReadonlyMap<string, readonly ParamsEntry[]>, currentEpoch: bigint): ParamsView[] {
  return [...history].map(([name, entries]) => ({
    name,
    label: paramsLabel(name),
    inForce: entries.filter((e) => e.fromEpoch <= currentEpoch).at(-1) ?? null,
    scheduled: entries.filter((e) => e.fromEpoch > currentEpoch),
  }))
}
