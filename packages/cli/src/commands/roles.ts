import { Command } from 'commander'
import { type Deployment, rolesOf } from '@pinion/contracts'
import type { PublicClient } from 'viem'
import { type NetworkFlags, connect, stateFrom } from '../gov/connect.ts'
import { deployerRoles, rolesText } from '../gov/rolesText.ts'
import { withNetworkOptions } from './gov.ts'
import { output } from './output.ts'

/**
 * Who holds which role on `deployment`, as `pinion deploy` and `pinion roles` print it: in words, or
 * with --json `{ ...fields, roles, deployerHoldsNone }`; `summary` is a first line for people.
 */
export async function printRoles(
  json: boolean,
  deployment: Deployment,
  client: Pick<PublicClient, 'readContract'>,
  { summary, fields = {} }: { summary?: string; fields?: Record<string, unknown> } = {},
): Promise<void> {
  const roles = await rolesOf(deployment, client as never)
  const kept = deployerRoles(roles, deployment)
  output(json, { ...fields, roles, deployerHoldsNone: kept.length === 0 }, () => [...(summary === undefined ? [] : [summary]), rolesText(roles, deployment)].join('\n'))
}

export function rolesCommand(): Command {
  return withNetworkOptions(
    new Command('roles').description('who holds which role on the running network: governance, the guardian, anyone; the deployer should hold none'),
  ).action(async (flags: NetworkFlags & { json?: boolean }) => {
    const { state, client } = connect(stateFrom(flags))
    await printRoles(Boolean(flags.json), state.deployment, client)
  })
}
