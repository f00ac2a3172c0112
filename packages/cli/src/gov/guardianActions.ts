import { GUARDED_CONTRACTS, type GovernanceAction, rewardDistributorAbi } from '@pinion/contracts'
import { type Address, isAddressEqual } from 'viem'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

/**
 * Hands the guardian's powers to `next` (a multisig in production): on every Guarded contract the
 * current guardian is replaced in two steps (governance names `next`, `next` accepts, so a typo can
 * never strand the role). The guardian holds nothing in the timelock: its powers are pauses and
 * root vetoes, which live on the Guarded contracts.
 */
export async function transferGuardian(gov: Gov, next: Address): Promise<GovernanceAction[]> {
  const { client, contracts } = gov
  const current = await Promise.all(
    GUARDED_CONTRACTS.map(async (contract) => ({
      contract,
      guardian: await client.readContract({ address: contracts[contract], abi: rewardDistributorAbi, functionName: 'guardian' }),
    })),
  )
  const actions: GovernanceAction[] = current
    .filter(({ guardian }) => !isAddressEqual(guardian, next))
    .map(({ contract }) => ({ action: 'transfer-guardian', contract, guardian: next }))
  if (actions.length === 0) throw new GovError('PINION_ERR_GOV_GUARDIAN', `${next} already is the guardian of ${GUARDED_CONTRACTS.join(' and ')}`)
  return actions
}
