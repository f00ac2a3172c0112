/**
 * Compiles the contracts and writes `generated/artifacts.ts` — for each deployable contract an ABI
 * (`as const`, so viem infers every type) and its creation bytecode — and `generated/inputs.json`,
 * the fingerprint of what the build read (buildFingerprint) and a hash of the artifacts, which
 * `npm test` checks without compiling.
 *
 *   tsx scripts/build.ts           write the artifacts
 *   tsx scripts/build.ts --check   fail when the committed artifacts differ from a fresh build
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createProgress } from '../log/progress.ts'
import { renderArtifacts } from './render-artifacts.ts'
import { buildFingerprint, compile, compilerVersion, importedSources, ourSources, packageRoot } from './compile.ts'

const target = join(packageRoot, 'generated', 'artifacts.ts')
const inputsTarget = join(packageRoot, 'generated', 'inputs.json')
// solc-js compiles every source in one synchronous call (most of the build's time), so progress
// is by step: the bar shows which step runs, and CI's log says when each one ended.
const progress = createProgress({ task: 'contracts', total: 3 })
progress.update(0, `compiling ${ourSources().size} sources with solc ${compilerVersion()}`)
const contracts = compile()
progress.update(1, `compiled ${contracts.length} contracts`)
const version = compilerVersion()
const fresh = renderArtifacts(contracts, version)
progress.update(2, 'rendered the artifacts')
const imports = importedSources()
const inputs = `${JSON.stringify(
  {
    solc: version,
    fingerprint: buildFingerprint(version, new Map([...ourSources(), ...imports])),
    artifactsSha256: createHash('sha256').update(fresh).digest('hex'),
    imports: [...imports.keys()].sort(),
  },
  null,
  2,
)}\n`

if (process.argv.includes('--check')) {
  const stale = readFileSync(target, 'utf8') !== fresh || readFileSync(inputsTarget, 'utf8') !== inputs
  progress.update(3, 'compared with generated/')
  progress.end()
  if (stale) {
    console.error('generated/artifacts.ts or generated/inputs.json is stale: run `npm run build:contracts` and commit the result.')
    process.exit(1)
  }
  console.log(`generated/artifacts.ts is up to date (${contracts.length} contracts).`)
} else {
  writeFileSync(target, fresh)
  writeFileSync(inputsTarget, inputs)
  progress.update(3, 'wrote generated/')
  progress.end()
  for (const c of contracts) console.log(`${c.name.padEnd(20)} ${String(c.deployedSize).padStart(6)} bytes deployed`)
  console.log(`wrote ${target} and ${inputsTarget}`)
}
