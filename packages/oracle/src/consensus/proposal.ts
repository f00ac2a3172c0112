import type { Address, Hex } from 'viem'
import { type ManifestHeader, headerFromJson, headerToJson, isSignedByItsOracle } from './manifest.ts'

/** The oracles whose signatures count, as the distributor holds them. */
export type OracleSet = {
  /** Changes with every change of the set, its quorum, or a veto: signatures carry it. */
  version: number
  /** Lower-case, ascending. */
  oracles: readonly Address[]
  quorum: number
}

/**
 * Which manifests make an epoch's input set: their union. Made by the epoch's proposer for a round,
 * adopted (and served on) by every oracle that signs a root for it.
 */
export type Proposal = {
  epoch: bigint
  version: number
  round: number
  proposer: Address
  /** At least a quorum of manifests, by distinct current oracles, ascending by oracle. */
  manifests: ManifestHeader[]
}

/**
 * The proposer of `epoch`'s round `round`: the oracles take turns in address order, starting one
 * further along each epoch, so that no oracle proposes every epoch and a silent proposer costs one
 * round.
 */
export function proposerOf(set: OracleSet, epoch: bigint, round: number): Address {
  const n = BigInt(set.oracles.length)
  return set.oracles[Number((epoch + BigInt(round)) % n)]!
}

/**
 * Why `proposal` cannot be adopted under `set`, or null when it can: right epoch and version, its
 * round's proposer, a quorum of manifests for this epoch by distinct current oracles, each signed
 * by its oracle. Whether every report it names can be had is checked later (gatherInputs).
 */
export async function proposalProblem(proposal: Proposal, set: OracleSet, expected: { epoch: bigint; chainId: number; distributor: Address }): Promise<string | null> {
  if (proposal.epoch !== expected.epoch) return `it is for epoch ${proposal.epoch}, not ${expected.epoch}`
  if (proposal.version !== set.version) return `it is for oracle-set version ${proposal.version}, not the current ${set.version}`
  if (!Number.isSafeInteger(proposal.round) || proposal.round < 0) return `round ${proposal.round} is not a round`
  const proposer = proposerOf(set, proposal.epoch, proposal.round)
  if (proposal.proposer !== proposer) return `round ${proposal.round} is ${proposer}'s to propose, not ${proposal.proposer}'s`
  if (proposal.manifests.length < set.quorum) return `it holds ${proposal.manifests.length} manifests; the quorum is ${set.quorum}`
  let previous = ''
  for (const manifest of proposal.manifests) {
    if (!(manifest.oracle > previous)) return 'its manifests are not in ascending, distinct oracle order'
    previous = manifest.oracle
    if (!set.oracles.includes(manifest.oracle)) return `manifest of ${manifest.oracle}, which is not a current oracle`
    if (manifest.epoch !== proposal.epoch) return `manifest of ${manifest.oracle} is for epoch ${manifest.epoch}`
    if (!(await isSignedByItsOracle(expected.chainId, expected.distributor, manifest))) return `manifest of ${manifest.oracle} is not signed by it`
  }
  return null
}

export const proposalToJson = (p: Proposal) => ({
  epoch: p.epoch.toString(),
  version: p.version,
  round: p.round,
  proposer: p.proposer,
  manifests: p.manifests.map(headerToJson),
})

/** A proposal read from a peer's JSON (shape only), or undefined. */
export function proposalFromJson(value: unknown): Proposal | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.epoch !== 'string' || !/^\d{1,20}$/.test(v.epoch)) return undefined
  if (typeof v.version !== 'number' || !Number.isSafeInteger(v.version)) return undefined
  if (typeof v.round !== 'number' || !Number.isSafeInteger(v.round)) return undefined
  if (typeof v.proposer !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v.proposer)) return undefined
  if (!Array.isArray(v.manifests) || v.manifests.length > 1_000) return undefined
  const manifests = v.manifests.map(headerFromJson)
  if (manifests.some((m) => m === undefined)) return undefined
  return {
    epoch: BigInt(v.epoch),
    version: v.version,
    round: v.round,
    proposer: v.proposer.toLowerCase() as Address,
    manifests: manifests as ManifestHeader[],
  }
}

/** The union of the manifests' ids, ascending. */
export function unionOfIds(idLists: readonly (readonly Hex[])[]): Hex[] {
  const all = new Set<Hex>()
  for (const ids of idLists) for (const id of ids) all.add(id)
  return [...all].sort()
}
