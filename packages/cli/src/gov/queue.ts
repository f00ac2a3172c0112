import { type Proposal, pinionGovernorAbi, waitingFor } from '@pinion/contracts'
import type { Hex } from 'viem'
import type { GovSigner } from './connect.ts'
import { GovError } from './errors.ts'
import { findProposal, shortId } from './proposalLookup.ts'
import { send } from './send.ts'

export type Queued = { proposal: Proposal; transaction: Hex; waitingFor: string }

/** The Governor's arguments that name a proposal: its calls and its description's hash. */
export const proposalArgs = (p: Proposal) => [p.calls.map((c) => c.target), p.calls.map((c) => c.value), p.calls.map((c) => c.data), p.descriptionHash] as const

/** Queues a passed proposal in the timelock; refuses, saying why, when it has not passed. */
export async function queue(signer: GovSigner, idText: string): Promise<Queued> {
  const { now, proposal } = await findProposal(signer, idText)
  if (proposal.state !== 'succeeded') {
    throw new GovError('PINION_ERR_GOV_NOT_SUCCEEDED', `proposal ${shortId(proposal.id)} is ${proposal.state}, not passed: ${waitingFor(proposal, now)}`)
  }
  const { transaction } = await send(
    signer,
    { address: signer.contracts.governor, abi: pinionGovernorAbi, functionName: 'queue', args: proposalArgs(proposal) },
    `queueing proposal ${shortId(proposal.id)}`,
  )
  const after = await findProposal(signer, proposal.id.toString())
  return { proposal: after.proposal, transaction, waitingFor: waitingFor(after.proposal, after.now) }
}
