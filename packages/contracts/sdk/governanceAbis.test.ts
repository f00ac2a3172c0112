import type { Abi, AbiParameter } from 'viem'
import { describe, expect, it } from 'vitest'
import { deviceRegistryAbi, networkParamsAbi, pinionGovernorAbi, pinionTimelockAbi, pinionTokenAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import { distributorGovernanceAbi, governorReadAbi, paramsGovernanceAbi, registryGovernanceAbi, timelockGovernanceAbi, tokenSupplyAbi } from './governanceAbis.ts'

/** An ABI item without what solc adds for tools (internalType), in a comparable form. */
function normal(item: Abi[number]): unknown {
  const params = (list: readonly AbiParameter[] | undefined): unknown =>
    list?.map((p) => ({ name: p.name ?? '', type: p.type, indexed: 'indexed' in p ? Boolean(p.indexed) : false, components: 'components' in p ? params(p.components) : undefined }))
  if (item.type !== 'function' && item.type !== 'event') return item
  return {
    type: item.type,
    name: item.name,
    inputs: params(item.inputs),
    outputs: item.type === 'function' ? (params(item.outputs) as { type: string; components: unknown }[]).map(({ type, components }) => ({ type, components })) : undefined,
    stateMutability: item.type === 'function' ? item.stateMutability : undefined,
  }
}

describe('the governance ABIs', () => {
  it.each([
    ['distributor', distributorGovernanceAbi, rewardDistributorAbi],
    ['registry', registryGovernanceAbi, deviceRegistryAbi],
    ['params', paramsGovernanceAbi, networkParamsAbi],
    ['timelock', timelockGovernanceAbi, pinionTimelockAbi],
    ['governor', governorReadAbi, pinionGovernorAbi],
    ['token', tokenSupplyAbi, pinionTokenAbi],
  ] as [string, Abi, Abi][])('%s: every item is exactly one of the generated ABI', (_, subset, generated) => {
    const full = generated.map(normal)
    for (const item of subset) expect(full).toContainEqual(normal(item))
  })
})
