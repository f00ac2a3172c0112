/**
 * Fractional ownership end to end: one device's rewards go to a reward split, another's to its
 * device shares; a reward root naming them is committed by the oracle quorum; anyone's claimFor pays
 * the contracts, and the payees and holders take their parts pro rata. And the treasury: tokens the
 * timelock holds leave only by a governance proposal.
 */
import { RewardTree } from '@pinion/protocol'
import { type Account, type Address, type Hex, encodeFunctionData, keccak256, parseEventLogs, toHex, zeroHash } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi, deviceSharesAbi, deviceSharesFactoryAbi, pinionTokenAbi, rewardDistributorAbi, rewardSplitAbi, rewardSplitFactoryAbi } from '../generated/artifacts.ts'
import { DEVNET_GOVERNANCE } from '../sdk/deploy.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { claimableFrom, splitAddress } from '../sdk/ownership.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'

const TOKEN = 10n ** 18n
/** The voter's genesis allocation: it governs the treasury. */
const GENESIS_VOTES = 100_000n * TOKEN
const PROPOSER_ROLE = keccak256(toHex('PROPOSER_ROLE'))
/** OpenZeppelin's IGovernor.ProposalState. */
const Executed = 7
const VOTE_FOR = 1

describe('fractional ownership', () => {
  let net: Network
  /** Owns the device whose rewards are split. */
  let splitter: Account
  let partner: Account
  /** Owns the device whose rewards are shared as tokens. */
  let sharer: Account
  let investor: Account
  let buyer: Account
  let splitDevice: bigint
  let sharedDevice: bigint
  beforeAll(async () => {
    net = await workerNetwork({
      registryAdmin: false,
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: devnetAccounts(1)[0]!.address, amount: GENESIS_VOTES }] } },
    })
    ;[splitter, partner, sharer, investor, buyer] = net.accounts.users as [Account, Account, Account, Account, Account]
    splitDevice = await net.registerDevice(splitter.address, 'split device')
    sharedDevice = await net.registerDevice(sharer.address, 'shared device')
  })
  revertEachTest(() => net)

  const registry = () => ({ address: net.deployment.registry, abi: deviceRegistryAbi }) as const
  const balanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  /** Whom the oracles pay for a device: its recipient, or its owner when none is set. */
  const recipientOf = (deviceId: bigint) => net.publicClient.readContract({ ...registry(), functionName: 'recipientOf', args: [deviceId] })
  /** Commits, with the oracles' quorum, a root of `amounts` (cumulative, by recipient) and makes it claimable. */
  async function publish(amounts: Map<Address, bigint>) {
    const tree = RewardTree.build([...amounts].map(([recipient, cumulativeAmount]) => ({ recipient, cumulativeAmount })))
    const epoch = await net.contracts.distributor.read.nextEpoch()
    const total = [...amounts.values()].reduce((a, b) => a + b, 0n)
    const committed = await net.commitRoot({ epoch, root: tree.root, totalCumulative: total, inputsHash: word(epoch + 1n), paramsHash: word(0xa) })
    expect(parseEventLogs({ abi: rewardDistributorAbi, logs: committed.logs, eventName: 'RootCommitted' }).map((l) => l.args.root)).toEqual([tree.root])
    await net.promote()
    return (recipient: Address) => {
      const index = tree.indexOf(recipient)!
      return { cumulativeAmount: tree.entries[index]!.cumulativeAmount, proof: tree.proof(index) }
    }
  }
  const claimFor = (caller: Account, recipient: Address, entry: { cumulativeAmount: bigint; proof: Hex[] }) =>
    net.send(caller, { ...net.contracts.distributor, functionName: 'claimFor', args: [recipient, entry.cumulativeAmount, entry.proof] })

  it('pays a split’s payees and a device’s shareholders what a quorum-signed root names them, pro rata, epoch after epoch', async () => {
    // The splitter shares its device's rewards 70/30 with a partner; the sharer sells 40% of its device's.
    const payees = [splitter.address, partner.address]
    const split = splitAddress(net.deployment.splitFactory, { payees, shares: [70n, 30n] })
    await net.send(splitter, { address: net.deployment.splitFactory, abi: rewardSplitFactoryAbi, functionName: 'createSplit', args: [payees, [70n, 30n], zeroHash] })
    await net.send(splitter, { ...registry(), functionName: 'setRecipient', args: [splitDevice, split] })
    await net.send(sharer, {
      address: net.deployment.sharesFactory,
      abi: deviceSharesFactoryAbi,
      functionName: 'createShares',
      args: [sharedDevice, [sharer.address, investor.address], [60n * TOKEN, 40n * TOKEN]],
    })
    const shares = await net.publicClient.readContract({ address: net.deployment.sharesFactory, abi: deviceSharesFactoryAbi, functionName: 'sharesOf', args: [sharedDevice] })
    await net.send(sharer, { ...registry(), functionName: 'setRecipient', args: [sharedDevice, shares] })
    expect(await recipientOf(splitDevice)).toBe(split)
    expect(await recipientOf(sharedDevice)).toBe(shares)

    // Epoch 0: the oracles pay each device's recipient.
    await net.releaseEpochs(1n)
    let entryOf = await publish(
      new Map([
        [await recipientOf(splitDevice), 100n * TOKEN],
        [await recipientOf(sharedDevice), 200n * TOKEN],
      ]),
    )
    const stranger = net.accounts.maker
    expect(net.payoutsOf(await claimFor(stranger, split, entryOf(split)))).toEqual([{ recipient: split, amount: 100n * TOKEN }])
    expect(net.payoutsOf(await claimFor(stranger, shares, entryOf(shares)))).toEqual([{ recipient: shares, amount: 200n * TOKEN }])

    await net.send(stranger, { address: split, abi: rewardSplitAbi, functionName: 'releaseAll' })
    expect([await balanceOf(splitter.address), await balanceOf(partner.address)]).toEqual([70n * TOKEN, 30n * TOKEN])
    for (const holder of [sharer, investor]) await net.send(holder, { address: shares, abi: deviceSharesAbi, functionName: 'claim' })
    expect([await balanceOf(sharer.address), await balanceOf(investor.address)]).toEqual([120n * TOKEN, 80n * TOKEN])

    // The investor sells half its shares; epoch 1 brings 150 more to the split and 300 more to the shares.
    await net.send(investor, { address: shares, abi: deviceSharesAbi, functionName: 'transfer', args: [buyer.address, 20n * TOKEN] })
    await net.releaseEpochs(1n)
    entryOf = await publish(
      new Map([
        [split, 250n * TOKEN],
        [shares, 500n * TOKEN],
      ]),
    )
    // The split claims and releases in one call; the shares claim and sync in one.
    const released = await net.send(stranger, {
      address: split,
      abi: rewardSplitAbi,
      functionName: 'claimAndRelease',
      args: [entryOf(split).cumulativeAmount, entryOf(split).proof],
    })
    expect(net.payoutsOf(released)).toEqual([{ recipient: split, amount: 150n * TOKEN }])
    expect([await balanceOf(splitter.address), await balanceOf(partner.address)]).toEqual([175n * TOKEN, 75n * TOKEN])
    await net.send(stranger, { address: shares, abi: deviceSharesAbi, functionName: 'claimAndSync', args: [entryOf(shares).cumulativeAmount, entryOf(shares).proof] })
    const claimable = (holder: Account) => claimableFrom(net.publicClient, { kind: 'shares', address: shares }, holder.address)
    expect([await claimable(sharer), await claimable(investor), await claimable(buyer)]).toEqual([180n * TOKEN, 60n * TOKEN, 60n * TOKEN])
    for (const holder of [sharer, investor, buyer]) await net.send(holder, { address: shares, abi: deviceSharesAbi, functionName: 'claim' })
    expect([await balanceOf(sharer.address), await balanceOf(investor.address), await balanceOf(buyer.address)]).toEqual([300n * TOKEN, 140n * TOKEN, 60n * TOKEN])
    expect([await balanceOf(split), await balanceOf(shares)]).toEqual([0n, 0n])

    // Selling the device clears its recipient: the next roots pay its new owner, not the split.
    await net.send(splitter, { ...registry(), functionName: 'transferFrom', args: [splitter.address, buyer.address, splitDevice] })
    expect(await recipientOf(splitDevice)).toBe(buyer.address)
  })

  it('keeps the treasury’s tokens in the timelock: only a passed, queued and executed proposal spends them', async () => {
    const { timelock, governor, token } = net.contracts
    const treasury = net.deployment.timelock
    const voter = net.accounts.admin
    // The treasury pool is paid like any recipient: a root names the timelock, anyone claims for it.
    await net.releaseEpochs(1n)
    const entryOf = await publish(new Map([[treasury, 500n * TOKEN]]))
    await claimFor(buyer, treasury, entryOf(treasury))
    expect(await balanceOf(treasury)).toBe(500n * TOKEN)

    const spend = encodeFunctionData({ abi: pinionTokenAbi, functionName: 'transfer', args: [partner.address, 200n * TOKEN] })
    // Nobody moves them directly: no allowance, no proposer role (the guardian and the deployer
    // included), and the timelock executes nothing that was not scheduled and waited out.
    expect(await revertOf(net.send(buyer, { ...token, functionName: 'transferFrom', args: [treasury, buyer.address, TOKEN] }))).toEqual({
      name: 'ERC20InsufficientAllowance',
      args: [buyer.address, 0n, TOKEN],
    })
    for (const account of [net.accounts.guardian, voter, buyer]) {
      expect(await revertOf(net.send(account, { ...timelock, functionName: 'schedule', args: [net.deployment.token, 0n, spend, zeroHash, zeroHash, 10n ** 6n] }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [account.address, PROPOSER_ROLE],
      })
    }
    const operation = await timelock.read.hashOperation([net.deployment.token, 0n, spend, zeroHash, zeroHash])
    expect(await revertOf(net.send(buyer, { ...timelock, functionName: 'execute', args: [net.deployment.token, 0n, spend, zeroHash, zeroHash] }))).toMatchObject({
      name: 'TimelockUnexpectedOperationState',
      args: [operation, expect.any(String)],
    })
    expect(await balanceOf(treasury)).toBe(500n * TOKEN)

    // A proposal does: delegate, propose, vote, queue, wait out the timelock, execute.
    await net.send(voter, { ...token, functionName: 'delegate', args: [voter.address] })
    await net.travel(1n)
    const description = 'Grant 200 PIN from the treasury to the partner'
    const args = [[net.deployment.token], [0n], [spend]] as const
    const descriptionHash = keccak256(toHex(description))
    await net.send(voter, { ...governor, functionName: 'propose', args: [...args, description] })
    const id = await governor.read.hashProposal([...args, descriptionHash])
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingDelaySeconds + 1))
    await net.send(voter, { ...governor, functionName: 'castVote', args: [id, VOTE_FOR] })
    await net.travel(BigInt(DEVNET_GOVERNANCE.votingPeriodSeconds + 1))
    await net.send(voter, { ...governor, functionName: 'queue', args: [...args, descriptionHash] })
    expect(await revertOf(governor.simulate.execute([...args, descriptionHash], { account: buyer.address }))).toMatchObject({ name: 'TimelockUnexpectedOperationState' })
    await net.travel(BigInt(DEVNET_GOVERNANCE.timelockDelaySeconds + 1))
    await net.send(buyer, { ...governor, functionName: 'execute', args: [...args, descriptionHash] })
    expect(await governor.read.state([id])).toBe(Executed)
    expect(await balanceOf(treasury)).toBe(300n * TOKEN)
    expect(await balanceOf(partner.address)).toBe(200n * TOKEN)
  })
})
