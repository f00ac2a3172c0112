import { GUARDED_CONTRACTS, type GovernanceAction, pinionTimelockAbi, rewardDistributorAbi, roleId } from '@pinion/contracts'
import { type Address, isAddressEqual, zeroAddress } from 'viem'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

const CANCELLER_ROLE = roleId('CANCELLER_ROLE')

/**
 * Hands the guardian's powers to `next` (a multisig in production): on every Guarded contract the
 * current guardian is replaced in two steps (governance names `next`, `next` accepts, so a typo can
 * never strand the role), and in the timelock `next` gets the guardian's CANCELLER_ROLE while the
 * old guardian loses it. The governor's own CANCELLER_ROLE is never touched.
 */
export async function transferGuardian(gov: Gov, next: Address): Promise<GovernanceAction[]> {
  const { client, contracts } = gov
  const current = await Promise.all(
    GUARDED_CONTRACTS.map(async (contract) => ({
      contract,
      guardian: await client.readContract({ address: contracts[contract], abi: rewardDistributorAbi, functionName: 'guardian' }),
    })),
  )
  const timelock = { address: contracts.timelock, abi: pinionTimelockAbi } as const
  const actions: GovernanceAction[] = current
    .filter(({ guardian }) => !isAddressEqual(guardian, next))
    .map(({ contract }) => ({ action: 'transfer-guardian', contract, guardian: next }))
  if (!(await client.readContract({ ...timelock, functionName: 'hasRole', args: [CANCELLER_ROLE, next] }))) {
    actions.push({ action: 'grant-role', contract: 'timelock', role: CANCELLER_ROLE, account: next })
  }
  const previous = [...new Set(current.map(({ guardian }) => guardian))].filter(
    (guardian) => guardian !== zeroAddress && !isAddressEqual(guardian, next) && !isAddressEqual(guardian, contracts.governor),
  )
  for (const guardian of previous) {
    if (await client.readContract({ ...timelock, functionName: 'hasRole', args: [CANCELLER_ROLE, guardian] })) {
      actions.push({ action: 'revoke-role', contract: 'timelock', role: CANCELLER_ROLE, account: guardian })
    }
  }
  if (actions.length === 0) throw new GovError('PINION_ERR_GOV_GUARDIAN', `${next} already is the guardian of ${GUARDED_CONTRACTS.join(' and ')} and may cancel in the timelock`)
  return actions
}
