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
import { renderArtifacts } from './render-artifacts.ts'
import { buildFingerprint, compile, compilerVersion, importedSources, ourSources, packageRoot } from './compile.ts'

const target = join(packageRoot, 'generated', 'artifacts.ts')
const inputsTarget = join(packageRoot, 'generated', 'inputs.json')
const contracts = compile()
const version = compilerVersion()
const fresh = renderArtifacts(contracts, version)
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
  if (readFileSync(target, 'utf8') !== fresh || readFileSync(inputsTarget, 'utf8') !== inputs) {
    console.error('generated/artifacts.ts or generated/inputs.json is stale: run `npm run build:contracts` and commit the result.')
    process.exit(1)
  }
  console.log(`generated/artifacts.ts is up to date (${contracts.length} contracts).`)
} else {
  writeFileSync(target, fresh)
  writeFileSync(inputsTarget, inputs)
  for (const c of contracts) console.log(`${c.name.padEnd(20)} ${String(c.deployedSize).padStart(6)} bytes deployed`)
  console.log(`wrote ${target} and ${inputsTarget}`)
}
