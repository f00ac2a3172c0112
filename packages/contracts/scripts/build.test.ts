import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as artifacts from '../generated/artifacts.ts'
import { buildFingerprint, compilerVersion, ourSources, packageRoot, readImport } from './compile.ts'

type Inputs = { solc: string; fingerprint: string; artifactsSha256: string; imports: string[] }

/**
 * The committed artifacts are what a build of today's sources gives, without compiling here: the
 * build is reproducible, so equal inputs (compiler, settings, every source and import, by content)
 * give equal artifacts, and the artifacts are checked against the hash the build recorded. CI also
 * compiles from scratch and compares byte for byte (`npm run check:generated` in .ci/run).
 */
describe('generated/artifacts.ts', () => {
  const generated = join(packageRoot, 'generated')
  const inputs = JSON.parse(readFileSync(join(generated, 'inputs.json'), 'utf8')) as Inputs

  it("was built from today's sources, imports and compiler (regenerate with `npm run build:contracts`)", () => {
    expect(inputs.solc).toBe(compilerVersion())
    const files = ourSources()
    for (const path of inputs.imports) {
      const content = readImport(path)
      expect(content, `${path} no longer resolves`).toBeTypeOf('string')
      files.set(path, content!)
    }
    expect(buildFingerprint(inputs.solc, files), 'a source, an import or the compiler changed since the artifacts were built').toBe(inputs.fingerprint)
  })

  it('is exactly what that build wrote (never edited by hand)', () => {
    const written = readFileSync(join(generated, 'artifacts.ts'), 'utf8')
    expect(createHash('sha256').update(written).digest('hex')).toBe(inputs.artifactsSha256)
  })

  it('holds every deployable contract', () => {
    const names = Object.keys(artifacts)
      .filter((name) => name.endsWith('Abi'))
      .map((name) => name.slice(0, -3))
    expect(names).toEqual(['deviceRegistry', 'emissions', 'networkParams', 'pinionDeployer', 'pinionGovernor', 'pinionTimelock', 'pinionToken', 'rewardDistributor'])
  })
})
