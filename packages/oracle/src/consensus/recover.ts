import { type RewardRoot, rewardDistributorAbi, rewardRootTypedData } from '@pinion/contracts'
import { type Hex, type PublicClient, compactSignatureToSignature, decodeFunctionData, parseCompactSignature, recoverTypedDataAddress, serializeSignature, size, slice } from 'viem'
import type { ChainRoot } from '../chain/rootFollower.ts'
import { canonicalOrder } from '../epoch/canonicalOrder.ts'
import { type ComputeDeps, computeAndSave } from '../service/computeAndSave.ts'
import { discardEpochsFrom } from '../service/saveEpoch.ts'
import { storeFetchedReports } from '../store/consensus.ts'
import type { Db } from '../store/db.ts'
import { admitReports } from './admitReports.ts'
import { PeerError } from './peerClient.ts'
import type { SealingContext } from './sealingContext.ts'

export type RecoveryOutcome = { status: 'matches' } | { status: 'recovered'; peer: string } | { status: 'waiting'; why: string }

/**
 * Brings this oracle's `epoch` in line with the root the chain committed for it.
 *
 * When this oracle computed the same root, the epoch is marked committed. Otherwise — it never
 * computed the epoch (it was down, slow, or its store is new) or computed another root (it saw other
 * inputs) — its own result for the epoch and every later one is discarded, and the epoch is
 * recomputed from the inputs a peer publishes, accepted only if they hash to the committed
 * inputsHash, and kept only if they give the committed root. If no peer serves such inputs, the
 * answer says so and nothing later is signed: an oracle never builds on a state the chain does not
 * hold, so its later roots and the proofs it serves agree with the chain.
 */
export async function recoverEpoch(deps: ComputeDeps & { sealing: SealingContext }, epoch: bigint, committed: ChainRoot): Promise<RecoveryOutcome> {
  const { db } = deps
  const { rows } = await db.query<{ root: Hex; inputs_hash: Hex }>('select root, inputs_hash from epochs where epoch = $1', [epoch.toString()])
  const local = rows[0]
  if (local !== undefined && local.root === committed.root && local.inputs_hash === committed.inputsHash) {
    await markCommitted(db, deps.client, deps.sealing.chainId, committed)
    return { status: 'matches' }
  }
  if (local !== undefined) await discardEpochsFrom(db, epoch)

  const failures: string[] = []
  for (const peer of deps.sealing.peers.values()) {
    if (!deps.sealing.health.ready(peer)) {
      failures.push(deps.sealing.health.lastError(peer)?.message ?? `${peer}: cooling down`)
      continue
    }
    let published: Uint8Array[]
    try {
      published = await deps.sealing.client.inputs(peer, epoch)
      deps.sealing.health.succeeded(peer)
    } catch (error) {
      if (!(error instanceof PeerError)) throw error
      if (error.reason !== 'not-found') deps.sealing.health.failed(peer, error)
      failures.push(error.message)
      continue
    }
    const { ordered, inputsHash } = canonicalOrder(published.map((signed) => ({ signed })))
    if (inputsHash !== committed.inputsHash) {
      failures.push(`${peer}: its published inputs (${ordered.length} reports) hash to ${inputsHash}, not the committed ${committed.inputsHash}`)
      continue
    }
    const ids = ordered.map((r) => r.reportId)
    const admission = await admitReports(published, new Set(ids), { deviceLookup: deps.sealing.deviceLookup, verifier: deps.sealing.verifier, receivedMs: deps.now() })
    if (admission.refused.size > 0 || admission.admitted.length !== ids.length) {
      const [id, why] = admission.refused.entries().next().value ?? ['?', 'not every report could be checked yet']
      failures.push(`${peer}: the committed inputs hold ${ids.length - admission.admitted.length} report(s) this oracle cannot accept (e.g. ${id}: ${why})`)
      continue
    }
    await storeFetchedReports(db, admission.admitted)
    const bytes = new Map(admission.admitted.map((row) => [row.reportId, row.signed]))
    await computeAndSave(
      deps,
      epoch,
      ids.map((id) => bytes.get(id)!),
      ids,
      { recovered: true },
      committed.root,
    )
    await markCommitted(db, deps.client, deps.sealing.chainId, committed)
    return { status: 'recovered', peer }
  }
  const held = local === undefined ? 'this oracle never computed it' : `this oracle computed root ${local.root}`
  return {
    status: 'waiting',
    why: `the chain committed root ${committed.root} (inputsHash ${committed.inputsHash}) for epoch ${epoch}; ${held}, and no peer serves inputs that reproduce it: ${failures.join('; ') || 'no peers'}`,
  }
}

/**
 * Marks `epoch` committed, with the transaction that committed it and the signatures it carried
 * (each signer recovered), so the API shows exactly the quorum that is on chain and serves proofs
 * only for roots the chain holds.
 */
async function markCommitted(db: Db, client: PublicClient, chainId: number, committed: ChainRoot): Promise<void> {
  const transaction = await client.getTransaction({ hash: committed.transactionHash })
  const { args } = decodeFunctionData({ abi: rewardDistributorAbi, data: transaction.input })
  const [root, packed] = args as unknown as [RewardRoot, Hex]
  const distributor = transaction.to!
  for (const signature of splitCompactSignatures(packed)) {
    const oracle = await recoverTypedDataAddress({ ...rewardRootTypedData(chainId, distributor, root), signature })
    await db.query(
      `insert into root_signatures (epoch, version, oracle, root, signature, total_cumulative, inputs_hash, params_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [committed.epoch.toString(), committed.version, oracle.toLowerCase(), root.root, signature, root.totalCumulative.toString(), root.inputsHash, root.paramsHash],
    )
  }
  await db.query('update epochs set committed_tx = $2, committed_block = $3 where epoch = $1', [
    committed.epoch.toString(),
    committed.transactionHash,
    committed.blockNumber.toString(),
  ])
}

/** commitRoot's signature bytes, split into 65-byte signatures (from EIP-2098 compact form). */
function splitCompactSignatures(packed: Hex): Hex[] {
  const signatures: Hex[] = []
  for (let offset = 0; offset + 64 <= size(packed); offset += 64) {
    signatures.push(serializeSignature(compactSignatureToSignature(parseCompactSignature(slice(packed, offset, offset + 64)))))
  }
  return signatures
}
