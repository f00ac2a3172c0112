/**
 * Every governance proposal of a network, read from the chain: `ProposalCreated` events for what
 * each proposes (decoded into actions and words), and the Governor for its state, votes, quorum and
 * timelock eta. Browser-safe (the explorer reads through its /rpc proxy with it).
 */
import { type Address, type Hex, type PublicClient, keccak256, parseEventLogs, toHex } from 'viem'
import { distributorGovernanceAbi, governorReadAbi, tokenSupplyAbi } from './governanceAbis.ts'
import {
  type GovernanceAction,
  type GovernedContracts,
  type ProposalCall,
  changesOracleSet,
  decodeCall,
  describeActions,
  descriptionMatches,
  oracleCountBefore,
} from './governanceActions.ts'
import { type ProposalState, type ProposalTiming, proposalStateOf } from './proposalState.ts'

export type GovernanceContracts = GovernedContracts & { governor: Address }

export type Proposal = ProposalTiming & {
  id: bigint
  proposer: Address
  description: string
  descriptionHash: Hex
  calls: ProposalCall[]
  actions: GovernanceAction[]
  /** The calls in words, decoded from the calldata (not taken from the description). */
  words: string[]
  /** Whether the description says what the calls do (see `descriptionMatches`). */
  descriptionMatches: boolean
  /** For + abstain votes needed: `quorum(snapshot)`, or while the snapshot is ahead, the quorum at today's supply. */
  quorum: bigint
  /** False while the snapshot is in the future: `quorum` is then an estimate from the current supply. */
  quorumFinal: boolean
  createdBlock: bigint
  createdTransaction: Hex
  executedTransaction: Hex | null
}

/** The events a proposal's life leaves on the governor. */
const PROPOSAL_EVENTS = governorReadAbi.filter((item) => item.type === 'event')

type Reader = Pick<PublicClient, 'getLogs' | 'readContract' | 'getBlock' | 'getTransactionReceipt'>

/**
 * Every proposal since `fromBlock` (the deployment's block), oldest first, with its state as of the
 * latest block; `now` is that block's timestamp, the clock proposals are timed in.
 */
export async function readProposals(client: Reader, contracts: GovernanceContracts, fromBlock: bigint): Promise<{ now: bigint; proposals: Proposal[] }> {
  const [block, logs] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    client.getLogs({ address: contracts.governor, events: PROPOSAL_EVENTS, fromBlock, toBlock: 'latest' }),
  ])
  const parsed = parseEventLogs({ abi: governorReadAbi, logs: logs as never })
  const executed = new Map<bigint, Hex>()
  for (const log of parsed) if (log.eventName === 'ProposalExecuted') executed.set(log.args.proposalId, log.transactionHash)
  const created = parsed.flatMap((log) => (log.eventName === 'ProposalCreated' ? [log] : []))
  if (created.length === 0) return { now: block.timestamp, proposals: [] }

  const governor = { address: contracts.governor, abi: governorReadAbi } as const
  const [oracleCount, quorumNumerator, quorumDenominator, token] = await Promise.all([
    client.readContract({ address: contracts.distributor, abi: distributorGovernanceAbi, functionName: 'oracleCount' }),
    client.readContract({ ...governor, functionName: 'quorumNumerator' }),
    client.readContract({ ...governor, functionName: 'quorumDenominator' }),
    client.readContract({ ...governor, functionName: 'token' }),
  ])
  let estimatedQuorum: bigint | undefined
  const quorumNow = async () => {
    estimatedQuorum ??= ((await client.readContract({ address: token, abi: tokenSupplyAbi, functionName: 'totalSupply' })) * quorumNumerator) / quorumDenominator
    return estimatedQuorum
  }

  const proposals = await Promise.all(
    created.map(async (log): Promise<Proposal> => {
      const { proposalId: id, proposer, targets, values, calldatas, voteStart, voteEnd, description } = log.args
      const calls = targets.map((target, i) => ({ target, value: values[i] ?? 0n, data: calldatas[i] ?? '0x' }))
      const actions = calls.map((call) => decodeCall(call, contracts))
      const executedTransaction = executed.get(id) ?? null
      const [stateIndex, [against, forVotes, abstain], eta, quorum, countBefore] = await Promise.all([
        client.readContract({ ...governor, functionName: 'state', args: [id] }),
        client.readContract({ ...governor, functionName: 'proposalVotes', args: [id] }),
        client.readContract({ ...governor, functionName: 'proposalEta', args: [id] }),
        // quorum(t) reads the supply at t, which the token refuses for a timepoint not yet past.
        voteStart < block.timestamp
          ? client.readContract({ ...governor, functionName: 'quorum', args: [voteStart] }).then((q) => ({ value: q, final: true }))
          : quorumNow().then((q) => ({ value: q, final: false })),
        executedTransaction !== null && actions.some(changesOracleSet)
          ? oracleCountAtExecution(client, contracts.distributor, executedTransaction, actions)
          : Promise.resolve(Number(oracleCount)),
      ])
      const state: ProposalState = proposalStateOf(stateIndex)
      return {
        id,
        proposer,
        description,
        descriptionHash: keccak256(toHex(description)),
        calls,
        actions,
        words: describeActions(actions, { oracleCount: countBefore }),
        descriptionMatches: descriptionMatches(description, actions),
        state,
        voteStart,
        voteEnd,
        eta: eta === 0n ? null : eta,
        votes: { for: forVotes, against, abstain },
        quorum: quorum.value,
        quorumFinal: quorum.final,
        // GovernorCountingSimple: for and abstain votes count toward the quorum.
        quorumReached: forVotes + abstain >= quorum.value,
        createdBlock: log.blockNumber,
        createdTransaction: log.transactionHash,
        executedTransaction,
      }
    }),
  )
  return { now: block.timestamp, proposals }
}

/** The oracle set's size before an executed proposal's calls, from the `OracleSetChanged` events of its execution. */
async function oracleCountAtExecution(client: Reader, distributor: Address, transaction: Hex, actions: readonly GovernanceAction[]) {
  const receipt = await client.getTransactionReceipt({ hash: transaction })
  const counts = parseEventLogs({ abi: distributorGovernanceAbi, logs: receipt.logs, eventName: 'OracleSetChanged' })
    .filter((log) => log.address.toLowerCase() === distributor.toLowerCase())
    .map((log) => Number(log.args.oracleCount))
  return oracleCountBefore(actions, counts)
}
