import { type Proposal, formatSeconds, waitingFor } from '@pinion/contracts'
import { formatTokens } from '../commands/output.ts'
import { shortId } from './proposalLookup.ts'

const votesText = (amount: bigint) => formatTokens(amount, 'votes')

/** "for 100,000 votes · against 0 votes · abstain 0 votes; quorum reached (4,000 votes needed)". */
export function tallyText(p: Proposal): string {
  const quorum = `${p.quorumReached ? 'quorum reached' : 'quorum not reached'} (${votesText(p.quorum)} needed${p.quorumFinal ? '' : ' at today’s supply'})`
  return `for ${votesText(p.votes.for)} · against ${votesText(p.votes.against)} · abstain ${votesText(p.votes.abstain)}; ${quorum}`
}

/** One proposal in a few lines: id, state and what it waits for, its actions, its tally. */
export function proposalSummary(p: Proposal, now: bigint): string {
  return [
    `${shortId(p.id)}  ${p.state}: ${waitingFor(p, now)}`,
    ...p.words.map((words) => `    ${words}`),
    `    ${tallyText(p)}`,
    ...(p.descriptionMatches ? [] : ['    ! its description does not say what its calls do: read the calls above, not the description']),
  ].join('\n')
}

/** Everything about one proposal. */
export function proposalDetail(p: Proposal, now: bigint): string {
  const at = (t: bigint) => `${new Date(Number(t) * 1000).toISOString()} (${t > now ? `in ${formatSeconds(t - now)}` : `${formatSeconds(now - t)} ago`})`
  return [
    `proposal ${p.id}`,
    `state       ${p.state}: ${waitingFor(p, now)}`,
    `proposer    ${p.proposer}`,
    `actions     ${p.words[0] ?? '(none)'}`,
    ...p.words.slice(1).map((words) => `            ${words}`),
    ...(p.descriptionMatches ? [] : [`description does NOT say what the calls do:`, ...p.description.split('\n').map((line) => `            ${line}`)]),
    `votes       ${tallyText(p)}`,
    `voting      opens after ${at(p.voteStart)}, ends after ${at(p.voteEnd)}`,
    `eta         ${p.eta === null ? '– (not queued)' : at(p.eta)}`,
    `proposed in ${p.createdTransaction} (block ${p.createdBlock})`,
    ...(p.executedTransaction === null ? [] : [`executed in ${p.executedTransaction}`]),
  ].join('\n')
}
