// Compiles the AssemblyScript workloads (*.as.ts) to the committed .wasm files, with fixed flags so
// that the same sources and compiler (assemblyscript, pinned exactly, and the binaryen it pins) give
// the same bytes: a task's module is named by the sha256 of those bytes (compute-design.md, "Job
// manifest"), so a rebuild that changed them would be another workload. It records in inputs.json
// the fingerprint of what the build read and the hash of what it wrote, which build.test.ts checks
// without compiling (seconds of binaryen); `--check` compiles and compares byte for byte, as the
// contracts' `check:generated` does. It also renders raytrace/example.png, the default raytrace
// job put together (raytrace/job.test.ts checks its pixels).
//
//   npx tsx packages/kinds/compute/workloads/build.ts           writes the .wasm files, inputs.json, example.png
//   npx tsx packages/kinds/compute/workloads/build.ts --check   exits 1 if a module differs from its build
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { DEFAULT_RAYTRACE_JOB, assembleImage, raytraceJob } from './raytrace/job.ts'
import { runWasi } from './testing/runWasi.ts'

const ROOT = fileURLToPath(new URL('./', import.meta.url))
const INPUTS = join(ROOT, 'inputs.json')
const require = createRequire(import.meta.url)

/** Each workload: its AssemblyScript entry and its committed module, relative to this folder. */
export const WORKLOADS = [
  { name: 'raytrace', entry: 'raytrace/raytrace.as.ts', wasm: 'raytrace/raytrace.wasm' },
  { name: 'wordcount', entry: 'functions/wordcount/wordcount.as.ts', wasm: 'functions/wordcount/wordcount.wasm' },
  { name: 'sha256', entry: 'functions/sha256/sha256.as.ts', wasm: 'functions/sha256/sha256.wasm' },
] as const

/**
 * The flags every workload is compiled with. Release build (-O3, no asserts, no debug names, no
 * source map); the stub runtime (a bump allocator that never frees: a task is short and the
 * runtime caps its memory, and no collector means no work that depends on heap layout); WebAssembly
 * MVP only, so the metering runtime's instrumenter meets no bulk-memory, saturating-truncation or
 * sign-extension opcodes (and no SIMD, which it rejects); `_start` exported rather than run as the
 * module's start function (a WASI command); AssemblyScript's abort routed to stderr and exit 70
 * (wasi/io.as.ts) rather than imported from `env`.
 */
const ASC_FLAGS = [
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--noAssert',
  '--runtime',
  'stub',
  '--exportStart',
  '_start',
  '--use',
  'abort=wasi/io.as/abortTask',
  '--disable',
  'bulk-memory,nontrapping-f2i,sign-extension,mutable-globals',
  '--noColors',
]

/** What build.ts recorded: the fingerprint of its inputs and the sha256 of each module it wrote. */
export interface BuildInputs {
  compiler: string
  fingerprint: string
  modules: Record<string, string>
}

const versionOf = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version

/** The compiler: assemblyscript's version and binaryen's, the optimiser that writes the bytes. */
export const compilerVersion = (): string => `assemblyscript ${versionOf('assemblyscript')}, binaryen ${versionOf('binaryen')}`

/** AssemblyScript sources: *.as.ts, and the WASI imports' declarations, whose file name is their module's. */
const AS_SOURCE = /\.as\.ts$|^wasi_snapshot_preview1\.ts$/

function* sourcesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* sourcesUnder(join(dir, entry.name))
    else if (AS_SOURCE.test(entry.name)) yield relative(ROOT, join(dir, entry.name))
  }
}

/** A fingerprint of everything a build reads: the compiler, the flags and every AssemblyScript source here, by content. */
export function buildFingerprint(compiler: string = compilerVersion()): string {
  const hash = createHash('sha256').update(`${compiler}\n${JSON.stringify(ASC_FLAGS)}\n`)
  for (const path of [...sourcesUnder(ROOT)].sort())
    hash.update(
      `${path}\0${createHash('sha256')
        .update(readFileSync(join(ROOT, path)))
        .digest('hex')}\n`,
    )
  return hash.digest('hex')
}

export const readBuildInputs = (): BuildInputs => JSON.parse(readFileSync(INPUTS, 'utf8')) as BuildInputs

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

// asc runs in a worker thread without this process's loaders: under tsx, whose loader takes 20 s over
// binaryen's 13 MB module, importing assemblyscript in this thread would cost that much on every build.
const COMPILER = `
const { parentPort, workerData } = require('node:worker_threads')
import(workerData.asc).then(async ({ default: asc }) => {
  const built = []
  for (const entry of workerData.entries) {
    let binary
    const { error, stderr } = await asc.main([entry, '--baseDir', workerData.root, '--outFile', 'out.wasm', ...workerData.flags], {
      writeFile: (name, contents) => { if (name.endsWith('.wasm')) binary = contents },
    })
    if (error !== null) throw new Error('asc failed on ' + entry + ': ' + error.message + '\\n' + stderr.toString())
    if (binary === undefined) throw new Error('asc wrote no module for ' + entry)
    built.push(binary)
  }
  parentPort.postMessage(built)
})
`

/** Compiles workload entries (relative to this folder) with ASC_FLAGS and returns the modules' bytes, in order. */
function compileWorkloads(entries: readonly string[]): Promise<Uint8Array[]> {
  const asc = pathToFileURL(require.resolve('assemblyscript/dist/asc.js')).href
  const worker = new Worker(COMPILER, { eval: true, execArgv: [], workerData: { asc, root: ROOT, entries, flags: ASC_FLAGS } })
  return new Promise((resolve, reject) => {
    worker.once('message', (built: Uint8Array[]) => {
      resolve(built)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

async function main(check: boolean): Promise<void> {
  const started = performance.now()
  const built = await compileWorkloads(WORKLOADS.map((workload) => workload.entry))
  console.log(`compiled ${WORKLOADS.length} workloads in ${Math.round(performance.now() - started)} ms`)
  if (check) {
    let stale = 0
    WORKLOADS.forEach((workload, i) => {
      const same = Buffer.from(readFileSync(join(ROOT, workload.wasm))).equals(built[i]!)
      if (!same) stale++
      console.log(`${workload.wasm}: ${same ? 'identical to its build' : 'DIFFERS from its build'} (${built[i]!.byteLength} bytes)`)
    })
    if (stale > 0) {
      console.error(`${stale} module(s) differ: run npx tsx packages/kinds/compute/workloads/build.ts`)
      process.exitCode = 1
    }
    return
  }
  const modules: Record<string, string> = {}
  WORKLOADS.forEach((workload, i) => {
    writeFileSync(join(ROOT, workload.wasm), built[i]!)
    modules[workload.wasm] = sha256Hex(built[i]!)
    console.log(`${workload.wasm}: ${built[i]!.byteLength} bytes`)
  })
  const compiler = compilerVersion()
  const inputs: BuildInputs = { compiler, fingerprint: buildFingerprint(compiler), modules }
  writeFileSync(INPUTS, `${JSON.stringify(inputs, null, 2)}\n`)
  const raytrace = built[WORKLOADS.findIndex((workload) => workload.name === 'raytrace')]!
  const png = assembleImage(
    raytraceJob(DEFAULT_RAYTRACE_JOB).map((input) => runWasi(raytrace, input).stdout),
    DEFAULT_RAYTRACE_JOB,
  )
  writeFileSync(join(ROOT, 'raytrace/example.png'), png)
  console.log(`raytrace/example.png: ${png.byteLength} bytes`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.includes('--check'))
