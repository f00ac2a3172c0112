import { createHash } from 'node:crypto'
import { JOB_AUTHORIZATION_SCHEME, signJobDelivery } from '@pinion/device'
import { decodeManifest } from '@pinion/kinds/compute'
import { type Hex, type LocalAccount, bytesToHex } from 'viem'
import { ComputeClientError } from './clientErrors.ts'
import { type ProviderRequestOptions, isRecord, jsonOf, leaseUrl, notTheApi, request } from './providerHttp.ts'

/** A lease as the customer knows it from ComputeMarket: its id and its order's specHash. */
export type CustomerLease = { leaseId: bigint; specHash: Hex }

/** A job as its customer holds it: the manifest's encoding (its sha256 is the order's specHash), the module, the inputs in task order. */
export type CustomerJob = { manifest: Uint8Array; module: Uint8Array; inputs: readonly Uint8Array[] }

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

/**
 * Delivers `job` to the provider of `lease` (PUT /v1/leases/:leaseId/job), signed by `customer` (the
 * lease's customer: the node checks the signature against the chain). The job is checked against the
 * lease first (PINION_ERR_COMPUTE_CLIENT_JOB: nothing is sent). Idempotent: `stored` is false when
 * the node already held it. The node answers PINION_ERR_COMPUTE_LEASE_UNKNOWN (refused, in
 * `nodeCode`) until its chain has seen the lease start.
 */
export async function deliverJob(
  providerUrl: string,
  lease: CustomerLease,
  job: CustomerJob,
  customer: LocalAccount,
  options: ProviderRequestOptions = {},
): Promise<{ stored: boolean; tasks: number }> {
  checkJob(lease, job)
  const signature = await signJobDelivery(customer, lease)
  const url = `${leaseUrl(providerUrl, lease.leaseId)}/job`
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  const payload = JSON.stringify({ manifest: base64(job.manifest), module: base64(job.module), inputs: job.inputs.map(base64) })
  const { status, body } = await request(
    url,
    { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `${JOB_AUTHORIZATION_SCHEME} ${signature}` }, body: payload },
    [200, 201],
    options,
  )
  const answer = jsonOf(url, body)
  if (!isRecord(answer) || answer.leaseId !== lease.leaseId.toString() || answer.specHash !== lease.specHash || answer.tasks !== job.inputs.length) {
    throw notTheApi(url, `the job of lease ${lease.leaseId} stored`, answer)
  }
  return { stored: status === 201, tasks: job.inputs.length }
}

function checkJob(lease: CustomerLease, job: CustomerJob): void {
  const bad = (message: string) => new ComputeClientError('PINION_ERR_COMPUTE_CLIENT_JOB', `the job is not lease ${lease.leaseId}'s: ${message}`)
  const specHash = sha256(job.manifest)
  if (specHash !== lease.specHash) throw bad(`its manifest hashes to ${specHash}; the lease's order says ${lease.specHash}`)
  const manifest = decodeManifest(job.manifest)
  if (sha256(job.module) !== manifest.module) throw bad(`the module hashes to ${sha256(job.module)}; the manifest says ${manifest.module}`)
  if (job.inputs.length !== manifest.tasks.length) throw bad(`${job.inputs.length} inputs for ${manifest.tasks.length} tasks`)
  job.inputs.forEach((input, i) => {
    if (sha256(input) !== manifest.tasks[i]) throw bad(`input ${i} hashes to ${sha256(input)}; the manifest says ${manifest.tasks[i]}`)
  })
}
