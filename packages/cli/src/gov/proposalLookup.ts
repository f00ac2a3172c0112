import { type Proposal, readProposals } from '@pinion/contracts'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

/** Every proposal of the network, oldest first, and the chain time they are timed against. */
export function listProposals(gov: Gov): Promise<{ now: bigint; proposals: Proposal[] }> {
  return readProposals(gov.client, gov.contracts, gov.state.deployment.blockNumber)
}

/** A proposal id as people see it: its first digits, enough to tell it apart. */
export const shortId = (id: bigint): string => {
  const digits = id.toString()
  return digits.length <= 10 ? digits : `${digits.slice(0, 10)}…`
}

/** The proposal whose id is `text`, or the only one whose id starts with those digits. */
export async function findProposal(gov: Gov, text: string): Promise<{ now: bigint; proposal: Proposal }> {
  if (!/^\d+$/.test(text))
    throw new GovError('PINION_ERR_GOV_PROPOSAL_ID', `proposal id "${text}" is not decimal digits; expected an id as \`pinion gov status\` lists it (its first digits will do)`)
  const { now, proposals } = await listProposals(gov)
  const exact = proposals.find((p) => p.id.toString() === text)
  if (exact !== undefined) return { now, proposal: exact }
  const matches = proposals.filter((p) => p.id.toString().startsWith(text))
  if (matches.length === 1) return { now, proposal: matches[0]! }
  if (matches.length === 0) {
    throw new GovError(
      'PINION_ERR_GOV_UNKNOWN_PROPOSAL',
      `no proposal has id ${text}${proposals.length === 0 ? '; none was made yet' : `; expected one of ${proposals.map((p) => shortId(p.id)).join(', ')}`}`,
    )
  }
  throw new GovError('PINION_ERR_GOV_AMBIGUOUS_PROPOSAL', `${matches.length} proposals start with ${text} (${matches.map((p) => shortId(p.id)).join(', ')}); give more digits`)
}
