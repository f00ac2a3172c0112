/**
 * Compiles the contracts and writes `generated/artifacts.ts`: for each deployable contract an ABI
 * (`as const`, so viem infers every type) and its creation bytecode.
 *
 *   tsx scripts/build.ts           write the artifacts
 *   tsx scripts/build.ts --check   fail when the committed artifacts differ from a fresh build
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderArtifacts } from './render-artifacts.ts'
import { compile, compilerVersion, packageRoot } from './compile.ts'

const target = join(packageRoot, 'generated', 'artifacts.ts')
const contracts = compile()
const fresh = renderArtifacts(contracts, compilerVersion())

if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8')
  if (committed !== fresh) {
    console.error('generated/artifacts.ts is stale: run `npm run build:contracts` and commit the result.')
    process.exit(1)
  }
  console.log(`generated/artifacts.ts is up to date (${contracts.length} contracts).`)
} else {
  writeFileSync(target, fresh)
  for (const c of contracts) console.log(`${c.name.padEnd(20)} ${String(c.deployedSize).padStart(6)} bytes deployed`)
  console.log(`wrote ${target}`)
}
