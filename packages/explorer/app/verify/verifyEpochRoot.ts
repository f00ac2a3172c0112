import { rewardDistributorAbi } from '@pinion/contracts/generated'
import type { Hex, PublicClient } from 'viem'
import { apiGet } from '../lib/api.ts'
import { formatTokens } from '../lib/format.ts'
import type { RecipientPosition } from '@pinion/oracle/api'
import { rewardLeaf, rootFromProof } from './merkle.ts'

type VerifyStep = { label: string; ok: boolean; detail: string }
export type Verification = { ok: boolean; steps: VerifyStep[] }

type VerifyInput = {
  client: PublicClient
  distributor: Hex
  epoch: bigint
  recipient: Hex
  /** Where to look for the commit: the block the oracle says it landed in, else from deployment. */
  searchFromBlock: bigint
  /** The token's symbol, for amounts in words. */
  symbol: string
}

/**
 * Checks, in the browser, that the proof an oracle serves for `recipient` leads to the root the
 * distributor committed for `epoch`: fetch the proof, hash the leaf, fold the proof, read the
 * root from the chain's RootCommitted event, compare. Trusts the oracle for nothing but the proof.
 */
export async function verifyEpochRoot({ client, distributor, epoch, recipient, searchFromBlock, symbol }: VerifyInput): Promise<Verification> {
  const steps: VerifyStep[] = []
  const done = () => ({ ok: steps.every((s) => s.ok), steps })

  const position = await apiGet<RecipientPosition>(`/v1/recipients/${recipient}?epoch=${epoch}`)
  const claim = position.claim
  steps.push({
    label: 'Proof served by the oracle',
    ok: claim !== null,
    detail:
      claim === null
        ? `The oracle serves no proof for ${recipient} in epoch ${epoch}.`
        : `${claim.proof.length} sibling hashes for a cumulative ${formatTokens(claim.cumulativeAmount, symbol, 6)} (${claim.cumulativeAmount} base units).`,
  })
  if (claim === null) return done()

  const leaf = rewardLeaf(recipient, BigInt(claim.cumulativeAmount))
  steps.push({ label: 'Leaf hashed in the browser', ok: true, detail: leaf })
  const computed = rootFromProof(leaf, claim.proof)
  steps.push({ label: 'Root recomputed from the proof', ok: true, detail: computed })

  const logs = await client.getContractEvents({
    address: distributor,
    abi: rewardDistributorAbi,
    eventName: 'RootCommitted',
    args: { epoch },
    fromBlock: searchFromBlock,
    toBlock: 'latest',
  })
  const committed = logs[0]
  if (committed === undefined || committed.args.root === undefined) {
    steps.push({ label: 'Root read from the chain', ok: false, detail: `The distributor has no RootCommitted event for epoch ${epoch} (not committed yet?).` })
    return done()
  }
  const onChain = committed.args.root
  steps.push({ label: 'Root read from the chain', ok: true, detail: `${onChain} (RootCommitted, block ${committed.blockNumber})` })
  const match = onChain.toLowerCase() === computed.toLowerCase()
  steps.push({
    label: match ? 'The roots match' : 'The roots differ',
    ok: match,
    detail: match ? 'The served proof proves this amount against the root on chain.' : 'The proof does not lead to the committed root: do not trust this amount.',
  })
  return done()
}
