import type { Deployment, RoleHolding } from '@pinion/contracts'

/** What each role lets its holder do, in the contracts' own terms. */
const POWERS: Record<string, string> = {
  'distributor.DEFAULT_ADMIN_ROLE': 'grant roles, set the dispute window',
  'distributor.ORACLE_MANAGER_ROLE': 'change the oracle set and quorum',
  'distributor.guardian()': 'pause root commits and promotions, veto pending roots',
  'registry.DEFAULT_ADMIN_ROLE': 'grant roles, set class policies, release keys',
  'registry.MAKER_ADMIN_ROLE': 'approve and remove makers',
  'registry.SUSPENDER_ROLE': 'suspend and reinstate devices',
  'registry.guardian()': 'pause registrations and location assertions',
  'params.DEFAULT_ADMIN_ROLE': 'schedule parameter changes for later epochs',
  'timelock.DEFAULT_ADMIN_ROLE': "grant the timelock's roles, change its delay",
  'timelock.PROPOSER_ROLE': 'queue operations',
  'timelock.EXECUTOR_ROLE': 'execute operations whose delay has passed',
  'timelock.CANCELLER_ROLE': 'cancel queued operations',
  'staking.DEFAULT_ADMIN_ROLE': 'grant roles, set the unbonding period, slash window, treasury and minimum stakes, decide appeals',
  'staking.guardian()': 'pause bonding and slash executions, veto slash orders',
}

/** Who holds a role, in words: "timelock (governance)", "guardian 0x…", "nobody". */
function holdersText(holding: RoleHolding, deployment: Deployment): string {
  if (holding.holders.length === 0) return 'nobody'
  return holding.holders
    .map((holder) => {
      switch (holder) {
        case 'timelock':
          return holding.contract === 'timelock' ? 'timelock (itself)' : 'timelock (governance)'
        case 'governor':
          return 'governor'
        case 'guardian':
          return `guardian ${deployment.guardian}`
        case 'deployer':
          return `deploying account ${deployment.deployedBy}`
        case 'anyone':
          return 'anyone'
      }
    })
    .join(', ')
}

/** Whether the account that deployed still holds a role (it should hold none; a deploying guardian keeps only the guardian's powers). */
export function deployerRoles(holdings: readonly RoleHolding[], deployment: Deployment): RoleHolding[] {
  const guardianPower = (h: RoleHolding) => h.role === 'guardian()'
  const deployerIsGuardian = deployment.guardian.toLowerCase() === deployment.deployedBy.toLowerCase()
  return holdings.filter((h) => h.holders.includes('deployer') && !(deployerIsGuardian && guardianPower(h)))
}

/** Every role in words, one line each, then what the deploying account holds. */
export function rolesText(holdings: readonly RoleHolding[], deployment: Deployment): string {
  const rows = holdings.map((h) => [`${h.contract}.${h.role}`, holdersText(h, deployment), POWERS[`${h.contract}.${h.role}`] ?? ''] as const)
  const width = Math.max(...rows.map(([role]) => role.length))
  const holderWidth = Math.max(...rows.map(([, holders]) => holders.length))
  const kept = deployerRoles(holdings, deployment)
  return [
    'who holds which role:',
    ...rows.map(([role, holders, power]) => `  ${role.padEnd(width)}  ${holders.padEnd(holderWidth)}  ${power}`.trimEnd()),
    kept.length === 0
      ? `the deploying account ${deployment.deployedBy} holds no role${deployment.guardian.toLowerCase() === deployment.deployedBy.toLowerCase() ? " besides the guardian's" : ''}`
      : `WARNING: the deploying account ${deployment.deployedBy} still holds ${kept.map((h) => `${h.contract}.${h.role}`).join(', ')}`,
    deployment.guardian === '0x0000000000000000000000000000000000000000'
      ? 'no guardian: nobody can pause or veto a root before it pays (deploy with --guardian <multisig>)'
      : `guardian ${deployment.guardian}`,
  ].join('\n')
}
