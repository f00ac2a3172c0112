import { Command } from 'commander'
import { type Proposal, waitingFor } from '@pinion/contracts'
import { DEVNET_ACCOUNT_NAMES } from '../gov/account.ts'
import { PROPOSE_ACTIONS, buildActions } from '../gov/buildActions.ts'
import { type NetworkFlags, connect, connectSigner, stateFrom } from '../gov/connect.ts'
import { delegate } from '../gov/delegate.ts'
import { execute } from '../gov/execute.ts'
import { proposalDetail, proposalSummary, tallyText } from '../gov/format.ts'
import { parseAddress } from '../gov/parse.ts'
import { propose } from '../gov/propose.ts'
import { findProposal, listProposals, shortId } from '../gov/proposalLookup.ts'
import { queue } from '../gov/queue.ts'
import { parseSupport, vote } from '../gov/vote.ts'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { formatTokens, output } from './output.ts'

type Flags = NetworkFlags & { json?: boolean; account?: string }

/** The options every governance command takes: where the network is, and --json. */
export function withNetworkOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--network <file>', 'the network description `pinion deploy` wrote (instead of --data-dir)')
    .option('--json', 'machine-readable output')
}

/** …and the account to send from. */
export function withSignerOptions(command: Command): Command {
  return withNetworkOptions(command).option(
    '--account <name>',
    `devnet only: send from anvil's ${DEVNET_ACCOUNT_NAMES.join(' | ')} (default admin); elsewhere the key in PINION_KEY`,
  )
}

/** A proposal as --json prints it: everything read from the chain, and what it waits for at chain time `now`. */
const proposalJson = (p: Proposal, now: bigint) => ({ ...p, shortId: shortId(p.id), waitingFor: waitingFor(p, now) })
/** A command's result as --json prints it (it says what the proposal waits for itself). */
const resultJson = <result extends { proposal: Proposal }>(result: result) => ({ ...result, proposal: { ...result.proposal, shortId: shortId(result.proposal.id) } })

export function govCommand(): Command {
  const gov = new Command('gov').description('governance: delegate votes, propose, vote, queue and execute proposals, see their status')
  gov.addCommand(proposeCommand())

  withSignerOptions(
    gov
      .command('vote')
      .description('vote on an open proposal with your votes at its snapshot')
      .argument('<id>', 'the proposal id (its first digits will do)')
      .argument('<support>', 'for | against | abstain')
      .option('--reason <text>', 'why, recorded on chain with the vote'),
  ).action(async (id: string, support: string, flags: Flags & { reason?: string }) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    const result = await vote(signer, id, parseSupport(support), flags.reason)
    output(Boolean(flags.json), resultJson(result), () =>
      [
        `voted ${result.support} on ${shortId(result.proposal.id)} with ${formatTokens(result.weight, 'votes')} in ${result.transaction}`,
        `    ${tallyText(result.proposal)}`,
        `    ${result.proposal.state}: ${result.waitingFor}`,
      ].join('\n'),
    )
  })

  withSignerOptions(gov.command('queue').description('queue a passed proposal in the timelock').argument('<id>', 'the proposal id (its first digits will do)')).action(
    async (id: string, flags: Flags) => {
      const result = await queue(connectSigner(stateFrom(flags), flags.account), id)
      output(Boolean(flags.json), resultJson(result), () => `queued ${shortId(result.proposal.id)} in ${result.transaction}; ${result.waitingFor}`)
    },
  )

  withSignerOptions(
    gov.command('execute').description('execute a queued proposal once its timelock delay has passed (anyone may)').argument('<id>', 'the proposal id (its first digits will do)'),
  ).action(async (id: string, flags: Flags) => {
    const result = await execute(connectSigner(stateFrom(flags), flags.account), id)
    output(Boolean(flags.json), resultJson(result), () =>
      [`executed ${shortId(result.proposal.id)} in ${result.transaction}:`, ...result.proposal.words.map((w) => `    ${w}`)].join('\n'),
    )
  })

  withNetworkOptions(
    gov.command('status').description('every proposal with its state and votes; with an id, all about one').argument('[id]', 'a proposal id (its first digits will do)'),
  ).action(async (id: string | undefined, flags: Flags) => {
    const network = connect(stateFrom(flags))
    if (id !== undefined) {
      const { now, proposal } = await findProposal(network, id)
      output(Boolean(flags.json), proposalJson(proposal, now), () => proposalDetail(proposal, now))
      return
    }
    const { now, proposals } = await listProposals(network)
    const newestFirst = [...proposals].reverse()
    output(Boolean(flags.json), { now, proposals: newestFirst.map((p) => proposalJson(p, now)) }, () =>
      newestFirst.length === 0 ? 'no proposals yet (`pinion gov propose --help`)' : newestFirst.map((p) => proposalSummary(p, now)).join('\n\n'),
    )
  })

  withSignerOptions(
    gov
      .command('delegate')
      .description('delegate your token votes (to yourself by default): tokens vote only once delegated')
      .option('--to <address>', 'the address to delegate to'),
  ).action(async (flags: Flags & { to?: string }) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    const result = await delegate(signer, flags.to === undefined ? undefined : parseAddress(flags.to, 'the delegate'))
    const to = result.delegate === result.account ? 'itself' : result.delegate
    output(
      Boolean(flags.json),
      result,
      () =>
        `${result.account} delegates its ${formatTokens(result.balance)} to ${to} in ${result.transaction}; ${result.delegate} has ${formatTokens(result.votes, 'votes')}, counted for proposals made from the next second`,
    )
  })
  return gov
}

/** `pinion gov propose <action>`: one subcommand per action, each validated against the chain before anything is sent. */
function proposeCommand(): Command {
  const command = new Command('propose').description('propose a change; its description is its actions in words, one line each')
  for (const spec of PROPOSE_ACTIONS) {
    const sub = command.command(spec.name).description(spec.description)
    for (const arg of spec.args) sub.argument(`<${arg}>`)
    if (spec.options?.includes('quorum')) sub.option('--quorum <n>', 'the oracle quorum after the change')
    if (spec.options?.includes('config')) sub.option('--config <file>', 'network config (default ./pinion.config.ts)')
    if (spec.options?.includes('fromEpoch'))
      sub.option('--from-epoch <n>', 'the epoch the parameters take effect from (default: the first after the proposal could execute, plus one)')
    sub.option('--note <text>', 'a last line for the description (tells apart two proposals of the same calls)')
    withSignerOptions(sub).action(async (...received: unknown[]) => {
      const args = received.slice(0, spec.args.length) as string[]
      const flags = received[spec.args.length] as Flags & { quorum?: string; config?: string; fromEpoch?: string; note?: string }
      const signer = connectSigner(stateFrom(flags), flags.account)
      const actions = await buildActions(signer, spec.name, args, flags)
      printProposed(Boolean(flags.json), await propose(signer, actions, flags.note))
    })
  }
  return command
}

export function printProposed(json: boolean, result: Awaited<ReturnType<typeof propose>>): void {
  const p = result.proposal
  output(json, resultJson(result), () => [`proposed ${shortId(p.id)} in ${result.transaction}: ${result.waitingFor}`, ...p.words.map((w) => `    ${w}`), `id ${p.id}`].join('\n'))
}
