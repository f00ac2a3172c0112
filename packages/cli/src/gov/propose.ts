import { type GovernanceAction, type Proposal, encodeAction, pinionGovernorAbi, proposalDescription, rewardDistributorAbi, waitingFor } from '@pinion/contracts'
import { type Hex, keccak256, toHex } from 'viem'
import type { GovSigner } from './connect.ts'
import { GovError } from './errors.ts'
import { findProposal } from './proposalLookup.ts'
import { send } from './send.ts'

export type Proposed = { proposal: Proposal; transaction: Hex; waitingFor: string }

/**
 * Proposes `actions` as one proposal, its description their words (one line each, then the note):
 * checks first that the signer has the votes to propose and that the same proposal does not exist.
 */
export async function propose(signer: GovSigner, actions: readonly GovernanceAction[], note?: string): Promise<Proposed> {
  const { client, contracts, wallet } = signer
  const governor = { address: contracts.governor, abi: pinionGovernorAbi } as const
  const proposer = wallet.account.address
  const oracleCount = Number(await client.readContract({ address: contracts.distributor, abi: rewardDistributorAbi, functionName: 'oracleCount' }))
  const description = proposalDescription(actions, { oracleCount }, note)
  const calls = actions.map((action) => encodeAction(action, contracts))
  const args = [calls.map((c) => c.target), calls.map((c) => c.value), calls.map((c) => c.data)] as const

  const [threshold, clock] = await Promise.all([
    client.readContract({ ...governor, functionName: 'proposalThreshold' }),
    client.readContract({ ...governor, functionName: 'clock' }),
  ])
  // The Governor counts the proposer's votes one second back, so votes delegated this second do not count yet.
  const votes = await client.readContract({ ...governor, functionName: 'getVotes', args: [proposer, BigInt(clock) - 1n] })
  if (votes < threshold) {
    throw new GovError(
      'PINION_ERR_GOV_BELOW_THRESHOLD',
      `${proposer} has ${votes} votes, expected at least the proposal threshold ${threshold}; delegate to it first (\`pinion gov delegate\`), votes count from the next second`,
    )
  }
  const id = await client.readContract({ ...governor, functionName: 'hashProposal', args: [...args, keccak256(toHex(description))] })
  if ((await client.readContract({ ...governor, functionName: 'proposalSnapshot', args: [id] })) !== 0n) {
    throw new GovError('PINION_ERR_GOV_PROPOSAL_EXISTS', `proposal ${id} already proposes exactly this; add --note <text> to propose it again`)
  }
  const { transaction } = await send(signer, { ...governor, functionName: 'propose', args: [...args, description] }, 'proposing')
  const { now, proposal } = await findProposal(signer, id.toString())
  return { proposal, transaction, waitingFor: waitingFor(proposal, now) }
}
