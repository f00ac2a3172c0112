import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JobStore, type LeaseInfo, type RunTask, openJobStore, startComputeProvider } from '@pinion/device'
import { type JobManifest, encodeManifest, specHashOf } from '@pinion/kinds/compute'
import { runTask } from '@pinion/kinds/compute/runtime'
import { type RaytraceJob, raytraceJob, workloadWasm } from '@pinion/kinds/compute/workloads'
import { type Hex, keccak256, sha256, stringToBytes } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { seededBytes } from '../storage/storageNodes.ts'

/** A job as its customer holds it: the manifest (parsed and encoded), its specHash, the module and the inputs. */
export type TestComputeJob = { parsed: JobManifest; manifest: Uint8Array; specHash: Hex; module: Uint8Array; inputs: Uint8Array[] }

/** A job of `module` over `inputs`, with the limits given (default: 50 M fuel, 32 pages, run once). */
export function computeJob(module: Uint8Array, inputs: Uint8Array[], limits: Partial<Pick<JobManifest, 'name' | 'fuelPerTask' | 'memoryPages'>> = {}): TestComputeJob {
  const parsed: JobManifest = {
    name: limits.name ?? 'test job',
    module: sha256(module),
    tasks: inputs.map((input) => sha256(input)),
    fuelPerTask: limits.fuelPerTask ?? 50_000_000n,
    memoryPages: limits.memoryPages ?? 32,
    redundancy: 1,
  }
  return { parsed, manifest: encodeManifest(parsed), specHash: specHashOf(parsed), module, inputs }
}

/** A job of the sha256 workload: `tasks` inputs of 200 to 500 seeded bytes. */
export const sha256TestJob = (tasks: number, seed = 1): TestComputeJob =>
  computeJob(
    workloadWasm('sha256'),
    Array.from({ length: tasks }, (_, i) => seededBytes(200 + ((seed * 97 + i * 131) % 300), seed * 1_000 + i)),
    { name: `sha256 x${tasks}` },
  )

/** A job of the raytrace workload rendering `job` (raytraceJob's bands), with fuel and memory for a small image. */
export const raytraceTestJob = (job: RaytraceJob): TestComputeJob =>
  computeJob(workloadWasm('raytrace'), raytraceJob(job), { name: `raytrace ${job.width}x${job.height}`, fuelPerTask: 100_000_000n, memoryPages: 64 })

/**
 * The smallest WASI command that never ends: a memory, and `_start` = loop { br 0 }. Hand-assembled
 * (nothing to download): magic, version, then the type, function, memory, export and code sections.
 */
export const ENDLESS_MODULE: Uint8Array = Uint8Array.from([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  // type: one () -> ()
  0x01,
  0x04,
  0x01,
  0x60,
  0x00,
  0x00,
  // function 0 has type 0
  0x03,
  0x02,
  0x01,
  0x00,
  // memory: min 1 page
  0x05,
  0x03,
  0x01,
  0x00,
  0x01,
  // exports "memory" (memory 0) and "_start" (function 0)
  0x07,
  0x13,
  0x02,
  0x06,
  ...Buffer.from('memory'),
  0x02,
  0x00,
  0x06,
  ...Buffer.from('_start'),
  0x00,
  0x00,
  // code: no locals; loop; br 0; end; end
  0x0a,
  0x09,
  0x01,
  0x07,
  0x00,
  0x03,
  0x40,
  0x0c,
  0x00,
  0x0b,
  0x0b,
])

/** The test customer: the account that orders jobs and counter-signs usage. */
export const testCustomer: PrivateKeyAccount = privateKeyToAccount(keccak256(stringToBytes('pinion compute test customer')))
/** An account that is not the customer. */
export const testStranger: PrivateKeyAccount = privateKeyToAccount(keccak256(stringToBytes('pinion compute test stranger')))

/** Runs a task in this thread (runTask): fast, for tests that do not test the worker's protection. */
export const runInProcess: RunTask = async (task) => runTask(task)

/** What the chain says of leases, as a test decides: a provider node's `leaseOf`. */
export type TestLeases = {
  leaseOf(leaseId: bigint): Promise<LeaseInfo | null>
  open(leaseId: bigint, lease: LeaseInfo): void
  close(leaseId: bigint): void
}

export function testLeases(): TestLeases {
  const leases = new Map<bigint, LeaseInfo>()
  return {
    leaseOf: async (leaseId) => leases.get(leaseId) ?? null,
    open: (leaseId, lease) => void leases.set(leaseId, lease),
    close: (leaseId) => void leases.delete(leaseId),
  }
}

/** One provider node of a test: its device, where it serves, its folder and store. */
export type TestProviderNode = {
  deviceId: Hex
  url: string
  dir: string
  store: JobStore
  /** Resolves once no task is queued or running. */
  idle(): Promise<void>
  /** Stops serving: its URL refuses connections from then on. */
  stop(): Promise<void>
}

export type ProviderNodesOptions = {
  leases: TestLeases
  /** How tasks run (default runInProcess; runTaskInWorker for what only a worker does). */
  run?: RunTask | undefined
  taskTimeoutMs?: number | undefined
  /** The first node's device number (default 1): nodes of two calls in one test need distinct devices. */
  firstDevice?: number | undefined
}

/**
 * `count` real compute provider nodes (packages/device's provider node over a job store), each in a
 * temporary folder of its own and listening on 127.0.0.1 on a port of its own choosing: node i has
 * device id firstDevice + i (hex, padded). They look leases up in `leases`. `close` stops them all and removes
 * their folders.
 */
export async function startProviderNodes(count: number, options: ProviderNodesOptions): Promise<{ nodes: TestProviderNode[]; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'pinion-provider-nodes-'))
  const running = new Set<() => Promise<void>>()
  const nodes = await Promise.all(
    Array.from({ length: count }, async (_, i): Promise<TestProviderNode> => {
      const dir = join(root, `node-${i}`)
      const store = openJobStore(dir)
      const deviceId = `0x${((options.firstDevice ?? 1) + i).toString(16).padStart(64, '0')}` as Hex
      const server = await startComputeProvider({
        store,
        deviceId,
        leaseOf: options.leases.leaseOf,
        run: options.run ?? runInProcess,
        taskTimeoutMs: options.taskTimeoutMs,
        host: '127.0.0.1',
        port: 0,
      })
      running.add(server.close)
      return {
        deviceId,
        url: server.url,
        dir,
        store,
        idle: () => server.runner.idle(),
        stop: async () => {
          if (running.delete(server.close)) await server.close()
        },
      }
    }),
  )
  return {
    nodes,
    close: async () => {
      await Promise.all([...running].map((close) => close()))
      running.clear()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
