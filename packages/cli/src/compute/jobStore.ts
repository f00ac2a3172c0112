import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeManifest } from '@pinion/kinds/compute'
import { type Hex, sha256 } from 'viem'
import { ComputeError } from './computeErrors.ts'
import type { JobSpec } from './jobSpec.ts'

/** A job the customer deployed: what it delivers to the provider that wins it, and how its outputs fit together. */
export type StoredJob = JobSpec['job'] & { specHash: Hex; image?: { width: number; height: number } }

const jobsDir = (dataDir: string) => join(dataDir, 'compute', 'jobs')

/**
 * Keeps a deployed job under `<dataDir>/compute/jobs/<specHash>/` (its manifest, module, task inputs
 * and image size), so the customer can deliver it to the provider that wins its order and check the
 * outputs against it. Idempotent: the same job is the same files.
 */
export function saveJob(dataDir: string, job: JobSpec['job'], image?: { width: number; height: number }): StoredJob {
  const specHash = sha256(job.manifestBytes)
  const dir = join(jobsDir(dataDir), specHash)
  mkdirSync(join(dir, 'inputs'), { recursive: true })
  writeFileSync(join(dir, 'manifest.json'), job.manifestBytes)
  writeFileSync(join(dir, 'module.wasm'), job.module)
  job.inputs.forEach((input, i) => writeFileSync(join(dir, 'inputs', `${i}.bin`), input))
  if (image !== undefined) writeFileSync(join(dir, 'image.json'), JSON.stringify(image))
  return { ...job, specHash, ...(image === undefined ? {} : { image }) }
}

/** The job `specHash` this data directory deployed, checked against its hashes; PINION_ERR_COMPUTE_JOB_UNKNOWN when it has none. */
export function loadJob(dataDir: string, specHash: Hex): StoredJob {
  const dir = join(jobsDir(dataDir), specHash.toLowerCase())
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new ComputeError(
      'PINION_ERR_COMPUTE_JOB_UNKNOWN',
      `no job ${specHash} under ${jobsDir(dataDir)}: deploy it from this data directory, or give the one it was deployed from`,
    )
  }
  const manifestBytes = new Uint8Array(readFileSync(join(dir, 'manifest.json')))
  const manifest = decodeManifest(manifestBytes)
  const module = new Uint8Array(readFileSync(join(dir, 'module.wasm')))
  const inputs = manifest.tasks.map((_, i) => new Uint8Array(readFileSync(join(dir, 'inputs', `${i}.bin`))))
  const intact = sha256(manifestBytes) === specHash.toLowerCase() && sha256(module) === manifest.module && inputs.every((input, i) => sha256(input) === manifest.tasks[i])
  if (!intact) throw new ComputeError('PINION_ERR_COMPUTE_JOB_UNKNOWN', `the job files under ${dir} no longer hash to job ${specHash}: deploy it again`)
  const image = existsSync(join(dir, 'image.json')) ? (JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as { width: number; height: number }) : undefined
  return { manifest, manifestBytes, module, inputs, specHash: specHash.toLowerCase() as Hex, ...(image === undefined ? {} : { image }) }
}
