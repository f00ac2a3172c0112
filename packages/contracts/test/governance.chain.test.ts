/**
 * Governance end to end on anvil: token holders delegate, propose, vote; the proposal is queued in
 * the timelock and executed after its delay, with anvil's clock moved rather than waited for. The
 * timelock is the only path to an admin power.
 */
import { type Address, type Hex, encodeFunctionData, keccak256, parseEventLogs, toHex, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { networkParamsAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import { DEVNET_GOVERNANCE } from '../sdk/deploy.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'

const TOKEN = 10n ** 18n
const ORACLE_MANAGER_ROLE = keccak256(toHex('ORACLE_MANAGER_ROLE'))
const PROPOSER_ROLE = keccak256(toHex('PROPOSER_ROLE'))
const CANCELLER_ROLE = keccak256(toHex('CANCELLER_ROLE'))
/** OpenZeppelin's IGovernor.ProposalState. */
const State = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 } as const
const VOTE_FOR = 1
const UPTIME_PARAMS = keccak256(toHex('uptime parameters v1'))
const GENESIS = 100_000n * TOKEN

describe('governance', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({
      registryAdmin: false,
      deploy: {
        // The treasury (the admin account) holds 100,000 tokens from genesis, so it can govern at once.
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: devnetAccounts(1)[0]!.address, amount: GENESIS }] },
        params: [{ name: 'kind/uptime', hash: UPTIME_PARAMS }],
      },
    })
  })
  revertEachTest(() => net)

  const governor = () => net.contracts.governor
  const distributor = () => net.contracts.distributor
  const voter = () => net.accounts.admin

  /** A proposal of one call to `target`, and the helpers to take it through every stage. */
  function proposal(target: Address, data: Hex, description: string) {
    const args = [[target], [0n], [data]] as const
    const descriptionHash = keccak256(toHex(description))
    return {
      id: () => governor().read.hashProposal([...args, descriptionHash]),
      state: async () => governor().read.state([await governor().read.hashProposal([...args, descriptionHash])]),
      propose: () => net.send(voter(), { ...governor(), functionName: 'propose', args: [...args, description] }),
      vote: async () => net.send(voter(), { ...governor(), functionName: 'castVote', args: [await governor().read.hashProposal([...args, descriptionHash]), VOTE_FOR] }),
      queue: () => net.send(voter(), { ...governor(), functionName: 'queue', args: [...args, descriptionHash] }),
      execute: () => net.send(net.accounts.users[0]!, { ...governor(), functionName: 'execute', args: [...args, descriptionHash] }),
      executeFails: () => revertOf(governor().simulate.execute([...args, descriptionHash], { account: net.accounts.users[0]!.address })),
      timelockId: () => net.contracts.timelock.read.hashOperationBatch([[target], [0n], [data], `0x${'00'.repeat(32)}`, saltOf(descriptionHash)]),
    }
  }
  /** GovernorTimelockControl's salt: the governor's address XOR the description hash. */
  const saltOf = (descriptionHash: Hex): Hex => `0x${((BigInt(net.deployment.governor.toLowerCase()) << 96n) ^ BigInt(descriptionHash)).toString(16).padStart(64, '0')}` as Hex

  /** The treasury delegates its genesis allocation to itself: votes count from the next second. */
  async function delegate() {
    expect(await net.contracts.token.read.balanceOf([voter().address])).toBe(GENESIS)
    await net.send(voter(), { ...net.contracts.token, functionName: 'delegate', args: [voter().address] })
    await net.travel(1n)
    expect(await net.contracts.token.read.getVotes([voter().address])).toBe(GENESIS)
  }

  async function passAndQueue(p: ReturnType<typeof proposal>) {
    await p.propose()
    expect(await p.state()).toBe(State.Pending)
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingDelaySeconds + 1))
    expect(await p.state()).toBe(State.Active)
    await p.vote()
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingPeriodSeconds + 1))
    expect(await p.state()).toBe(State.Succeeded)
    await p.queue()
    expect(await p.state()).toBe(State.Queued)
  }

  it('runs with the settings it was deployed with, counted in seconds', async () => {
    expect(await governor().read.CLOCK_MODE()).toBe('mode=timestamp')
    expect(await governor().read.votingDelay()).toBe(BigInt(DEVNET_GOVERNANCE.votingDelaySeconds))
    expect(await governor().read.votingPeriod()).toBe(BigInt(DEVNET_GOVERNANCE.votingPeriodSeconds))
    expect(await governor().read.quorumNumerator()).toBe(BigInt(DEVNET_GOVERNANCE.quorumPercent))
    expect(await governor().read.proposalThreshold()).toBe(DEVNET_GOVERNANCE.proposalThreshold)
    expect(await governor().read.timelock()).toBe(net.deployment.timelock)
    expect(await net.contracts.timelock.read.getMinDelay()).toBe(BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds))
  })

  it('replaces an oracle by proposal: delegate, propose, vote, queue, wait out the timelock, execute', async () => {
    await delegate()
    const [, b] = net.accounts.oracles
    const newcomer = net.accounts.users[4]!
    const p = proposal(
      net.deployment.distributor,
      encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'replaceOracle', args: [b!.address, newcomer.address] }),
      'Replace oracle B, whose key leaked',
    )
    await passAndQueue(p)
    // Not before the timelock's delay.
    expect(await p.executeFails()).toMatchObject({ name: 'TimelockUnexpectedOperationState' })
    await net.travel(BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds + 1))
    const receipt = await p.execute()
    expect(await p.state()).toBe(State.Executed)
    const changed = parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName: 'OracleSetChanged' }).map((l) => l.args)
    expect(changed).toEqual([{ version: 1, oracleCount: 3n, quorum: 2n }])
    expect(await distributor().read.isOracle([newcomer.address])).toBe(true)
    expect(await distributor().read.isOracle([b!.address])).toBe(false)
  })

  it('schedules new network parameters by proposal, from a later epoch on', async () => {
    await delegate()
    const from = (await net.contracts.params.read.currentEpoch()) + 2n
    const next = keccak256(toHex('uptime parameters v2'))
    const p = proposal(net.deployment.params, encodeFunctionData({ abi: networkParamsAbi, functionName: 'schedule', args: ['kind/uptime', next, from] }), 'Uptime v2')
    await passAndQueue(p)
    await net.travel(BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds + 1))
    await p.execute()
    expect(await net.contracts.params.read.paramsAt(['kind/uptime', from - 1n])).toEqual([UPTIME_PARAMS, 0n])
    expect(await net.contracts.params.read.paramsAt(['kind/uptime', from])).toEqual([next, from])
  })

  it('is the only path: neither the governor, the largest holder nor the guardian can act directly', async () => {
    await delegate()
    const call = { ...distributor(), functionName: 'replaceOracle', args: [net.accounts.oracles[1]!.address, net.accounts.users[4]!.address] } as const
    for (const caller of [net.deployment.governor, voter().address, net.accounts.guardian.address]) {
      expect(await revertOf(net.sendAs(caller, call))).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [caller, ORACLE_MANAGER_ROLE] })
    }
    // Only the governor may put an operation in the timelock.
    const data = encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'setQuorum', args: [3] })
    const schedule = { ...net.contracts.timelock, functionName: 'schedule', args: [net.deployment.distributor, 0n, data, word(0), word(1), 10n ** 6n] } as const
    for (const caller of [voter().address, net.accounts.guardian.address]) {
      expect(await revertOf(net.sendAs(caller, schedule))).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [caller, PROPOSER_ROLE] })
    }
  })

  it('removes a guardian by proposal, which the guardian cannot cancel (it holds no timelock role)', async () => {
    await delegate()
    const p = proposal(net.deployment.distributor, encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'removeGuardian' }), 'Remove the guardian')
    await passAndQueue(p)
    const cancel = { ...net.contracts.timelock, functionName: 'cancel', args: [await p.timelockId()] } as const
    expect(await revertOf(net.sendAs(net.accounts.guardian.address, cancel))).toEqual({
      name: 'AccessControlUnauthorizedAccount',
      args: [net.accounts.guardian.address, CANCELLER_ROLE],
    })
    await net.travel(BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds + 1))
    await p.execute()
    expect(await p.state()).toBe(State.Executed)
    expect(await distributor().read.guardian()).toBe(zeroAddress)
  })

  it('defeats a proposal that misses the quorum', async () => {
    await delegate()
    // A small holder's vote alone: the quorum is 4% of the supply at the snapshot, 10 tokens are 0.01%.
    const small = net.accounts.users[1]!
    await net.send(voter(), { ...net.contracts.token, functionName: 'transfer', args: [small.address, 10n * TOKEN] })
    await net.send(small, { ...net.contracts.token, functionName: 'delegate', args: [small.address] })
    await net.travel(1n)
    const data = encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'setQuorum', args: [3] })
    const p = proposal(net.deployment.distributor, data, 'Quorum 3')
    await net.send(small, { ...governor(), functionName: 'propose', args: [[net.deployment.distributor], [0n], [data], 'Quorum 3'] })
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingDelaySeconds + 1))
    await net.send(small, { ...governor(), functionName: 'castVote', args: [await p.id(), VOTE_FOR] })
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingPeriodSeconds + 1))
    expect(await p.state()).toBe(State.Defeated)
    expect(await p.executeFails()).toMatchObject({ name: 'GovernorUnexpectedProposalState' })
  })
})
