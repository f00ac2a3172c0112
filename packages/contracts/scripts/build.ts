/**
 * Compiles the contracts and writes, under `generated/`: `artifacts.ts` — for each deployable core
 * contract an ABI (`as const`, so viem infers every type) and its creation bytecode —, the same for
 * each kind's own contracts in `kinds/<kind>/artifacts.ts` (found by their folder,
 * `src/kinds/<kind>/`), `kinds/index.ts` naming them all, and `inputs.json`, the fingerprint of what
 * the build read (buildFingerprint) and a hash of every file written, which `npm test` checks
 * without compiling.
 *
 *   tsx scripts/build.ts           write the artifacts
 *   tsx scripts/build.ts --check   fail when the committed artifacts differ from a fresh build
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { createProgress } from '../log/progress.ts'
import { buildFingerprint, compile, compilerVersion, importedSources, ourSources, packageRoot } from './compile.ts'
import { renderGenerated } from './render-artifacts.ts'

const generated = join(packageRoot, 'generated')
const inputsTarget = join(generated, 'inputs.json')
/** Every kind's generated folder lives here; the build owns it whole (a kind removed is removed here). */
const kindsDir = join(generated, 'kinds')
// solc-js compiles every source in one synchronous call (most of the build's time), so progress
// is by step: the bar shows which step runs, and CI's log says when each one ended.
const progress = createProgress({ task: 'contracts', total: 3 })
progress.update(0, `compiling ${ourSources().size} sources with solc ${compilerVersion()}`)
const contracts = compile()
progress.update(1, `compiled ${contracts.length} contracts`)
const version = compilerVersion()
const fresh = renderGenerated(contracts, version)
progress.update(2, 'rendered the artifacts')
const imports = importedSources()
const inputs = `${JSON.stringify(
  {
    solc: version,
    fingerprint: buildFingerprint(version, new Map([...ourSources(), ...imports])),
    artifacts: Object.fromEntries([...fresh].map(([path, content]) => [path, createHash('sha256').update(content).digest('hex')])),
    imports: [...imports.keys()].sort(),
  },
  null,
  2,
)}\n`

/** The files under `generated/kinds/` now, by path relative to `generated/`. */
function writtenKindFiles(dir = kindsDir): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? writtenKindFiles(join(dir, entry.name)) : [relative(generated, join(dir, entry.name))],
  )
}

if (process.argv.includes('--check')) {
  const read = (path: string) => (existsSync(join(generated, path)) ? readFileSync(join(generated, path), 'utf8') : undefined)
  const stale = [...fresh].filter(([path, content]) => read(path) !== content).map(([path]) => path)
  stale.push(...writtenKindFiles().filter((path) => !fresh.has(path)))
  if (read('inputs.json') !== inputs) stale.push('inputs.json')
  progress.update(3, 'compared with generated/')
  progress.end()
  if (stale.length > 0) {
    console.error(`generated/ is stale (${stale.join(', ')}): run \`npm run build:contracts\` and commit the result.`)
    process.exit(1)
  }
  console.log(`generated/ is up to date (${contracts.length} contracts).`)
} else {
  rmSync(kindsDir, { recursive: true, force: true })
  for (const [path, content] of fresh) {
    mkdirSync(dirname(join(generated, path)), { recursive: true })
    writeFileSync(join(generated, path), content)
  }
  writeFileSync(inputsTarget, inputs)
  progress.update(3, 'wrote generated/')
  progress.end()
  for (const c of contracts) console.log(`${c.name.padEnd(20)} ${String(c.deployedSize).padStart(6)} bytes deployed`)
  console.log(`wrote ${[...fresh.keys(), 'inputs.json'].map((path) => `generated/${path}`).join(', ')}`)
}
