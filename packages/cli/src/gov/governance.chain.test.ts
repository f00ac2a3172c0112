/**
 * `pinion gov` and `pinion params` end to end on anvil, through the CLI's own functions (and, for
 * the output of a few commands, its `main`): delegate, propose, vote, queue and execute with
 * anvil's clock moved rather than waited for, checking at each step what the command reports and,
 * at the end, what the contracts hold.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEVNET_GOVERNANCE, devnetAccounts, networkParamsAbi, pinionTimelockAbi, rewardDistributorAbi, roleId } from '@pinion/contracts'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { defineNetwork } from '../config/network.ts'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { type NetworkState, writeState } from '../state.ts'
import { buildActions } from './buildActions.ts'
import { type GovSigner, connect, connectSigner } from './connect.ts'
import { delegate } from './delegate.ts'
import { execute } from './execute.ts'
import { localParams, paramsRows, planParams, readParams } from './paramsPlan.ts'
import { propose } from './propose.ts'
import { findProposal, listProposals } from './proposalLookup.ts'
import { queue } from './queue.ts'
import { vote } from './vote.ts'

const TOKEN = 10n ** 18n
const GENESIS = 100_000n * TOKEN
const admin = devnetAccounts(1)[0]!.address
/** The network as deployed: the default network's parameters, the treasury being the admin. */
const DEPLOYED_CONFIG = defineNetwork()
/** A change governance can make: heartbeats counted in 5-second sub-intervals instead of 2. */
const CHANGED_CONFIG = defineNetwork({ kinds: { uptime: { subIntervalMs: 5_000 } } })

