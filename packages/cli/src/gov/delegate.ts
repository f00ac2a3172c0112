import { pinionTokenAbi } from '@pinion/contracts'
import type { Address, Hex } from 'viem'
import type { GovSigner } from './connect.ts'
import { send } from './send.ts'

export type Delegated = { account: Address; delegate: Address; balance: bigint; votes: bigint; transaction: Hex }

/**
 * Delegates the signer's token votes to `to` (itself by default): tokens vote only once delegated,
 * and count for proposals made from the next second on (a proposal's snapshot is when it was made).
 */
export async function delegate(signer: GovSigner, to?: Address): Promise<Delegated> {
  const account = signer.wallet.account.address
  const delegatee = to ?? account
  const token = { address: signer.state.deployment.token, abi: pinionTokenAbi } as const
  const { transaction } = await send(signer, { ...token, functionName: 'delegate', args: [delegatee] }, `delegating ${account}'s votes`)
  const [balance, votes] = await Promise.all([
    signer.client.readContract({ ...token, functionName: 'balanceOf', args: [account] }),
    signer.client.readContract({ ...token, functionName: 'getVotes', args: [delegatee] }),
  ])
  return { account, delegate: delegatee, balance, votes, transaction }
}
