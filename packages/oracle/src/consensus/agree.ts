import type { Address, Hex } from 'viem'
import { loadProposal, saveProposal } from '../store/consensus.ts'
import { collectManifest } from './collectManifest.ts'
import { fetchReports } from './fetchReports.ts'
import type { Manifest } from './manifest.ts'
import { PeerError } from './peerClient.ts'
import { type OracleSet, type Proposal, proposalProblem, proposerOf, unionOfIds } from './proposal.ts'
import { type RoundTiming, roundAt } from './rounds.ts'
import type { SealingContext } from './sealingContext.ts'

/** The input set of an epoch, agreed: the adopted proposal and the union of its manifests' ids. */
export type Agreed = { status: 'agreed'; proposal: Proposal; ids: Hex[] }
export type Waiting = { status: 'waiting'; why: string }

/** What one epoch's agreement remembers between ticks. */
export type AgreementMemory = {
  /** Rounds whose proposal can never be completed (an inadmissible report, an equivocating manifest), with why. */
  unusable: Map<number, string>
}

type Completion = { status: 'complete'; ids: Hex[] } | { status: 'missing'; why: string } | { status: 'refused'; why: string }

/**
 * One step of agreeing on `epoch`'s input set under `set` (docs/oracle-consensus.md, "Sealing").
 *
 * 1. A proposal this oracle already adopted for (epoch, version) is the answer: an oracle adopts at
 *    most one, and signs only for it.
 * 2. Otherwise the valid proposal of the lowest round that has begun, from any peer, is completed
 *    (every manifest's ids known, every report held) and adopted. A proposal still incomplete a full
 *    round after its own is given up, so a dead proposer costs one round, not the epoch.
 * 3. Otherwise, when this oracle proposes the current round: once every oracle's manifest is complete
 *    here, or `manifestWaitMs` into the round with a quorum of them, it proposes and adopts those.
 *
 * Never adopts anything it cannot compute from its own store, so it never signs a root it could not
 * reproduce; and never hides a wait: the answer says what is missing and from whom.
 */
export async function agreeOnInputs(context: SealingContext, timing: RoundTiming, set: OracleSet, epoch: bigint, memory: AgreementMemory): Promise<Agreed | Waiting> {
  const adopted = await loadProposal(context.db, epoch, set.version)
  if (adopted !== undefined) {
    const completion = await completeProposal(context, adopted)
    if (completion.status === 'complete') return { status: 'agreed', proposal: adopted, ids: completion.ids }
    return { status: 'waiting', why: `the adopted proposal of round ${adopted.round}: ${completion.why}` }
  }

  const { round: current, intoRoundMs } = roundAt(timing, epoch, context.now())
  if (current < 0) return { status: 'waiting', why: 'the epoch has not sealed yet' }

  for (const proposal of await peerProposals(context, set, epoch, current, memory)) {
    const completion = await completeProposal(context, proposal)
    if (completion.status === 'complete') {
      await saveProposal(context.db, proposal)
      return { status: 'agreed', proposal, ids: completion.ids }
    }
    if (completion.status === 'refused' || current > proposal.round + 1) {
      memory.unusable.set(proposal.round, completion.why)
      continue
    }
    return { status: 'waiting', why: `round ${proposal.round}'s proposal by ${proposal.proposer}: ${completion.why}` }
  }

  const proposer = proposerOf(set, epoch, current)
  if (proposer !== context.self) return { status: 'waiting', why: `no proposal yet; round ${current} is ${proposer}'s` }
  return propose(context, timing, set, epoch, current, intoRoundMs)
}

/** Peers' valid proposals for rounds that have begun and are not known unusable, lowest round first. */
async function peerProposals(context: SealingContext, set: OracleSet, epoch: bigint, current: number, memory: AgreementMemory): Promise<Proposal[]> {
  const answers = await Promise.all(
    [...context.peers.values()].map(async (peer) => {
      if (!context.health.ready(peer)) return undefined
      try {
        const proposal = await context.client.proposal(peer, epoch, set.version)
        context.health.succeeded(peer)
        return proposal
      } catch (error) {
        if (!(error instanceof PeerError)) throw error
        if (error.reason !== 'not-found') context.health.failed(peer, error)
        return undefined
      }
    }),
  )
  const byRound = new Map<number, Proposal>()
  for (const proposal of answers) {
    if (proposal === undefined || proposal.round > current || memory.unusable.has(proposal.round) || byRound.has(proposal.round)) continue
    if ((await proposalProblem(proposal, set, { epoch, chainId: context.chainId, distributor: context.distributor })) !== null) continue
    byRound.set(proposal.round, proposal)
  }
  return [...byRound.values()].sort((a, b) => a.round - b.round)
}