/** The code a promise rejects with, and its message. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return { code: (error as { code?: string }).code ?? 'no code', message: (error as Error).message }
  }
  throw new Error('expected a failure, but it succeeded')
}

// Inside the checkout's node_modules, so that a config's `import … from '@pinion/cli'` resolves.
const scratch = mkdtempSync(join(import.meta.dirname, '../../../../node_modules/.cache-pinion-gov-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('pinion gov', () => {
  let net: Network
  let state: NetworkState
  let stateFile: string
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({
      registryAdmin: false,
      deploy: {
        // The treasury (the devnet's admin account) holds 100,000 tokens from genesis, so it can govern at once.
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: admin, amount: GENESIS }] },
        params: localParams(DEPLOYED_CONFIG, admin),
      },
    })
    state = {
      name: 'Governance test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: admin,
    }
    stateFile = join(scratch, 'network.json')
    writeState(stateFile, state, true)
  })
  afterAll(async () => {
    vi.unstubAllEnvs()
    await net.stop()
  })
  revertEachTest(() => net)

  const signer = (account = 'admin'): GovSigner => connectSigner(state, account, 50)
  const travel = (seconds: number) => net.travel(BigInt(seconds))

  const pinion = runPinion

  it('replaces an oracle: delegate, propose, vote, queue, execute, each saying what it waits for', async () => {
    const treasury = signer()
    const delegated = await delegate(treasury)
    expect(delegated).toMatchObject({ account: admin, delegate: admin, balance: GENESIS, votes: GENESIS })
    await travel(1)

    const [, leaked] = net.accounts.oracles
    const newcomer = net.accounts.users[4]!.address
    const actions = await buildActions(treasury, 'replace-oracle', [leaked!.address.toLowerCase(), newcomer])
    const proposed = await propose(treasury, actions)
    const id = proposed.proposal.id
    expect(proposed.proposal.state).toBe('pending')
    expect(proposed.proposal.words).toEqual([`replace oracle ${leaked!.address} with ${newcomer}`])
    expect(proposed.proposal.description).toBe(`replace oracle ${leaked!.address} with ${newcomer}`)
    // Proposed at t: the snapshot is t + 1 (voting delay 1 s), and the vote opens the second after.
    expect(proposed.waitingFor).toBe('voting opens in 2 s')

    // Too early: refused with what it waits for, before any transaction.
    expect(await failure(vote(treasury, id.toString(), 'for'))).toEqual({
      code: 'PINION_ERR_GOV_NOT_ACTIVE',
      message: `proposal ${id.toString().slice(0, 10)}… is pending, not open for votes: voting opens in 2 s`,
    })
    await travel(DEVNET_GOVERNANCE.votingDelaySeconds + 1)
    // An operator that never delegated has no votes at the snapshot.
    expect((await failure(vote(signer('operator-1'), id.toString(), 'against'))).code).toBe('PINION_ERR_GOV_NO_VOTES')

    // Its first digits will do as an id.
    const voted = await vote(treasury, id.toString().slice(0, 6), 'for', 'its key leaked')
    expect(voted).toMatchObject({ support: 'for', weight: GENESIS, reason: 'its key leaked' })
    expect(voted.proposal).toMatchObject({ state: 'active', votes: { for: GENESIS, against: 0n, abstain: 0n }, quorumReached: true, quorumFinal: true })
    expect(voted.waitingFor).toMatch(/^voting ends in \d+ s$/)
    expect((await failure(vote(treasury, id.toString(), 'for'))).code).toBe('PINION_ERR_GOV_ALREADY_VOTED')
    expect(await failure(queue(treasury, id.toString()))).toMatchObject({
      code: 'PINION_ERR_GOV_NOT_SUCCEEDED',
      message: expect.stringMatching(/is active, not passed: voting ends in \d+ s$/),
    })

    await travel(DEVNET_GOVERNANCE.votingPeriodSeconds + 1)
    expect((await findProposal(treasury, id.toString())).proposal.state).toBe('succeeded')
    const queued = await queue(treasury, id.toString())
    expect(queued.proposal.state).toBe('queued')
    expect(queued.waitingFor).toBe(`timelock: executable in ${DEVNET_GOVERNANCE.timelockDelaySeconds} s`)
    expect(await failure(execute(treasury, id.toString()))).toMatchObject({
      code: 'PINION_ERR_GOV_NOT_READY',
      message: expect.stringContaining(`is queued, not executable: timelock: executable in ${DEVNET_GOVERNANCE.timelockDelaySeconds} s`),
    })

    await travel(DEVNET_GOVERNANCE.timelockDelaySeconds)
    // Anyone may execute: here an operator with no votes at all.
    const executed = await execute(signer('operator-2'), id.toString())
    expect(executed.proposal.state).toBe('executed')
    expect(executed.proposal.executedTransaction).toBe(executed.transaction)
    // Decoded from the calldata: the same words.
    expect(executed.proposal.words).toEqual(proposed.proposal.words)

    const distributor = { address: net.deployment.distributor, abi: rewardDistributorAbi } as const
    const oracles = await net.publicClient.readContract({ ...distributor, functionName: 'oracles' })
    expect(oracles).toContain(newcomer)
    expect(oracles).not.toContain(leaked!.address)
    expect(oracles).toHaveLength(3)
    expect(await net.publicClient.readContract({ ...distributor, functionName: 'oracleSetVersion' })).toBe(1)
    expect(await net.publicClient.readContract({ ...distributor, functionName: 'quorum' })).toBe(2n)

    // `pinion gov status`, as a list and in detail.
    const list = await pinion('gov', 'status', '--network', stateFile, '--json')
    expect(list.code).toBe(0)
    const listed = JSON.parse(list.out) as { proposals: { id: string; state: string; words: string[]; votes: { for: string } }[] }
    expect(listed.proposals).toEqual([
      expect.objectContaining({ id: id.toString(), state: 'executed', words: proposed.proposal.words, votes: expect.objectContaining({ for: GENESIS.toString() }) }),
    ])
    const detail = await pinion('gov', 'status', id.toString().slice(0, 8), '--network', stateFile)
    expect(detail.out).toContain('state       executed: its calls ran')
    expect(detail.out).toContain(`actions     replace oracle ${leaked!.address} with ${newcomer}`)
    expect(detail.out).toContain('votes       for 100,000 votes · against 0 votes · abstain 0 votes; quorum reached')
  })

  it('adds an oracle with the quorum of the larger set in its words, and counts an executed proposal from its events', async () => {
    const treasury = signer()
    await delegate(treasury)
    await travel(1)
    const newcomer = net.accounts.users[3]!.address
    // 3 oracles, quorum 2: a fourth needs a quorum of 3, which is the default.
    const actions = await buildActions(treasury, 'add-oracle', [newcomer])
    expect(actions).toEqual([{ action: 'add-oracle', oracle: newcomer, quorum: 3 }])
    const { proposal } = await propose(treasury, actions)
    expect(proposal.description).toBe(`add oracle ${newcomer} (quorum 3 of 4)`)
    expect(proposal.words).toEqual([`add oracle ${newcomer} (quorum 3 of 4)`])
    await travel(2)
    await vote(treasury, proposal.id.toString(), 'for')
    await travel(DEVNET_GOVERNANCE.votingPeriodSeconds + 1)
    await queue(treasury, proposal.id.toString())
    await travel(DEVNET_GOVERNANCE.timelockDelaySeconds)
    await execute(treasury, proposal.id.toString())
    // The set now has 4 members; the executed proposal still reads "of 4" (from its OracleSetChanged), not "of 5".
    const { proposals } = await listProposals(connect(state))
    expect(proposals.map((p) => p.words)).toEqual([[`add oracle ${newcomer} (quorum 3 of 4)`]])
    expect(proposals[0]!.descriptionMatches).toBe(true)
  })

  it('hands the guardian role over: both Guarded contracts name the successor; nobody but the governor may cancel in the timelock', async () => {
    const treasury = signer()
    await delegate(treasury)
    await travel(1)
    const next = net.accounts.users[2]!.address
    const old = net.accounts.guardian.address
    const actions = await buildActions(treasury, 'guardian', [next])
    const { proposal } = await propose(treasury, actions)
    expect(proposal.words).toEqual([`distributor: hand the guardian role to ${next} (it must accept)`, `registry: hand the guardian role to ${next} (it must accept)`])
    await travel(2)
    await vote(treasury, proposal.id.toString(), 'for')
    await travel(DEVNET_GOVERNANCE.votingPeriodSeconds + 1)
    await queue(treasury, proposal.id.toString())
    await travel(DEVNET_GOVERNANCE.timelockDelaySeconds)
    await execute(treasury, proposal.id.toString())
    for (const address of [net.deployment.distributor, net.deployment.registry]) {
      expect(await net.publicClient.readContract({ address, abi: rewardDistributorAbi, functionName: 'pendingGuardian' })).toBe(next)
    }
    const timelock = { address: net.deployment.timelock, abi: pinionTimelockAbi } as const
    const canceller = roleId('CANCELLER_ROLE')
    for (const account of [next, old]) expect(await net.publicClient.readContract({ ...timelock, functionName: 'hasRole', args: [canceller, account] })).toBe(false)
    expect(await net.publicClient.readContract({ ...timelock, functionName: 'hasRole', args: [canceller, net.deployment.governor] })).toBe(true)
  })

  it('refuses bad input with a code and a message naming the value and what was expected', async () => {
    const treasury = signer()
    const [a] = net.accounts.oracles
    const stranger = net.accounts.users[0]!.address
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [() => buildActions(treasury, 'quorum', ['1']), 'PINION_ERR_GOV_QUORUM', /^quorum 1 is not a strict majority of the 3 oracles the set would have; expected 2 to 3/],
      [() => buildActions(treasury, 'quorum', ['4']), 'PINION_ERR_GOV_QUORUM', /^quorum 4 exceeds the 3 oracles the set would have; expected 2 to 3$/],
      [() => buildActions(treasury, 'quorum', ['2']), 'PINION_ERR_GOV_NO_CHANGE', /^the quorum already is 2 of 3$/],
      [() => buildActions(treasury, 'add-oracle', [stranger], { quorum: '2' }), 'PINION_ERR_GOV_QUORUM', /^quorum 2 is not a strict majority of the 4 oracles/],
      [() => buildActions(treasury, 'add-oracle', [a!.address]), 'PINION_ERR_GOV_ORACLE', /is already an oracle/],
      [() => buildActions(treasury, 'remove-oracle', [a!.address]), 'PINION_ERR_GOV_ACTION', /needs --quorum/],
      [() => buildActions(treasury, 'remove-oracle', [a!.address], { quorum: '1' }), 'PINION_ERR_GOV_QUORUM', /^quorum 1 is not a strict majority of the 2 oracles/],
      [() => buildActions(treasury, 'replace-oracle', [stranger, a!.address]), 'PINION_ERR_GOV_ORACLE', new RegExp(`^the oracle to replace ${stranger} is not an oracle`)],
      [
        () => buildActions(treasury, 'replace-oracle', ['0x1234', stranger]),
        'PINION_ERR_GOV_ADDRESS',
        /^the oracle to replace is "0x1234", expected a 0x-prefixed 20-byte address$/,
      ],
      [() => buildActions(treasury, 'dispute-window', [String(31 * 86_400)]), 'PINION_ERR_GOV_NUMBER', /at most 2,592,000 s/],
      [() => buildActions(treasury, 'suspend', [`0x${'ab'.repeat(32)}`]), 'PINION_ERR_GOV_DEVICE', /is not registered/],
      [() => buildActions(treasury, 'remove-maker', ['1', stranger]), 'PINION_ERR_GOV_MAKER', /is not approved for device class 1/],
      [() => buildActions(treasury, 'guardian', [net.accounts.guardian.address]), 'PINION_ERR_GOV_GUARDIAN', /already is the guardian/],
      [() => buildActions(treasury, 'frobnicate', []), 'PINION_ERR_GOV_ACTION', /^"frobnicate" is not an action; expected one of add-oracle, /],
      [() => buildActions(treasury, 'quorum', []), 'PINION_ERR_GOV_ACTION', /^quorum takes <n>, got none$/],
      [() => findProposal(treasury, '12345'), 'PINION_ERR_GOV_UNKNOWN_PROPOSAL', /^no proposal has id 12345; none was made yet$/],
      [() => findProposal(treasury, '0xabc'), 'PINION_ERR_GOV_PROPOSAL_ID', /is not decimal digits/],
      // No delegation yet: the treasury's 100,000 tokens are not votes, and the threshold is 0, so it may propose; voting needs them.
    ]
    for (const [action, code, message] of cases) {
      const { code: actual, message: text } = await failure(action())
      expect({ code: actual, text }).toEqual({ code, text: expect.stringMatching(message) })
    }
    // Through the command: the code ends the error line, the exit code is 1.
    const run = await pinion('gov', 'propose', 'quorum', '1', '--network', stateFile)
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/^pinion: quorum 1 is not a strict majority .* \[PINION_ERR_GOV_QUORUM\]$/)
  })

  it('schedules changed parameters from the first epoch after the proposal could execute, plus one', async () => {
    const treasury = signer()
    await delegate(treasury)
    await travel(1)
    const before = await readParams(treasury)
    const local = localParams(CHANGED_CONFIG, admin)
    // The parameters in force are the deployed config's; only the uptime kind's changed.
    expect(paramsRows(before, local).map((r) => [r.name, r.match])).toEqual([
      ['kind/uptime', 'differs'],
      ['pools', 'in force'],
      ['economy', 'in force'],
    ])
    expect((await failure(planParams(treasury, localParams(DEPLOYED_CONFIG, admin)))).code).toBe('PINION_ERR_GOV_NOTHING_TO_PROPOSE')
    expect(await failure(planParams(treasury, local, before.currentEpoch))).toMatchObject({
      code: 'PINION_ERR_GOV_EPOCH',
      message: expect.stringMatching(/^from epoch \d+ begins before the proposal could execute/),
    })

    const plan = await planParams(treasury, local)
    const { timestamp } = await net.publicClient.getBlock()
    const { votingDelaySeconds: d, votingPeriodSeconds: p, timelockDelaySeconds: t } = DEVNET_GOVERNANCE
    const executableAt = timestamp + BigInt(1 + d + p + 1 + t)
    const expected = (executableAt - before.genesisTime) / before.epochDuration + 2n
    expect(plan.fromEpoch).toBe(expected)
    const newHash = local.find((p) => p.name === 'kind/uptime')!.hash
    expect(plan.actions).toEqual([{ action: 'schedule-params', name: 'kind/uptime', hash: newHash, fromEpoch: expected }])

    // The same through `pinion params propose`, from a config file.
    const configFile = join(scratch, 'changed.config.ts')
    writeFileSync(configFile, `import { defineNetwork } from '@pinion/cli'\nexport default defineNetwork({ kinds: { uptime: { subIntervalMs: 5_000 } } })\n`)
    const run = await pinion('params', 'propose', '--config', configFile, '--network', stateFile, '--json')
    expect(run.err).toBe('')
    const proposed = JSON.parse(run.out) as { proposal: { id: string; words: string[] }; waitingFor: string }
    expect(proposed.proposal.words).toEqual([`uptime parameters → hash ${newHash}, from epoch ${expected.toLocaleString('en')}`])
    expect(proposed.waitingFor).toBe('voting opens in 2 s')

    const id = proposed.proposal.id
    await travel(2)
    await vote(treasury, id, 'for')
    await travel(p + 1)
    await queue(treasury, id)
    await travel(t)
    await execute(treasury, id)
    const params = { address: net.deployment.params, abi: networkParamsAbi } as const
    const oldHash = localParams(DEPLOYED_CONFIG, admin).find((q) => q.name === 'kind/uptime')!.hash
    expect(await net.publicClient.readContract({ ...params, functionName: 'paramsAt', args: ['kind/uptime', expected - 1n] })).toEqual([oldHash, 0n])
    expect(await net.publicClient.readContract({ ...params, functionName: 'paramsAt', args: ['kind/uptime', expected] })).toEqual([newHash, expected])

    // `pinion params show`: the changed config matches the scheduled change; the old one now differs.
    const after = await readParams(treasury)
    expect(paramsRows(after, local).find((r) => r.name === 'kind/uptime')).toMatchObject({
      match: 'scheduled',
      inForce: { hash: oldHash, fromEpoch: 0n },
      scheduled: [{ hash: newHash, fromEpoch: expected }],
    })
    const shown = await pinion('params', 'show', '--network', stateFile, '--config', configFile)
    expect(shown.out).toContain(`  scheduled  ${newHash} from epoch ${expected.toLocaleString('en')}`)
    expect(shown.out).toContain('config matches the scheduled change')
    // A change before the scheduled one is refused.
    expect(
      (
        await failure(
          planParams(
            treasury,
            localParams(DEPLOYED_CONFIG, admin).map((q) => ({ ...q, hash: `0x${'11'.repeat(32)}` as Hex })),
            expected - 1n,
          ),
        )
      ).code,
    ).toBe('PINION_ERR_GOV_EPOCH')
  })
})
