import { type Proposal, pinionGovernorAbi, waitingFor } from '@pinion/contracts'
import type { Hex } from 'viem'
import type { GovSigner } from './connect.ts'
import { GovError } from './errors.ts'
import { findProposal, shortId } from './proposalLookup.ts'
import { proposalArgs } from './queue.ts'
import { send } from './send.ts'

export type Executed = { proposal: Proposal; transaction: Hex; waitingFor: string }

/** Executes a queued proposal once its timelock delay has passed; refuses, saying how long is left, before. */
export async function execute(signer: GovSigner, idText: string): Promise<Executed> {
  const { now, proposal } = await findProposal(signer, idText)
  const ready = proposal.state === 'queued' && proposal.eta !== null && proposal.eta <= now
  if (!ready) {
    const hint = proposal.state === 'succeeded' ? ` (queue it first: \`pinion gov queue ${shortId(proposal.id).replace('…', '')}\`)` : ''
    throw new GovError('PINION_ERR_GOV_NOT_READY', `proposal ${shortId(proposal.id)} is ${proposal.state}, not executable: ${waitingFor(proposal, now)}${hint}`)
  }
  const { transaction } = await send(
    signer,
    { address: signer.contracts.governor, abi: pinionGovernorAbi, functionName: 'execute', args: proposalArgs(proposal) },
    `executing proposal ${shortId(proposal.id)}`,
  )
  const after = await findProposal(signer, proposal.id.toString())
  return { proposal: after.proposal, transaction, waitingFor: waitingFor(after.proposal, after.now) }
}
