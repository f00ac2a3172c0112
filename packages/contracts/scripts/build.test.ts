import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Abi } from 'viem'
import { describe, expect, it } from 'vitest'
import * as artifacts from '../generated/artifacts.ts'
import { kindArtifacts } from '../generated/kinds/index.ts'
import { buildFingerprint, compilerVersion, ourSources, packageRoot, readImport } from './compile.ts'

type Inputs = { solc: string; fingerprint: string; artifacts: Record<string, string>; imports: string[] }

/** Every file under `dir`, by path relative to `root`. */
const filesUnder = (dir: string, root: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), root) : [relative(root, join(dir, e.name))])) : []

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

  it('is exactly what that build wrote (never edited by hand), and nothing else', () => {
    for (const [path, sha256] of Object.entries(inputs.artifacts)) {
      const written = readFileSync(join(generated, path), 'utf8')
      expect(createHash('sha256').update(written).digest('hex'), path).toBe(sha256)
    }
    expect(filesUnder(join(generated, 'kinds'), generated).sort()).toEqual(
      Object.keys(inputs.artifacts)
        .filter((path) => path.startsWith('kinds/'))
        .sort(),
    )
  })

  it('holds every deployable contract', () => {
    const names = Object.keys(artifacts)
      .filter((name) => name.endsWith('Abi'))
      .map((name) => name.slice(0, -3))
    expect(names).toEqual([
      'chainlinkPrice',
      'credits',
      'deviceRegistry',
      'deviceShares',
      'deviceSharesFactory',
      'emissions',
      'governedPrice',
      'networkParams',
      'oracleQuorum',
      'pieceProofs',
      'pieceProofsHarness',
      'pinionDeployer',
      'pinionGovernor',
      'pinionTimelock',
      'pinionToken',
      'quorumPrice',
      'rewardDistributor',
      'rewardSplit',
      'rewardSplitFactory',
      'staking',
      'testAggregator',
    ])
  })

  it("holds each kind's contracts apart, found by their folder under src/kinds/", () => {
    const kindFolders = readdirSync(join(packageRoot, 'src', 'kinds'), { withFileTypes: true }).filter((e) => e.isDirectory())
    expect(kindFolders.map((e) => e.name)).toEqual(expect.arrayContaining(Object.keys(kindArtifacts)))
    expect(Object.keys(kindArtifacts.ping)).toEqual(['PingMarket'])
    expect(Object.keys(kindArtifacts.storage)).toEqual(['StorageMarket'])
    expect(Object.keys(kindArtifacts.compute)).toEqual(['ComputeMarket'])
    // Every kind contract takes (address token, address registry), or (…, address oracleSet) as
    // StorageMarket does: deploy() relies on it.
    for (const contracts of Object.values(kindArtifacts)) {
      for (const { abi } of Object.values(contracts) as { abi: Abi }[]) {
        const built = abi.find((item) => item.type === 'constructor')
        expect([
          ['address', 'address'],
          ['address', 'address', 'address'],
        ]).toContainEqual(built?.type === 'constructor' ? built.inputs.map((input) => input.type) : undefined)
      }
    }
    expect(kindArtifacts.storage.StorageMarket.abi.find((item) => item.type === 'constructor')?.inputs.map((input) => input.name)).toEqual(['token_', 'registry_', 'oracleSet_'])
  })
})
