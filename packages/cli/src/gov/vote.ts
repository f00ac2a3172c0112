import { type Proposal, VOTE_SUPPORT, type VoteSupport, pinionGovernorAbi, waitingFor } from '@pinion/contracts'
import type { Hex } from 'viem'
import type { GovSigner } from './connect.ts'
import { GovError } from './errors.ts'
import { findProposal, shortId } from './proposalLookup.ts'
import { send } from './send.ts'

export type Voted = { proposal: Proposal; support: VoteSupport; weight: bigint; reason: string | null; transaction: Hex; waitingFor: string }

export function parseSupport(value: string): VoteSupport {
  if (value in VOTE_SUPPORT) return value as VoteSupport
  throw new GovError('PINION_ERR_GOV_ACTION', `the vote is "${value}", expected ${Object.keys(VOTE_SUPPORT).join(', ')}`)
}

/** Votes on proposal `idText` with the signer's votes at its snapshot; refuses, saying why, when voting is not open. */
export async function vote(signer: GovSigner, idText: string, support: VoteSupport, reason?: string): Promise<Voted> {
  const governor = { address: signer.contracts.governor, abi: pinionGovernorAbi } as const
  const voter = signer.wallet.account.address
  const { now, proposal } = await findProposal(signer, idText)
  if (proposal.state !== 'active') {
    throw new GovError('PINION_ERR_GOV_NOT_ACTIVE', `proposal ${shortId(proposal.id)} is ${proposal.state}, not open for votes: ${waitingFor(proposal, now)}`)
  }
  if (await signer.client.readContract({ ...governor, functionName: 'hasVoted', args: [proposal.id, voter] })) {
    throw new GovError('PINION_ERR_GOV_ALREADY_VOTED', `${voter} already voted on proposal ${shortId(proposal.id)}`)
  }
  const weight = await signer.client.readContract({ ...governor, functionName: 'getVotes', args: [voter, proposal.voteStart] })
  if (weight === 0n) {
    throw new GovError(
      'PINION_ERR_GOV_NO_VOTES',
      `${voter} had no votes at proposal ${shortId(proposal.id)}'s snapshot (second ${proposal.voteStart}); votes count only when delegated before a proposal is made (\`pinion gov delegate\`)`,
    )
  }
  const call =
    reason === undefined || reason === ''
      ? ({ ...governor, functionName: 'castVote', args: [proposal.id, VOTE_SUPPORT[support]] } as const)
      : ({ ...governor, functionName: 'castVoteWithReason', args: [proposal.id, VOTE_SUPPORT[support], reason] } as const)
  const { transaction } = await send(signer, call, `voting ${support} proposal ${shortId(proposal.id)}`)
  const after = await findProposal(signer, proposal.id.toString())
  return { proposal: after.proposal, support, weight, reason: reason || null, transaction, waitingFor: waitingFor(after.proposal, after.now) }
}
