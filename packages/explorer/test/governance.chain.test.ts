/**
 * The Governance page's loader against a real chain, through the explorer's own /rpc proxy (so the
 * proxy forwards every method the page needs): the oracle set with announced URLs, the guardian,
 * proposals with their calls in words, the timelock queue and the parameters in force. It lives
 * outside app/ because it starts anvil (Node), which the browser tsconfig leaves out.
 */
import { DEVNET_GOVERNANCE, type GovernanceAction, devnetAccounts, encodeAction, proposalDescription } from '@pinion/contracts'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Hex, createPublicClient, http, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { paramsView, timelockQueue } from '../app/governance/governanceView.ts'
import { type Governance, readGovernance } from '../app/governance/readGovernance.ts'
import { registerRpcProxy } from '../server/rpcProxy.ts'

const admin = devnetAccounts(1)[0]!.address
const GENESIS = 100_000n * 10n ** 18n
const UPTIME = keccak256(toHex('uptime parameters v1'))

describe("the Governance page's data, read through /rpc", () => {
  let net: Network
  let proxy: FastifyInstance
  let governance: Governance
  let queuedAt: bigint
  const replacement = devnetAccounts(10)[9]!.address

  beforeAll(async () => {
    net = await workerNetwork({
      registryAdmin: false,
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: admin, amount: GENESIS }] },
        params: [{ name: 'kind/uptime', hash: UPTIME }],
      },
    })
    const [a, b] = net.accounts.oracles
    await net.send(a!, { ...net.contracts.distributor, functionName: 'announceUrl', args: ['http://oracle-a.example'] })
    await net.send(a!, { ...net.contracts.distributor, functionName: 'announceUrl', args: ['https://oracle-a.example/v2'] })

    // The treasury delegates, proposes to replace oracle B, votes and queues; then proposes a quorum change it leaves pending.
    const { governor } = net.contracts
    await net.send(net.accounts.admin, { ...net.contracts.token, functionName: 'delegate', args: [admin] })
    await net.travel(1n)
    const proposeActions = async (actions: GovernanceAction[]) => {
      const calls = actions.map((action) => encodeAction(action, net.deployment))
      const args = [calls.map((c) => c.target), calls.map((c) => c.value), calls.map((c) => c.data)] as const
      const description = proposalDescription(actions, { oracleCount: 3 })
      await net.send(net.accounts.admin, { ...governor, functionName: 'propose', args: [...args, description] })
      return { args, descriptionHash: keccak256(toHex(description)) as Hex, id: await governor.read.hashProposal([...args, keccak256(toHex(description))]) }
    }
    const replace = await proposeActions([{ action: 'replace-oracle', oracle: b!.address, replacement }])
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingDelaySeconds + 1))
    await net.send(net.accounts.admin, { ...governor, functionName: 'castVote', args: [replace.id, 1] })
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingPeriodSeconds + 1))
    const receipt = await net.send(net.accounts.admin, { ...governor, functionName: 'queue', args: [...replace.args, replace.descriptionHash] })
    queuedAt = (await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp
    await proposeActions([{ action: 'schedule-params', name: 'kind/uptime', hash: keccak256(toHex('uptime parameters v2')), fromEpoch: 9n }])

    proxy = Fastify()
    registerRpcProxy(proxy, net.devnet.rpcUrl)
    const url = await proxy.listen({ host: '127.0.0.1', port: 0 })
    const client = createPublicClient({ chain: net.chain, transport: http(`${url}/rpc`) })
    const { distributor, registry, params, timelock, governor: governorAddress } = net.deployment
    governance = await readGovernance(client, { distributor, registry, params, timelock, governor: governorAddress }, net.deployment.blockNumber)
  })
  revertEachTest(() => net)
  afterAll(async () => {
    await proxy?.close()
    await net?.stop()
  })

  it('shows the oracle set with each oracle’s latest announced URL, its quorum, version and dispute window', () => {
    expect(governance.oracles).toEqual(net.accounts.oracles.map((o, i) => ({ address: o.address, url: i === 0 ? 'https://oracle-a.example/v2' : null })))
    expect(governance).toMatchObject({
      quorum: 2,
      version: 0,
      disputeWindow: BigInt(net.params.disputeWindowSeconds),
      timelockDelay: BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds),
    })
  })

  it('shows each Guarded contract’s guardian and that neither is paused', () => {
    expect(governance.guarded).toEqual([
      { contract: 'distributor', guardian: net.accounts.guardian.address, pendingGuardian: '0x0000000000000000000000000000000000000000', paused: false },
      { contract: 'registry', guardian: net.accounts.guardian.address, pendingGuardian: '0x0000000000000000000000000000000000000000', paused: false },
    ])
  })

  it('shows proposals with their calls in words, state and votes, and the queued one in the timelock queue', () => {
    const b = net.accounts.oracles[1]!.address
    expect(governance.proposals.map((p) => [p.state, p.words, p.descriptionMatches])).toEqual([
      ['queued', [`replace oracle ${b} with ${replacement}`], true],
      ['pending', [`uptime parameters → hash ${keccak256(toHex('uptime parameters v2'))}, from epoch 9`], true],
    ])
    const [queued, pending] = governance.proposals
    expect(queued!.votes).toEqual({ for: GENESIS, against: 0n, abstain: 0n })
    expect(queued!.quorumReached).toBe(true)
    // 4% of the supply at the snapshot: the genesis allocation is the whole supply.
    expect(queued!.quorum).toBe(GENESIS / 25n)
    expect(pending!.quorumFinal).toBe(false)
    const eta = queuedAt + BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds)
    expect(queued!.eta).toBe(eta)
    const queue = timelockQueue(governance.proposals, governance.now)
    expect(queue.map((entry) => [entry.proposal.id, entry.eta, entry.secondsLeft])).toEqual([[queued!.id, eta, eta - governance.now]])
    expect(eta - governance.now).toBeGreaterThan(0n)
  })

  it('shows the parameters in force and since when', () => {
    expect(paramsView(governance.params.history, governance.params.currentEpoch)).toEqual([
      { name: 'kind/uptime', label: 'uptime parameters', inForce: { hash: UPTIME, fromEpoch: 0n }, scheduled: [] },
    ])
  })
})
