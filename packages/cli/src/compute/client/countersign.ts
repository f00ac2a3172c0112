import { signUsage } from '@pinion/kinds/compute'
import type { Hex, LocalAccount } from 'viem'
import type { CustomerLease } from './deliverJob.ts'
import { type ProviderRequestOptions, isRecord, jsonOf, leaseUrl, notTheApi, request } from './providerHttp.ts'

/**
 * Counter-signs task `task`'s usage as the customer accepts it (packages/kinds/compute/usage.ts:
 * leaseId, specHash, task, resultHash, fuelUsed) and gives the signature to the provider (POST
 * …/tasks/:task/usage), which needs it to reveal the result to the oracles and be paid for it. Sign
 * only a result fetchResults checked. The node refuses (PINION_ERR_COMPUTE_PROVIDER_REFUSED,
 * nodeCode PINION_ERR_COMPUTE_USAGE_SIGNATURE) usage other than its run's, or another signer than
 * the lease's customer. Returns the signature.
 */
export async function countersign(
  providerUrl: string,
  lease: CustomerLease,
  task: number,
  result: { resultHash: Hex; fuelUsed: bigint },
  account: LocalAccount,
  options: ProviderRequestOptions = {},
): Promise<Hex> {
  const signature = await signUsage(account, { leaseId: lease.leaseId, specHash: lease.specHash, task, resultHash: result.resultHash, fuelUsed: result.fuelUsed })
  const url = `${leaseUrl(providerUrl, lease.leaseId)}/tasks/${task}/usage`
  const { body } = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signature }) }, [200], options)
  const answer = jsonOf(url, body)
  if (!isRecord(answer) || answer.task !== task || answer.countersigned !== true) throw notTheApi(url, `task ${task} counter-signed`, answer)
  return signature
}