/** Where to ask for what a proposal names: its proposer, then each manifest's owner, then every other peer. */
function askingOrder(context: SealingContext, first: readonly Address[]): string[] {
  const urls = first.map((oracle) => context.peers.get(oracle)).filter((url): url is string => url !== undefined)
  return [...new Set([...urls, ...context.peers.values()])]
}

async function completeProposal(context: SealingContext, proposal: Proposal): Promise<Completion> {
  const order = askingOrder(context, [proposal.proposer, ...proposal.manifests.map((m) => m.oracle)])
  const manifests: Manifest[] = []
  for (const header of proposal.manifests) {
    const found = await collectManifest(context, proposal.epoch, header.oracle, [context.peers.get(header.oracle) ?? '', ...order].filter(Boolean))
    if (found.manifest === undefined) return { status: 'missing', why: `the manifest of ${header.oracle} is not to be had (${describe(found.failures)})` }
    if (found.manifest.idsHash !== header.idsHash || found.manifest.reportCount !== header.reportCount) {
      // Two different manifests signed by one oracle for one epoch: it can never be completed as named.
      return { status: 'refused', why: `${header.oracle} signed two different manifests for epoch ${proposal.epoch}` }
    }
    manifests.push(found.manifest)
  }
  const ids = unionOfIds(manifests.map((m) => m.ids))
  const fetched = await fetchReports(context, ids, order)
  if (fetched.refused.size > 0) {
    const [id, why] = fetched.refused.entries().next().value!
    return { status: 'refused', why: `it names ${fetched.refused.size} report(s) no oracle may accept, e.g. ${id}: ${why}` }
  }
  if (fetched.missing.length > 0) return { status: 'missing', why: `${fetched.missing.length} of its ${ids.length} reports are not to be had (${describe(fetched.failures)})` }
  return { status: 'complete', ids }
}

async function propose(context: SealingContext, timing: RoundTiming, set: OracleSet, epoch: bigint, round: number, intoRoundMs: number): Promise<Agreed | Waiting> {
  const complete: Manifest[] = []
  const problems: string[] = []
  for (const oracle of set.oracles) {
    const found = await collectManifest(context, epoch, oracle, [context.peers.get(oracle) ?? ''].filter(Boolean))
    if (found.manifest === undefined) {
      problems.push(`${oracle}: no manifest (${describe(found.failures)})`)
      continue
    }
    const fetched = await fetchReports(context, found.manifest.ids, askingOrder(context, [oracle]))
    if (fetched.refused.size > 0) problems.push(`${oracle}: names ${fetched.refused.size} report(s) no oracle may accept`)
    else if (fetched.missing.length > 0) problems.push(`${oracle}: ${fetched.missing.length} reports not to be had (${describe(fetched.failures)})`)
    else complete.push(found.manifest)
  }
  const everyone = complete.length === set.oracles.length
  if (!everyone && (intoRoundMs < timing.manifestWaitMs || complete.length < set.quorum)) {
    return { status: 'waiting', why: `proposing round ${round}: ${complete.length} of ${set.oracles.length} manifests complete (${problems.join('; ')})` }
  }
  const proposal: Proposal = {
    epoch,
    version: set.version,
    round,
    proposer: context.self,
    manifests: complete.map(({ ids: _ids, ...header }) => header).sort((a, b) => (a.oracle < b.oracle ? -1 : 1)),
  }
  await saveProposal(context.db, proposal)
  return { status: 'agreed', proposal, ids: unionOfIds(complete.map((m) => m.ids)) }
}

function describe(failures: readonly PeerError[]): string {
  if (failures.length === 0) return 'no peer had it yet'
  return failures.map((f) => f.message).join('; ')
}
