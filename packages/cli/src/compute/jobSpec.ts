import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type JobManifest, MAX_TASKS_PER_JOB, encodeManifest } from '@pinion/kinds/compute'
import { type RaytraceJob, type WorkloadName, WORKLOAD_NAMES, raytraceJob, workloadWasm } from '@pinion/kinds/compute/workloads'
import { parseUnits, sha256 } from 'viem'
import { ComputeError } from './computeErrors.ts'

/** A job as the customer describes it in a spec file (`pinion compute deploy <spec>`), and what its order offers. */
export type JobSpec = {
  job: { manifest: JobManifest; manifestBytes: Uint8Array; module: Uint8Array; inputs: Uint8Array[] }
  order: {
    resources: { cpuMillis: number; memoryMiB: number; storageMiB: number }
    maxPricePerSecond: bigint
    durationSeconds: number
    biddingSeconds: number
    approvalWindowSeconds: number
  }
  /** The raytrace job's image size, when the job is the ray tracer's (its outputs make a PNG). */
  image?: { width: number; height: number }
}

const KEYS = [
  'name',
  'workload',
  'module',
  'inputs',
  'raytrace',
  'fuelPerTask',
  'memoryPages',
  'redundancy',
  'maxPricePerSecond',
  'durationSeconds',
  'biddingSeconds',
  'approvalWindowSeconds',
  'resources',
] as const
/** Render's 72 h auto-approval. */
const DEFAULT_APPROVAL_SECONDS = 72 * 3_600

/**
 * Reads a job spec: a JSON object naming the work — `workload` (one Pinion ships: raytrace, wordcount,
 * sha256) or `module` (a path to a WASI module), with `raytrace` (the image: width, height, bands,
 * samples, seed) or `inputs` (paths to each task's input) — the limits of each run (`fuelPerTask`,
 * `memoryPages`, `redundancy`), and the order (`maxPricePerSecond` in tokens, `durationSeconds`,
 * `biddingSeconds`, `approvalWindowSeconds`, `resources`). Paths are relative to the spec file.
 */
export function readJobSpec(path: string): JobSpec {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw bad(`cannot read the job spec ${path} as JSON: ${(cause as Error).message}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('a job spec is a JSON object')
  const spec = raw as Record<string, unknown>
  for (const key of Object.keys(spec)) if (!(KEYS as readonly string[]).includes(key)) throw bad(`the job spec has no key "${key}"; expected one of ${KEYS.join(', ')}`)
  const base = dirname(resolve(path))
  const file = (p: unknown, what: string) => {
    if (typeof p !== 'string') throw bad(`${what} must be a path`)
    try {
      return new Uint8Array(readFileSync(resolve(base, p)))
    } catch (cause) {
      throw bad(`cannot read ${what} ${p}: ${(cause as Error).message}`)
    }
  }

  let module: Uint8Array
  let workload: WorkloadName | null = null
  if (spec.workload !== undefined) {
    if (spec.module !== undefined) throw bad('give either workload or module, not both')
    if (!(WORKLOAD_NAMES as readonly unknown[]).includes(spec.workload)) throw bad(`workload is ${JSON.stringify(spec.workload)}; expected one of ${WORKLOAD_NAMES.join(', ')}`)
    workload = spec.workload as WorkloadName
    module = workloadWasm(workload)
  } else module = file(spec.module, 'module')

  let inputs: Uint8Array[]
  let image: { width: number; height: number } | undefined
  if (spec.raytrace !== undefined) {
    if (workload !== 'raytrace') throw bad('raytrace describes the raytrace workload\'s image; give "workload": "raytrace" with it')
    const r = spec.raytrace as Partial<RaytraceJob>
    const job = {
      width: whole(r.width, 'raytrace.width', 1, 4096),
      height: whole(r.height, 'raytrace.height', 1, 4096),
      bands: whole(r.bands, 'raytrace.bands', 1, MAX_TASKS_PER_JOB),
      samples: whole(r.samples, 'raytrace.samples', 1, 1024),
      seed: whole(r.seed ?? 1, 'raytrace.seed', 0, 2 ** 32 - 1),
    }
    inputs = raytraceJob(job)
    image = { width: job.width, height: job.height }
  } else {
    if (!Array.isArray(spec.inputs) || spec.inputs.length === 0) throw bad('inputs must list each task\'s input file (or give "raytrace" for the raytrace workload)')
    inputs = spec.inputs.map((p, i) => file(p, `inputs[${i}]`))
  }

  const manifest: JobManifest = {
    name: typeof spec.name === 'string' ? spec.name : (workload ?? 'job'),
    module: sha256(module),
    tasks: inputs.map((input) => sha256(input)),
    fuelPerTask: BigInt(decimal(spec.fuelPerTask ?? '2000000000', 'fuelPerTask')),
    memoryPages: whole(spec.memoryPages ?? 32, 'memoryPages', 1, 65_536),
    redundancy: whole(spec.redundancy ?? 1, 'redundancy', 1, 7),
  }
  let manifestBytes: Uint8Array
  try {
    manifestBytes = encodeManifest(manifest)
  } catch (cause) {
    throw bad(`the job is not one the network takes: ${(cause as Error).message}`)
  }
  const resources = (spec.resources ?? {}) as Record<string, unknown>
  const order = {
    resources: {
      cpuMillis: whole(resources.cpuMillis ?? 1_000, 'resources.cpuMillis', 1, 2 ** 32 - 1),
      memoryMiB: whole(resources.memoryMiB ?? Math.ceil((manifest.memoryPages * 65_536) / 1_048_576), 'resources.memoryMiB', 1, 2 ** 32 - 1),
      storageMiB: whole(resources.storageMiB ?? 0, 'resources.storageMiB', 0, 2 ** 32 - 1),
    },
    maxPricePerSecond: tokens(spec.maxPricePerSecond, 'maxPricePerSecond'),
    durationSeconds: whole(spec.durationSeconds ?? 3_600, 'durationSeconds', 0, 365 * 86_400),
    biddingSeconds: whole(spec.biddingSeconds ?? 60, 'biddingSeconds', 60, 7 * 86_400),
    approvalWindowSeconds: whole(spec.approvalWindowSeconds ?? DEFAULT_APPROVAL_SECONDS, 'approvalWindowSeconds', 60, 30 * 86_400),
  }
  return { job: { manifest, manifestBytes, module, inputs }, order, ...(image === undefined ? {} : { image }) }
}

function whole(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw bad(`${what} is ${JSON.stringify(value)}; expected a whole number from ${min} to ${max}`)
  return value
}

function decimal(value: unknown, what: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,18}$/.test(text)) throw bad(`${what} is ${JSON.stringify(value)}; expected a positive whole number (a string for large ones)`)
  return text
}

function tokens(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^\d+(\.\d{1,18})?$/.test(value) || parseUnits(value, 18) === 0n)
    throw bad(`${what} is ${JSON.stringify(value)}; expected a positive number of tokens as a string, such as "0.001"`)
  return parseUnits(value, 18)
}

const bad = (message: string) => new ComputeError('PINION_ERR_COMPUTE_SPEC', message)
