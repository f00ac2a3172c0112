import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_DEPLOYED_CODE_SIZE, compile, compilerVersion, packageRoot } from './compile.ts'
import { renderArtifacts } from './render-artifacts.ts'

describe('generated/artifacts.ts', () => {
  it('is exactly what a fresh compile of src/ produces (regenerate with `npm run build:contracts`)', { timeout: 180_000 }, () => {
    const contracts = compile()
    expect(contracts.map((c) => c.name)).toEqual([
      'DeviceRegistry',
      'Emissions',
      'NetworkParams',
      'PinionDeployer',
      'PinionGovernor',
      'PinionTimelock',
      'PinionToken',
      'RewardDistributor',
    ])
    for (const contract of contracts) expect(contract.deployedSize).toBeLessThanOrEqual(MAX_DEPLOYED_CODE_SIZE)
    const committed = readFileSync(join(packageRoot, 'generated', 'artifacts.ts'), 'utf8')
    expect(committed === renderArtifacts(contracts, compilerVersion()), 'generated/artifacts.ts is stale').toBe(true)
  })
})
