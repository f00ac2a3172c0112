import { Command } from 'commander'
import { chainFor, pinionTokenAbi, rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import { type Address, type Hex, createPublicClient, createWalletClient, http, isAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type NetworkState, DEFAULT_DATA_DIR, readState } from '../state.ts'
import { BASE_UNITS_OPTION, amountFormat, getJson, output } from './output.ts'
import { KEY_FILE_HELP, senderKey } from './senderKey.ts'

type RecipientAnswer = {
  recipient: Address
  devices: Hex[]
  latest: { epoch: string; cumulativeAmount: string } | null
  claim: { epoch: string; root: Hex; cumulativeAmount: string; proof: Hex[] } | null
}

/** The epoch of the newest claimable root on chain (a newer root may still be in its dispute window), or null. */
async function latestCommittedEpoch(state: NetworkState): Promise<bigint | null> {
  const client = createPublicClient({ transport: http(state.rpcUrl) })
  const [newest] = await client.readContract({ address: state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'claimableRoots' })
  return newest === undefined ? null : newest.epoch
}

/** A recipient's position: earned (computed), claimable (committed on chain) and already claimed. */
export async function rewardsOf(state: NetworkState, recipient: Address) {
  const client = createPublicClient({ transport: http(state.rpcUrl) })
  const onChain = await latestCommittedEpoch(state)
  const query = onChain === null ? '' : `?epoch=${onChain}`
  const answer = await getJson<RecipientAnswer>(`${state.oracles[0]!.url}/v1/recipients/${recipient}${query}`)
  const [claimed, balance] = await Promise.all([
    client.readContract({ address: state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'claimed', args: [recipient] }),
    client.readContract({ address: state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [recipient] }),
  ])
  const committed = BigInt(answer.claim?.cumulativeAmount ?? 0)
  return {
    recipient,
    devices: answer.devices,
    earned: BigInt(answer.latest?.cumulativeAmount ?? 0),
    committed,
    claimed,
    claimable: committed > claimed ? committed - claimed : 0n,
    balance,
    claim: answer.claim,
  }
}

/** Attempts at a claim: a new root landing between reading the proof and mining the claim is retried. */
const CLAIM_ATTEMPTS = 3

/**
 * Claims everything claimable for `recipient`, sent (and paid for) by the holder of `privateKey`.
 * The proof is for the latest root on chain; when another root lands before the claim is mined,
 * the claim reverts with InvalidProof and is sent again with the new root's proof.
 */
export async function claimRewards(state: NetworkState, recipient: Address, privateKey: Hex) {
  const account = privateKeyToAccount(privateKey)
  const chain = chainFor(state.chainId, state.name, state.rpcUrl)
  const wallet = createWalletClient({ account, chain, transport: http(state.rpcUrl) })
  const client = createPublicClient({ chain, transport: http(state.rpcUrl) })
  for (let attempt = 1; ; attempt++) {
    const position = await rewardsOf(state, recipient)
    if (position.claim === null || position.claimable === 0n) return { ...position, transaction: null, paid: 0n, claimedThrough: null }
    const args = [recipient, BigInt(position.claim.cumulativeAmount), position.claim.proof] as const
    try {
      const transaction = await wallet.writeContract({ address: state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'claimFor', args })
      const receipt = await waitForReceipt(client, transaction)
      if (receipt.status !== 'success') throw new Error(`claim transaction ${transaction} reverted`)
      const after = await rewardsOf(state, recipient)
      // `after` may already see a newer root; the claim used the proof of `position.claim.epoch`.
      return {
        ...after,
        transaction,
        paid: after.claimed - position.claimed,
        gasUsed: receipt.gasUsed,
        claimedThrough: { epoch: BigInt(position.claim.epoch), cumulativeAmount: BigInt(position.claim.cumulativeAmount) },
      }
    } catch (error) {
      const superseded = (await latestCommittedEpoch(state)) !== BigInt(position.claim.epoch)
      if (!superseded || attempt >= CLAIM_ATTEMPTS) throw error
    }
  }
}

export function rewardsCommand(): Command {
  const rewards = new Command('rewards').description('see and claim rewards')
  rewards
    .command('show')
    .description("a recipient's earned, claimable and claimed rewards")
    .argument('<address>', 'the rewards recipient')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .option(...BASE_UNITS_OPTION)
    .action(async (address: string, options: { dataDir: string; json?: boolean; baseUnits?: boolean }) => {
      if (!isAddress(address)) throw new Error(`"${address}" is not an address`)
      const state = readState(options.dataDir)
      const position = await rewardsOf(state, address)
      const formatTokens = await amountFormat(state, Boolean(options.baseUnits))
      output(Boolean(options.json), position, () =>
        [
          `recipient  ${position.recipient} (${position.devices.length} devices)`,
          `earned     ${formatTokens(position.earned)}   (through the latest computed epoch)`,
          `claimable  ${formatTokens(position.claimable)}   (committed on chain, not yet claimed)`,
          `claimed    ${formatTokens(position.claimed)}`,
          `balance    ${formatTokens(position.balance)}`,
        ].join('\n'),
      )
    })
  rewards
    .command('claim')
    .description('claim everything claimable; anyone may pay the gas for a recipient')
    .argument('<address>', 'the rewards recipient')
    .option('--key-file <path>', `the account that sends (and pays for) the claim: ${KEY_FILE_HELP}`)
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .option(...BASE_UNITS_OPTION)
    .action(async (address: string, options: { dataDir: string; json?: boolean; keyFile?: string; baseUnits?: boolean }) => {
      if (!isAddress(address)) throw new Error(`"${address}" is not an address`)
      const state = readState(options.dataDir)
      const result = await claimRewards(state, address, senderKey(state, options.keyFile))
      const formatTokens = await amountFormat(state, Boolean(options.baseUnits))
      output(Boolean(options.json), result, () =>
        result.transaction === null
          ? `nothing to claim for ${address}`
          : `claimed ${formatTokens(result.paid)} for ${address} in ${result.transaction}; balance ${formatTokens(result.balance)}`,
      )
    })
  return rewards
}
