import { type GovernanceAction, rewardDistributorAbi } from '@pinion/contracts'
import { type Address, isAddressEqual } from 'viem'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

/** The distributor's oracle set as governance changes it. */
export type OracleSet = { oracles: Address[]; quorum: number; version: number; disputeWindow: bigint; maxDisputeWindow: bigint }

export async function readOracleSet({ client, contracts }: Gov): Promise<OracleSet> {
  const distributor = { address: contracts.distributor, abi: rewardDistributorAbi } as const
  const [oracles, quorum, version, disputeWindow, maxDisputeWindow] = await Promise.all([
    client.readContract({ ...distributor, functionName: 'oracles' }),
    client.readContract({ ...distributor, functionName: 'quorum' }),
    client.readContract({ ...distributor, functionName: 'oracleSetVersion' }),
    client.readContract({ ...distributor, functionName: 'disputeWindow' }),
    client.readContract({ ...distributor, functionName: 'MAX_DISPUTE_WINDOW' }),
  ])
  return { oracles: [...oracles], quorum: Number(quorum), version, disputeWindow, maxDisputeWindow }
}

/** The smallest strict majority of `size` oracles. */
const majorityOf = (size: number): number => Math.floor(size / 2) + 1

/**
 * Refuses a quorum that is not a strict majority of the `size` oracles the set will have: two
 * disjoint groups could then each sign a different root for the same epoch.
 */
function checkQuorum(quorum: number, size: number): void {
  if (size < 1) throw new GovError('PINION_ERR_GOV_QUORUM', `the oracle set would be empty; expected at least one oracle, so that roots can still be signed`)
  const range = `expected ${majorityOf(size)} to ${size}`
  if (quorum > size) throw new GovError('PINION_ERR_GOV_QUORUM', `quorum ${quorum} exceeds the ${size} oracles the set would have; ${range}`)
  if (quorum < majorityOf(size)) {
    throw new GovError(
      'PINION_ERR_GOV_QUORUM',
      `quorum ${quorum} is not a strict majority of the ${size} oracles the set would have; ${range}, so that no two disjoint groups can each sign a root`,
    )
  }
}

const isMember = (set: OracleSet, address: Address) => set.oracles.some((o) => isAddressEqual(o, address))

function notMember(set: OracleSet, address: Address, what: string) {
  if (isMember(set, address))
    throw new GovError('PINION_ERR_GOV_ORACLE', `${what} ${address} is already an oracle; expected an address outside the set (${set.oracles.join(', ')})`)
}
function member(set: OracleSet, address: Address, what: string) {
  if (!isMember(set, address)) throw new GovError('PINION_ERR_GOV_ORACLE', `${what} ${address} is not an oracle; expected one of ${set.oracles.join(', ')}`)
}

/** Adds `oracle`; the quorum stays when it is still a majority of the larger set, else becomes the smallest majority. */
export function addOracle(set: OracleSet, oracle: Address, quorum?: number): GovernanceAction {
  notMember(set, oracle, 'the oracle to add')
  const size = set.oracles.length + 1
  const chosen = quorum ?? (set.quorum >= majorityOf(size) ? set.quorum : majorityOf(size))
  checkQuorum(chosen, size)
  return { action: 'add-oracle', oracle, quorum: chosen }
}

export function removeOracle(set: OracleSet, oracle: Address, quorum: number): GovernanceAction {
  member(set, oracle, 'the oracle to remove')
  checkQuorum(quorum, set.oracles.length - 1)
  return { action: 'remove-oracle', oracle, quorum }
}

export function replaceOracle(set: OracleSet, oracle: Address, replacement: Address): GovernanceAction {
  member(set, oracle, 'the oracle to replace')
  notMember(set, replacement, 'its replacement')
  return { action: 'replace-oracle', oracle, replacement }
}

export function setQuorum(set: OracleSet, quorum: number): GovernanceAction {
  checkQuorum(quorum, set.oracles.length)
  if (quorum === set.quorum) throw new GovError('PINION_ERR_GOV_NO_CHANGE', `the quorum already is ${quorum} of ${set.oracles.length}`)
  return { action: 'quorum', quorum }
}

export function setDisputeWindow(set: OracleSet, seconds: bigint): GovernanceAction {
  if (seconds > set.maxDisputeWindow) {
    throw new GovError(
      'PINION_ERR_GOV_NUMBER',
      `the dispute window is ${seconds.toLocaleString('en')} s, expected at most ${set.maxDisputeWindow.toLocaleString('en')} s (30 days, the distributor's MAX_DISPUTE_WINDOW)`,
    )
  }
  if (seconds === set.disputeWindow) throw new GovError('PINION_ERR_GOV_NO_CHANGE', `the dispute window already is ${seconds.toLocaleString('en')} s`)
  return { action: 'dispute-window', seconds }
}
