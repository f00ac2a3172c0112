import { rewardDistributorAbi } from '@pinion/contracts/generated'
import type { Address, Hash, Hex, PublicClient, WalletClient } from 'viem'
import { apiGet } from '../lib/api.ts'
import type { RecipientPosition } from '@pinion/oracle/api'
import type { Status } from '../lib/network.tsx'
import { latestRootEpoch, readClaimState } from '../lib/chain.ts'

export type ClaimResult = { transaction: Hash; block: bigint; paid: bigint; epoch: bigint }

/** A root landing between reading the proof and mining the claim makes the proof stale: try again, from fresh state. */
const CLAIM_ATTEMPTS = 3

/**
 * Claims everything claimable for `recipient`, sent by `sender`'s wallet: `claim` when the sender
 * is the recipient, else `claimFor` (anyone may pay the gas). The proof is the oracle's, for the
 * latest root on chain: the only root claims are checked against.
 */
export async function claimRewards(options: { wallet: WalletClient; sender: Address; client: PublicClient; status: Status; recipient: Hex }): Promise<ClaimResult> {
  const { wallet, sender, client, status, recipient } = options
  const distributor = status.contracts.distributor
  for (let attempt = 1; ; attempt++) {
    const epoch = await latestRootEpoch(client, distributor)
    if (epoch === null) throw new Error('No reward root is on chain yet: nothing can be claimed.')
    const [position, { claimed }] = await Promise.all([apiGet<RecipientPosition>(`/v1/recipients/${recipient}?epoch=${epoch}`), readClaimState(client, status, recipient)])
    const proof = position.claim
    if (proof === null || BigInt(proof.cumulativeAmount) <= claimed) throw new Error(`Nothing to claim against the root of epoch ${epoch}.`)
    const cumulative = BigInt(proof.cumulativeAmount)
    try {
      const transaction =
        sender.toLowerCase() === recipient.toLowerCase()
          ? await wallet.writeContract({
              account: sender,
              chain: wallet.chain,
              address: distributor,
              abi: rewardDistributorAbi,
              functionName: 'claim',
              args: [cumulative, proof.proof],
            })
          : await wallet.writeContract({
              account: sender,
              chain: wallet.chain,
              address: distributor,
              abi: rewardDistributorAbi,
              functionName: 'claimFor',
              args: [recipient, cumulative, proof.proof],
            })
      const receipt = await client.waitForTransactionReceipt({ hash: transaction })
      if (receipt.status !== 'success') throw new Error(`The claim transaction ${transaction} reverted.`)
      return { transaction, block: receipt.blockNumber, paid: cumulative - claimed, epoch }
    } catch (error) {
      if (attempt >= CLAIM_ATTEMPTS) throw error
      // A new root, or the epoch's funding, may land in the very block the claim was checked
      // against: wait for the next block and claim again from fresh state.
      const from = await client.getBlockNumber()
      while ((await client.getBlockNumber()) <= from) await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
