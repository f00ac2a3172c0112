import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
// solc-js is CommonJS; its version is the compiler version, pinned exactly in package.json.
const solc = require('solc') as {
  compile(input: string, callbacks: { import(path: string): { contents: string } | { error: string } }): string
  version(): string
}

export const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const sourceRoot = join(packageRoot, 'src')

/**
 * Compiler settings. Prague is the newest hardfork that every chain we target has shipped; the
 * devnet runs Osaka only so that the P-256 precompile (EIP-7951) exists there too, and OpenZeppelin's
 * P256 falls back to Solidity on chains without it. `bytecodeHash: none` keeps bytecode identical
 * for identical sources, so the generated artifacts are reproducible.
 *
 * viaIR with a million optimizer runs: the contracts are called far more often than deployed, and
 * the gas snapshots showed 1.7k–2.3k less per claim, registration and root commit than legacy
 * codegen at 10,000 runs, with every contract still well under the EIP-170 size limit.
 */
const compilerSettings = {
  evmVersion: 'prague',
  optimizer: { enabled: true, runs: 1_000_000 },
  viaIR: true,
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const

/** EIP-170: deployed code above this size cannot be deployed on mainnet-like chains. */
const MAX_DEPLOYED_CODE_SIZE = 24_576

export type CompiledContract = {
  name: string
  sourcePath: string
  abi: readonly unknown[]
  bytecode: `0x${string}`
  deployedSize: number
}

type SolcOutput = {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string; sourceLocation?: { file: string } }[]
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return listSources(path)
      return entry.name.endsWith('.sol') ? [path] : []
    })
    .sort()
}

/** Every file solc imported during the last compile(), by import path: the build's dependencies. */
const imported = new Map<string, string>()

function resolveImport(path: string): { contents: string } | { error: string } {
  try {
    const contents = readFileSync(require.resolve(path), 'utf8')
    imported.set(path, contents)
    return { contents }
  } catch {
    return { error: `import not found: ${path} (only src/, @openzeppelin/contracts and solady are importable)` }
  }
}

/** The sources under src/, by path relative to the package (what compile() hands solc). */
export function ourSources(): Map<string, string> {
  return new Map(listSources(sourceRoot).map((file) => [relative(packageRoot, file), readFileSync(file, 'utf8')]))
}

/** The files the last compile() imported from dependencies (OpenZeppelin, Solady), by import path. */
export function importedSources(): Map<string, string> {
  return new Map(imported)
}

/** Reads an import path the way the compiler does, or undefined when it no longer resolves. */
export function readImport(path: string): string | undefined {
  try {
    return readFileSync(require.resolve(path), 'utf8')
  } catch {
    return undefined
  }
}

/**
 * A fingerprint of everything a build depends on: the compiler, its settings, and the content of
 * every source it read. Equal fingerprints give equal artifacts (the build is reproducible:
 * `bytecodeHash: none`, fixed settings), which lets `npm test` check the committed artifacts'
 * freshness without compiling; `npm run check:generated` still compiles to prove it.
 */
export function buildFingerprint(version: string, files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256').update(`solc ${version}\n${JSON.stringify(compilerSettings)}\n`)
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${createHash('sha256').update(files.get(path)!).digest('hex')}\n`)
  return hash.digest('hex')
}

/**
 * Compiles every contract under `src/` with solc-js. Fails on any error, on any warning about our
 * own code (a warning there is a defect, and the code-size warning must stop the build), and on
 * deployed code above the EIP-170 limit.
 */
export function compile(): CompiledContract[] {
  imported.clear()
  const sources = Object.fromEntries([...ourSources()].map(([path, content]) => [path, { content }]))
  const input = { language: 'Solidity', sources, settings: compilerSettings }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport })) as SolcOutput

  // Errors anywhere fail; warnings fail on our own sources (OpenZeppelin's are its maintainers' call).
  const problems = (output.errors ?? []).filter((e) => e.severity === 'error' || (e.severity === 'warning' && e.sourceLocation?.file.startsWith('src/') !== false))
  if (problems.length > 0) {
    throw new Error(`solc ${solc.version()} reported:\n${problems.map((p) => p.formattedMessage).join('\n')}`)
  }

  const compiled: CompiledContract[] = []
  for (const [sourcePath, contracts] of Object.entries(output.contracts ?? {})) {
    if (!sourcePath.startsWith('src/')) continue
    for (const [name, contract] of Object.entries(contracts)) {
      const bytecode = contract.evm.bytecode.object
      // Interfaces and abstract contracts have no bytecode; internal libraries no ABI.
      if (bytecode.length === 0 || contract.abi.length === 0) continue
      const deployedSize = contract.evm.deployedBytecode.object.length / 2
      if (deployedSize > MAX_DEPLOYED_CODE_SIZE) {
        throw new Error(`${name} deploys ${deployedSize} bytes of code, above the EIP-170 limit of ${MAX_DEPLOYED_CODE_SIZE}`)
      }
      compiled.push({ name, sourcePath, abi: contract.abi, bytecode: `0x${bytecode}`, deployedSize })
    }
  }
  return compiled.sort((a, b) => a.name.localeCompare(b.name))
}

export function compilerVersion(): string {
  return solc.version()
}
