import { PinionError } from '@pinion/protocol'
import { type Hex, bytesToString, sha256, stringToBytes } from 'viem'
import { MAX_MEMORY_PAGES, MAX_TASKS_PER_JOB } from './rules.ts'

/**
 * What a customer asks the network to run: a WebAssembly (WASI) module and the inputs of its tasks,
 * each by its SHA-256, with the limits every run of a task gets. Its hash (specHash) is what the
 * order on ComputeMarket carries, as Akash's order carries its manifest's; the manifest itself travels
 * customer → provider → oracles, and each checks it against that hash.
 */
export type JobManifest = {
  /** A name for people (explorer, CLI); at most 64 printable ASCII characters. */
  name: string
  /** SHA-256 of the module's bytes. */
  module: Hex
  /** SHA-256 of each task's input, in task order. */
  tasks: Hex[]
  /** Fuel (work units) a run of one task may use before it is stopped. */
  fuelPerTask: bigint
  /** Memory a run of one task may have, in 64 KiB pages. */
  memoryPages: number
  /** Providers that run each task: 1, or k for high-value work checked k-of-n (Golem's redundancy). */
  redundancy: number
}

const SHA256_HEX = /^0x[0-9a-f]{64}$/
const NAME = /^[\x20-\x7e]{1,64}$/
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/
const KEYS = ['fuelPerTask', 'memoryPages', 'module', 'name', 'redundancy', 'tasks'] as const
/** The most providers a task may be given to: more buys little (collusion needs a majority) and costs n times. */
const MAX_REDUNDANCY = 7
const MAX_FUEL_PER_TASK = 2n ** 63n - 1n

/**
 * The manifest's one encoding: JSON with its keys sorted, no white space, fuel as a decimal string,
 * hashes as lower-case hex. One manifest has exactly one encoding, so its hash is its identity.
 */
export function encodeManifest(manifest: JobManifest): Uint8Array {
  checkManifest(manifest)
  const canonical = {
    fuelPerTask: manifest.fuelPerTask.toString(),
    memoryPages: manifest.memoryPages,
    module: manifest.module,
    name: manifest.name,
    redundancy: manifest.redundancy,
    tasks: manifest.tasks,
  }
  return stringToBytes(JSON.stringify(canonical))
}

/** SHA-256 of the manifest's encoding: the order's specHash. */
export function specHashOf(manifest: JobManifest): Hex {
  return sha256(encodeManifest(manifest))
}

/**
 * The manifest these bytes encode; throws PINION_ERR_MALFORMED_PAYLOAD unless they are its one
 * encoding (encodeManifest): a second encoding of the same manifest would have another hash, and an
 * order names its manifest by hash.
 */
export function decodeManifest(bytes: Uint8Array): JobManifest {
  let parsed: unknown
  try {
    parsed = JSON.parse(bytesToString(bytes))
  } catch (cause) {
    throw malformed(`a job manifest must be JSON; ${bytes.length} bytes are not`, cause)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('a job manifest must be a JSON object')
  const record = parsed as Record<string, unknown>
  const keys = Object.keys(record).sort()
  if (keys.join() !== KEYS.join()) throw malformed(`a job manifest has exactly the keys ${KEYS.join(', ')}; got ${keys.join(', ')}`)
  const { fuelPerTask, memoryPages, module, name, redundancy, tasks } = record
  if (typeof fuelPerTask !== 'string' || !DECIMAL.test(fuelPerTask)) throw malformed('fuelPerTask must be a decimal string')
  if (!Array.isArray(tasks)) throw malformed('tasks must be an array of SHA-256 hashes')
  const manifest = { fuelPerTask: BigInt(fuelPerTask), memoryPages, module, name, redundancy, tasks } as JobManifest
  checkManifest(manifest)
  const again = encodeManifest(manifest)
  if (again.length !== bytes.length || !again.every((byte, i) => byte === bytes[i]))
    throw malformed('the job manifest is not in its canonical encoding (sorted keys, no white space)')
  return manifest
}

function checkManifest(m: JobManifest): void {
  if (typeof m.name !== 'string' || !NAME.test(m.name)) throw malformed('name must be 1 to 64 printable ASCII characters')
  if (typeof m.module !== 'string' || !SHA256_HEX.test(m.module)) throw malformed('module must be a SHA-256 as 0x and 64 lower-case hex digits')
  if (m.tasks.length < 1 || m.tasks.length > MAX_TASKS_PER_JOB) throw malformed(`a job has 1 to ${MAX_TASKS_PER_JOB} tasks; got ${m.tasks.length}`)
  m.tasks.forEach((task, i) => {
    if (typeof task !== 'string' || !SHA256_HEX.test(task)) throw malformed(`tasks[${i}] must be a SHA-256 as 0x and 64 lower-case hex digits`)
  })
  // The runtime's fuel counter is a signed i64 global: 2^63 − 1 is the most a run can be given.
  if (m.fuelPerTask < 1n || m.fuelPerTask > MAX_FUEL_PER_TASK) throw malformed(`fuelPerTask must be from 1 to ${MAX_FUEL_PER_TASK} (2^63 − 1)`)
  if (!Number.isInteger(m.memoryPages) || m.memoryPages < 1 || m.memoryPages > MAX_MEMORY_PAGES) throw malformed(`memoryPages must be an integer from 1 to ${MAX_MEMORY_PAGES}`)
  if (!Number.isInteger(m.redundancy) || m.redundancy < 1 || m.redundancy > MAX_REDUNDANCY) throw malformed(`redundancy must be an integer from 1 to ${MAX_REDUNDANCY}`)
}

const malformed = (message: string, cause?: unknown) => new PinionError('PINION_ERR_MALFORMED_PAYLOAD', message, cause === undefined ? undefined : { cause })
