import { RewardTree } from '@pinion/protocol'
import {
  type Account,
  type Address,
  type Hex,
  type TransactionReceipt,
  concatHex,
  getAddress,
  hashTypedData,
  keccak256,
  parseEventLogs,
  parseSignature,
  recoverAddress,
  serializeCompactSignature,
  signatureToCompactSignature,
  sliceHex,
  toHex,
  zeroAddress,
} from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pinionTokenAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import { type RewardRoot, rewardRootTypedData } from '../sdk/typedData.ts'
import { INITIAL_EPOCH_EMISSION, type Network, revertOf, startNetwork, word } from './fixture.ts'

const TOKEN = 10n ** 18n
/** An address no anvil key controls: `claimFor` lets anyone pay it. */
const STRANGER = getAddress('0x5ca1ab1e00000000000000000000000000c0ffee')

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n)

describe('RewardDistributor', () => {
  let net: Network
  let snapshot: Hex
  beforeAll(async () => {
    net = await startNetwork()
  })
  afterAll(() => net.stop())
  beforeEach(async () => {
    snapshot = await net.testClient.snapshot()
  })
  afterEach(async () => {
    await net.testClient.revert({ id: snapshot })
  })

  // ───────────────────────────── helpers ─────────────────────────────

  const user = (i: number) => net.accounts.users[i]!
  /** `accounts` sorted by address, the order `commitRoot` wants signatures in. */
  const ascending = (accounts: readonly Account[]) =>
    [...accounts].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
  /** The three oracles, lowest address first. */
  const oraclesAscending = () => ascending(net.accounts.oracles) as [Account, Account, Account]

  const rewardRoot = (epoch: bigint, totalCumulative = 0n, root: Hex = word(0x600d)): RewardRoot => ({
    epoch,
    root,
    totalCumulative,
    inputsHash: word(0x1a),
    paramsHash: word(0x2b),
  })
  const typedDataOf = (root: RewardRoot) => rewardRootTypedData(net.chain.id, net.deployment.distributor, root)
  /** A full 65-byte signature of `root` by `signer`. */
  const signatureOf = (signer: Account, root: RewardRoot) => signer.signTypedData!(typedDataOf(root))
  const compact = (signature: Hex) => serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)))
  /** Compact signatures of `root` by `signers`, concatenated in exactly the given order. */
  const packInOrder = async (root: RewardRoot, signers: readonly Account[]) =>
    concatHex(await Promise.all(signers.map(async (signer) => compact(await signatureOf(signer, root)))))

  const distributor = () => net.contracts.distributor
  const commitFails = (root: RewardRoot, signatures: Hex, from: Account = user(0)) =>
    revertOf(distributor().simulate.commitRoot([root, signatures], { account: from.address }))
  const commitWith = (root: RewardRoot, signatures: Hex, from: Account = user(0)) =>
    net.send(from, { ...distributor(), functionName: 'commitRoot', args: [root, signatures] })
  const managerRole = () => distributor().read.ORACLE_MANAGER_ROLE()

  const eventsOf = <const name extends 'RootCommitted' | 'Funded' | 'OracleAdded' | 'OracleRemoved' | 'QuorumChanged'>(
    receipt: TransactionReceipt,
    eventName: name,
  ) => parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName }).map((log) => log.args)

  const balanceOf = (account: Address) => net.contracts.token.read.balanceOf([account])
  const balancesOf = (accounts: readonly Address[]) => Promise.all(accounts.map(balanceOf))

  /** The recipients of the claim tests: three anvil accounts and one address nobody holds the key of. */
  const recipients = () => [user(1).address, user(2).address, user(3).address, STRANGER]
  const treeOf = (amounts: readonly bigint[]) =>
    RewardTree.build(recipients().map((recipient, i) => ({ recipient, cumulativeAmount: amounts[i] ?? 0n })))
  /** Commits a root (signed by the default quorum) over `amounts`, one per recipient. */
  async function publish(epoch: bigint, amounts: readonly bigint[]) {
    const tree = treeOf(amounts)
    await net.commitRoot(rewardRoot(epoch, sum(amounts), tree.root))
    return tree
  }
  function entryOf(tree: RewardTree, recipient: Address) {
    const index = tree.indexOf(recipient)
    if (index === undefined) throw new Error(`${recipient} is not in the tree`)
    return { recipient, cumulativeAmount: tree.entries[index]!.cumulativeAmount, proof: tree.proof(index) }
  }
  const claim = (account: Account, tree: RewardTree) => {
    const { cumulativeAmount, proof } = entryOf(tree, account.address)
    return net.send(account, { ...distributor(), functionName: 'claim', args: [cumulativeAmount, proof] })
  }
  const claimFor = (caller: Account, tree: RewardTree, recipient: Address) => {
    const { cumulativeAmount, proof } = entryOf(tree, recipient)
    return net.send(caller, { ...distributor(), functionName: 'claimFor', args: [recipient, cumulativeAmount, proof] })
  }

  /** Gives `holder` `amount` tokens through an emission release, a one-entry root and a claim. */
  async function payOut(holder: Account, amount: bigint) {
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([{ recipient: holder.address, cumulativeAmount: amount }])
    await net.commitRoot(rewardRoot(await distributor().read.nextEpoch(), amount, tree.root))
    await claim(holder, tree)
  }

  // ───────────────────────────── roots ─────────────────────────────

  describe('commitRoot', () => {
    it('commits a root signed by two of three oracles, emitting RootCommitted and advancing latestRoot and nextEpoch', async () => {
      await net.releaseEpochs(1n)
      const root = rewardRoot(0n, 600n * TOKEN, word(0xabc))
      const [first, second] = oraclesAscending()
      const receipt = await commitWith(root, await packInOrder(root, [first, second]))

      expect(eventsOf(receipt, 'RootCommitted')).toEqual([root])
      expect(await distributor().read.latestRoot()).toEqual([0n, root.root, 600n * TOKEN])
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })

    it('accepts signatures from all three oracles when the quorum is two', async () => {
      const root = rewardRoot(3n)
      await commitWith(root, await packInOrder(root, oraclesAscending()))
      expect(await distributor().read.latestRoot()).toEqual([3n, root.root, 0n])
      expect(await distributor().read.nextEpoch()).toBe(4n)
    })

    it('lets an account outside the oracle set submit a properly signed root', async () => {
      const submitter = net.accounts.maker
      expect(await distributor().read.isOracle([submitter.address])).toBe(false)
      const root = rewardRoot(0n)
      const receipt = await commitWith(root, await net.signRoot(root), submitter)
      expect(receipt.from).toBe(submitter.address.toLowerCase())
      expect(await distributor().read.latestRoot()).toEqual([0n, root.root, 0n])
    })

    it('computes the same EIP-712 digest the oracles sign', async () => {
      const root = rewardRoot(7n, 12345n, word(0xfeed))
      expect(await distributor().read.rewardRootDigest([root])).toBe(hashTypedData(typedDataOf(root)))
    })

    it('rejects a single oracle signature with InsufficientSignatures(1, 2), and no signature with (0, 2)', async () => {
      const root = rewardRoot(0n)
      const [first] = oraclesAscending()
      expect(await commitFails(root, await packInOrder(root, [first]))).toEqual({
        name: 'InsufficientSignatures',
        args: [1n, 2n],
      })
      expect(await commitFails(root, '0x')).toEqual({ name: 'InsufficientSignatures', args: [0n, 2n] })
    })

    it('rejects the same oracle signing twice with SignersNotAscending(oracle, oracle)', async () => {
      const root = rewardRoot(0n)
      const oracle = net.accounts.oracles[0]!
      const once = compact(await signatureOf(oracle, root))
      expect(await commitFails(root, concatHex([once, once]))).toEqual({
        name: 'SignersNotAscending',
        args: [oracle.address, oracle.address],
      })
    })

    it('rejects signatures in descending signer order with SignersNotAscending(previous, signer)', async () => {
      const root = rewardRoot(0n)
      const [low, high] = oraclesAscending()
      expect(await commitFails(root, await packInOrder(root, [high, low]))).toEqual({
        name: 'SignersNotAscending',
        args: [high.address, low.address],
      })
    })

    it('rejects a signature by an account outside the oracle set with SignerNotOracle(signer), wherever it sorts', async () => {
      const root = rewardRoot(0n)
      const [low, middle, high] = oraclesAscending()
      // users[2] sorts below every oracle, users[4] above every oracle.
      const below = user(2)
      const above = user(4)
      expect(BigInt(below.address) < BigInt(low.address)).toBe(true)
      expect(BigInt(above.address) > BigInt(high.address)).toBe(true)

      expect(await commitFails(root, await packInOrder(root, [below, low]))).toEqual({
        name: 'SignerNotOracle',
        args: [below.address],
      })
      // A quorum of genuine signatures does not excuse an extra outsider.
      expect(await commitFails(root, await packInOrder(root, [low, middle, above]))).toEqual({
        name: 'SignerNotOracle',
        args: [above.address],
      })
    })

    it('rejects an all-zero signature with InvalidSignature(index)', async () => {
      const root = rewardRoot(0n)
      const [low] = oraclesAscending()
      const genuine = compact(await signatureOf(low, root))
      const zero = word(0)
      expect(await commitFails(root, concatHex([zero, zero, genuine]))).toEqual({
        name: 'InvalidSignature',
        args: [0n],
      })
      expect(await commitFails(root, concatHex([genuine, zero, zero]))).toEqual({
        name: 'InvalidSignature',
        args: [1n],
      })
    })

    it('rejects a forged signature with an s above half the curve order with InvalidSignature(index)', async () => {
      const root = rewardRoot(0n)
      const [low] = oraclesAscending()
      const genuine = compact(await signatureOf(low, root))
      const forged = concatHex([sliceHex(genuine, 0, 32), `0x7${'f'.repeat(63)}`])
      expect(await commitFails(root, concatHex([genuine, forged]))).toEqual({ name: 'InvalidSignature', args: [1n] })
    })

    it('rejects fixed pseudo-random r and vs bytes with SignerNotOracle(the address they happen to recover to)', async () => {
      const root = rewardRoot(0n)
      const r = keccak256(toHex('forged r'))
      // Clear the yParity bit and the next one, so s stays below half the curve order.
      const s = BigInt(keccak256(toHex('forged s'))) >> 2n
      const forged = concatHex([r, word(s)])
      const recovered = await recoverAddress({ hash: hashTypedData(typedDataOf(root)), signature: { r, s: word(s), yParity: 0 } })
      expect(await distributor().read.isOracle([recovered])).toBe(false)
      expect(await commitFails(root, concatHex([forged, forged]))).toEqual({ name: 'SignerNotOracle', args: [recovered] })
    })

    it('rejects an oracle signature of a different root with SignerNotOracle(the address it recovers to)', async () => {
      const submitted = rewardRoot(0n, 0n, word(1))
      const other = rewardRoot(0n, 0n, word(2))
      const [low, middle] = oraclesAscending()
      const wrong = await signatureOf(low, other)
      const recovered = await recoverAddress({ hash: hashTypedData(typedDataOf(submitted)), signature: wrong })
      expect(recovered).not.toBe(low.address)
      expect(await distributor().read.isOracle([recovered])).toBe(false)
      const signatures = concatHex([compact(wrong), compact(await signatureOf(middle, submitted))])
      expect(await commitFails(submitted, signatures)).toEqual({ name: 'SignerNotOracle', args: [recovered] })
    })

    it('rejects signatures over a different totalCumulative than the one submitted', async () => {
      await net.releaseEpochs(1n)
      const signed = rewardRoot(0n, 500n * TOKEN)
      const submitted = { ...signed, totalCumulative: 400n * TOKEN }
      const [low, middle] = oraclesAscending()
      const lowSignature = await signatureOf(low, signed)
      const recovered = await recoverAddress({ hash: hashTypedData(typedDataOf(submitted)), signature: lowSignature })
      const signatures = concatHex([compact(lowSignature), compact(await signatureOf(middle, signed))])
      expect(await commitFails(submitted, signatures)).toEqual({ name: 'SignerNotOracle', args: [recovered] })
      // The same signatures do commit the values they were made for.
      await commitWith(signed, signatures)
      expect(await distributor().read.latestRoot()).toEqual([0n, signed.root, 500n * TOKEN])
    })

    it('rejects signature bytes whose length is not a multiple of 64 with MalformedSignatures(length)', async () => {
      const root = rewardRoot(0n)
      const signatures = await net.signRoot(root)
      expect(await commitFails(root, concatHex([signatures, '0x00']))).toEqual({
        name: 'MalformedSignatures',
        args: [129n],
      })
      expect(await commitFails(root, sliceHex(signatures, 0, 127))).toEqual({ name: 'MalformedSignatures', args: [127n] })
    })

    it('accepts a first root at any epoch, then rejects epochs not above the last with EpochNotIncreasing(epoch, nextEpoch)', async () => {
      await net.commitRoot(rewardRoot(5n))
      expect(await distributor().read.nextEpoch()).toBe(6n)
      for (const epoch of [5n, 4n, 0n]) {
        const root = rewardRoot(epoch)
        expect(await commitFails(root, await net.signRoot(root))).toEqual({ name: 'EpochNotIncreasing', args: [epoch, 6n] })
      }
      await net.commitRoot(rewardRoot(9n))
      expect(await distributor().read.nextEpoch()).toBe(10n)
    })

    it('reserves the last uint64 epoch, so a root can always follow the latest one', async () => {
      const MAX_EPOCH = 2n ** 64n - 1n
      const last = rewardRoot(MAX_EPOCH)
      expect(await commitFails(last, await net.signRoot(last))).toEqual({ name: 'EpochNotIncreasing', args: [MAX_EPOCH, 0n] })
      await net.commitRoot(rewardRoot(MAX_EPOCH - 1n))
      expect(await distributor().read.nextEpoch()).toBe(MAX_EPOCH)
    })

    it('rejects a totalCumulative below the last root with CumulativeDecreased(totalCumulative, previous)', async () => {
      await net.releaseEpochs(1n)
      await net.commitRoot(rewardRoot(0n, 300n * TOKEN))
      const root = rewardRoot(1n, 300n * TOKEN - 1n)
      expect(await commitFails(root, await net.signRoot(root))).toEqual({
        name: 'CumulativeDecreased',
        args: [300n * TOKEN - 1n, 300n * TOKEN],
      })
      // An unchanged total is fine.
      await net.commitRoot(rewardRoot(1n, 300n * TOKEN))
      expect(await distributor().read.latestRoot()).toEqual([1n, word(0x600d), 300n * TOKEN])
    })

    it('rejects a totalCumulative above what was funded with RootExceedsFunding(totalCumulative, funded)', async () => {
      expect(await distributor().read.funded()).toBe(0n)
      const early = rewardRoot(0n, 1n)
      expect(await commitFails(early, await net.signRoot(early))).toEqual({ name: 'RootExceedsFunding', args: [1n, 0n] })

      await net.releaseEpochs(2n)
      const funded = 2n * INITIAL_EPOCH_EMISSION
      expect(await distributor().read.funded()).toBe(funded)
      const over = rewardRoot(0n, funded + 1n)
      expect(await commitFails(over, await net.signRoot(over))).toEqual({
        name: 'RootExceedsFunding',
        args: [funded + 1n, funded],
      })
      await net.commitRoot(rewardRoot(0n, funded))
      expect(await distributor().read.latestRoot()).toEqual([0n, word(0x600d), funded])
    })
  })

  describe('latestRoot', () => {
    it('reverts with NoRootCommitted before the first root', async () => {
      expect(await revertOf(distributor().read.latestRoot())).toEqual({ name: 'NoRootCommitted', args: [] })
      expect(await distributor().read.nextEpoch()).toBe(0n)
    })
  })

  // ───────────────────────────── claims ─────────────────────────────

  describe('claim', () => {
    it('pays exactly the cumulative amount minus what was already claimed', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(1)
      const first = await publish(0n, [100n * TOKEN, 250n * TOKEN, 40n * TOKEN, 10n * TOKEN])
      const [before, distributorBefore] = await balancesOf([claimer.address, net.deployment.distributor])

      const receipt = await claim(claimer, first)
      expect(net.payoutsOf(receipt)).toEqual([
        { recipient: claimer.address, amount: 100n * TOKEN },
      ])
      expect(await balanceOf(claimer.address)).toBe(before! + 100n * TOKEN)
      expect(await balanceOf(net.deployment.distributor)).toBe(distributorBefore! - 100n * TOKEN)
      expect(await distributor().read.claimed([claimer.address])).toBe(100n * TOKEN)

      const second = await publish(1n, [160n * TOKEN, 250n * TOKEN, 40n * TOKEN, 10n * TOKEN])
      expect(await distributor().simulate.claim([160n * TOKEN, entryOf(second, claimer.address).proof], { account: claimer.address }))
        .toMatchObject({ result: 60n * TOKEN })
      const receipt2 = await claim(claimer, second)
      expect(net.payoutsOf(receipt2)).toEqual([
        { recipient: claimer.address, amount: 60n * TOKEN },
      ])
      expect(await balanceOf(claimer.address)).toBe(before! + 160n * TOKEN)
      expect(await distributor().read.claimed([claimer.address])).toBe(160n * TOKEN)
    })

    it('pays nothing and changes nothing when claimed again with the same proof', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(2)
      const tree = await publish(0n, [1n, 77n * TOKEN, 3n, 4n])
      await claim(claimer, tree)
      const watched = [claimer.address, net.deployment.distributor]
      const before = await balancesOf(watched)

      const { cumulativeAmount, proof } = entryOf(tree, claimer.address)
      expect(await distributor().simulate.claim([cumulativeAmount, proof], { account: claimer.address })).toMatchObject({ result: 0n })
      const receipt = await claim(claimer, tree)
      expect(net.payoutsOf(receipt)).toEqual([])
      expect(await balancesOf(watched)).toEqual(before)
      expect(await distributor().read.claimed([claimer.address])).toBe(77n * TOKEN)
    })

    it('pays an entry of zero nothing, without a transfer', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [0n, 5n, 6n, 7n])
      const receipt = await claim(user(1), tree)
      expect(net.payoutsOf(receipt)).toEqual([])
      expect(await balanceOf(user(1).address)).toBe(0n)
      expect(await distributor().read.claimed([user(1).address])).toBe(0n)
    })

    it('pays the growth of several epochs in one claim after a later root', async () => {
      await net.releaseEpochs(2n)
      const claimer = user(3)
      const amountsByEpoch = [
        [10n * TOKEN, 20n * TOKEN, 30n * TOKEN, 40n * TOKEN],
        [15n * TOKEN, 20n * TOKEN, 95n * TOKEN, 40n * TOKEN],
        [15n * TOKEN, 80n * TOKEN, 130n * TOKEN, 41n * TOKEN],
        [16n * TOKEN, 80n * TOKEN, 301n * TOKEN, 41n * TOKEN],
      ]
      const first = await publish(0n, amountsByEpoch[0]!)
      await claim(claimer, first)
      expect(await balanceOf(claimer.address)).toBe(30n * TOKEN)

      let latest = first
      for (const [i, amounts] of amountsByEpoch.slice(1).entries()) latest = await publish(BigInt(i + 1), amounts)
      const receipt = await claim(claimer, latest)
      expect(net.payoutsOf(receipt)).toEqual([
        { recipient: claimer.address, amount: 271n * TOKEN },
      ])
      expect(await balanceOf(claimer.address)).toBe(301n * TOKEN)
    })

    it('rejects a wrong amount or another entry\'s proof with InvalidProof(recipient, cumulativeAmount)', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(1)
      const tree = await publish(0n, [100n, 200n, 300n, 400n])
      const { proof } = entryOf(tree, claimer.address)
      expect(await revertOf(distributor().simulate.claim([101n, proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 101n],
      })
      expect(await revertOf(distributor().simulate.claim([99n, proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 99n],
      })
      const otherProof = entryOf(tree, user(2).address).proof
      expect(await revertOf(distributor().simulate.claim([100n, otherProof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 100n],
      })
      // Another recipient's amount and proof do not pay the caller either.
      expect(await revertOf(distributor().simulate.claim([200n, otherProof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 200n],
      })
    })

    it('rejects a proof of an older root once a newer one is committed', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(1)
      const old = await publish(0n, [100n, 200n, 300n, 400n])
      await publish(1n, [150n, 200n, 300n, 400n])
      const { proof } = entryOf(old, claimer.address)
      expect(await revertOf(distributor().simulate.claim([100n, proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 100n],
      })
    })

    it('rejects every claim with InvalidProof before any root, as the root is still zero', async () => {
      const claimer = user(1)
      const orphan = treeOf([1n, 2n, 3n, 4n])
      const { cumulativeAmount, proof } = entryOf(orphan, claimer.address)
      expect(await revertOf(distributor().simulate.claim([cumulativeAmount, proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 1n],
      })
      expect(await revertOf(distributor().simulate.claim([0n, []], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 0n],
      })
      expect(await revertOf(distributor().simulate.claimFor([zeroAddress, 0n, []], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [zeroAddress, 0n],
      })
    })
  })

  describe('claimFor', () => {
    it('pays the recipient, not the third party that sends it', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [11n * TOKEN, 22n * TOKEN, 33n * TOKEN, 44n * TOKEN])
      const caller = net.accounts.maker
      const recipient = user(2)
      const receipt = await claimFor(caller, tree, recipient.address)
      expect(receipt.from).toBe(caller.address.toLowerCase())
      expect(net.payoutsOf(receipt)).toEqual([
        { recipient: recipient.address, amount: 22n * TOKEN },
      ])
      expect(await balanceOf(recipient.address)).toBe(22n * TOKEN)
      expect(await balanceOf(caller.address)).toBe(0n)
      expect(await distributor().read.claimed([caller.address])).toBe(0n)
    })

    it('pays an address whose key nobody here holds', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [11n, 22n, 33n, 44n])
      const receipt = await claimFor(user(1), tree, STRANGER)
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: STRANGER, amount: 44n }])
      expect(await balanceOf(STRANGER)).toBe(44n)
      expect(await balanceOf(user(1).address)).toBe(0n)
    })
  })

  describe('claimMany', () => {
    it('pays several recipients in one transaction and returns the total', async () => {
      await net.releaseEpochs(1n)
      const amounts = [5n * TOKEN, 6n * TOKEN, 7n * TOKEN, 8n * TOKEN]
      const tree = await publish(0n, amounts)
      // users[1] already took its share, so only the other three are paid.
      await claim(user(1), tree)
      const claims = recipients().map((recipient) => entryOf(tree, recipient))
      const caller = net.accounts.maker
      const distributorBefore = await balanceOf(net.deployment.distributor)

      expect(await distributor().simulate.claimMany([claims], { account: caller.address })).toMatchObject({ result: 21n * TOKEN })
      const receipt = await net.send(caller, { ...distributor(), functionName: 'claimMany', args: [claims] })
      expect(net.payoutsOf(receipt)).toEqual(
        recipients()
          .slice(1)
          .map((recipient, i) => ({ recipient, amount: amounts[i + 1] })),
      )
      expect(await balancesOf(recipients())).toEqual(amounts)
      expect(await balanceOf(net.deployment.distributor)).toBe(distributorBefore - 21n * TOKEN)
    })

    it('reverts the whole batch with InvalidProof when one claim is wrong', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [5n, 6n, 7n, 8n])
      const claims = recipients().map((recipient) => entryOf(tree, recipient))
      claims[2] = { ...claims[2]!, cumulativeAmount: 70n }
      expect(await revertOf(distributor().simulate.claimMany([claims], { account: user(0).address }))).toEqual({
        name: 'InvalidProof',
        args: [recipients()[2], 70n],
      })
    })
  })

  // ───────────────────────────── oracle set ─────────────────────────────

  describe('addOracle', () => {
    it('rejects a caller without ORACLE_MANAGER_ROLE with AccessControlUnauthorizedAccount(caller, role)', async () => {
      const outsider = net.accounts.oracles[0]!
      expect(await revertOf(distributor().simulate.addOracle([user(4).address], { account: outsider.address }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [outsider.address, await managerRole()],
      })
    })

    it('rejects the zero address with InvalidOracle and an existing oracle with OracleAlreadyAdded', async () => {
      const admin = net.accounts.admin
      expect(await revertOf(distributor().simulate.addOracle([zeroAddress], { account: admin.address }))).toEqual({
        name: 'InvalidOracle',
        args: [zeroAddress],
      })
      const existing = net.accounts.oracles[1]!.address
      expect(await revertOf(distributor().simulate.addOracle([existing], { account: admin.address }))).toEqual({
        name: 'OracleAlreadyAdded',
        args: [existing],
      })
    })

    it('adds an oracle whose signature then counts towards the quorum', async () => {
      const newcomer = user(4)
      const receipt = await net.send(net.accounts.admin, { ...distributor(), functionName: 'addOracle', args: [newcomer.address] })
      expect(eventsOf(receipt, 'OracleAdded')).toEqual([{ oracle: newcomer.address }])
      expect(await distributor().read.isOracle([newcomer.address])).toBe(true)
      expect(await distributor().read.oracleCount()).toBe(4n)
      // Adding the same account a second time now fails.
      expect(await revertOf(distributor().simulate.addOracle([newcomer.address], { account: net.accounts.admin.address }))).toEqual({
        name: 'OracleAlreadyAdded',
        args: [newcomer.address],
      })
      const root = rewardRoot(0n)
      await net.commitRoot(root, [net.accounts.oracles[2]!, newcomer])
      expect(await distributor().read.latestRoot()).toEqual([0n, root.root, 0n])
    })
  })

  describe('removeOracle', () => {
    it('rejects a caller without ORACLE_MANAGER_ROLE with AccessControlUnauthorizedAccount(caller, role)', async () => {
      const outsider = user(0)
      const oracle = net.accounts.oracles[0]!.address
      expect(await revertOf(distributor().simulate.removeOracle([oracle], { account: outsider.address }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [outsider.address, await managerRole()],
      })
    })

    it('rejects an address outside the set with OracleNotFound', async () => {
      const stranger = user(3).address
      expect(await revertOf(distributor().simulate.removeOracle([stranger], { account: net.accounts.admin.address }))).toEqual({
        name: 'OracleNotFound',
        args: [stranger],
      })
    })

    it('rejects a removal that would leave fewer oracles than the quorum with InvalidQuorum(quorum, count)', async () => {
      await net.send(net.accounts.admin, { ...distributor(), functionName: 'setQuorum', args: [3] })
      const oracle = net.accounts.oracles[0]!.address
      expect(await revertOf(distributor().simulate.removeOracle([oracle], { account: net.accounts.admin.address }))).toEqual({
        name: 'InvalidQuorum',
        args: [3n, 2n],
      })
      expect(await distributor().read.isOracle([oracle])).toBe(true)
      expect(await distributor().read.oracleCount()).toBe(3n)
    })

    it('removes an oracle whose signature then fails with SignerNotOracle', async () => {
      const [low, middle] = oraclesAscending()
      const receipt = await net.send(net.accounts.admin, { ...distributor(), functionName: 'removeOracle', args: [middle.address] })
      expect(eventsOf(receipt, 'OracleRemoved')).toEqual([{ oracle: middle.address }])
      expect(await distributor().read.isOracle([middle.address])).toBe(false)
      expect(await distributor().read.oracleCount()).toBe(2n)
      const root = rewardRoot(0n)
      expect(await commitFails(root, await packInOrder(root, [low, middle]))).toEqual({
        name: 'SignerNotOracle',
        args: [middle.address],
      })
      expect(await revertOf(distributor().simulate.removeOracle([middle.address], { account: net.accounts.admin.address }))).toEqual({
        name: 'OracleNotFound',
        args: [middle.address],
      })
    })
  })

  describe('setQuorum', () => {
    it('rejects a caller without ORACLE_MANAGER_ROLE with AccessControlUnauthorizedAccount(caller, role)', async () => {
      const outsider = net.accounts.maker
      expect(await revertOf(distributor().simulate.setQuorum([1], { account: outsider.address }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [outsider.address, await managerRole()],
      })
    })

    it('rejects zero and more than the oracle count with InvalidQuorum(quorum, count)', async () => {
      const admin = net.accounts.admin
      expect(await revertOf(distributor().simulate.setQuorum([0], { account: admin.address }))).toEqual({
        name: 'InvalidQuorum',
        args: [0n, 3n],
      })
      expect(await revertOf(distributor().simulate.setQuorum([4], { account: admin.address }))).toEqual({
        name: 'InvalidQuorum',
        args: [4n, 3n],
      })
      expect(await distributor().read.quorum()).toBe(2n)
    })

    it('raises the quorum, after which two signatures are InsufficientSignatures(2, 3)', async () => {
      const receipt = await net.send(net.accounts.admin, { ...distributor(), functionName: 'setQuorum', args: [3] })
      expect(eventsOf(receipt, 'QuorumChanged')).toEqual([{ quorum: 3n }])
      expect(await distributor().read.quorum()).toBe(3n)
      const root = rewardRoot(0n)
      const [low, middle] = oraclesAscending()
      expect(await commitFails(root, await packInOrder(root, [low, middle]))).toEqual({
        name: 'InsufficientSignatures',
        args: [2n, 3n],
      })
      await commitWith(root, await packInOrder(root, oraclesAscending()))
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })
  })

  describe('grantRole', () => {
    it('lets an account the admin grants ORACLE_MANAGER_ROLE manage the oracle set', async () => {
      const manager = net.accounts.maker
      const role = await managerRole()
      expect(role).toBe(keccak256(toHex('ORACLE_MANAGER_ROLE')))
      expect(await revertOf(distributor().simulate.setQuorum([1], { account: manager.address }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [manager.address, role],
      })

      await net.send(net.accounts.admin, { ...distributor(), functionName: 'grantRole', args: [role, manager.address] })
      const newcomer = user(4).address
      const removed = net.accounts.oracles[0]!.address
      await net.send(manager, { ...distributor(), functionName: 'addOracle', args: [newcomer] })
      await net.send(manager, { ...distributor(), functionName: 'removeOracle', args: [removed] })
      await net.send(manager, { ...distributor(), functionName: 'setQuorum', args: [1] })
      expect(await distributor().read.isOracle([newcomer])).toBe(true)
      expect(await distributor().read.isOracle([removed])).toBe(false)
      expect(await distributor().read.oracleCount()).toBe(3n)
      expect(await distributor().read.quorum()).toBe(1n)
    })
  })

  // ───────────────────────────── funding ─────────────────────────────

  describe('fund', () => {
    it('lets any token holder fund: Funded event, funded() and the balance grow, and roots may use it', async () => {
      const funder = user(1)
      await payOut(funder, 300n * TOKEN)
      const fundedBefore = await distributor().read.funded()
      const balanceBefore = await balanceOf(net.deployment.distributor)
      expect(fundedBefore).toBe(INITIAL_EPOCH_EMISSION)

      await net.send(funder, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.distributor, 120n * TOKEN] })
      const receipt = await net.send(funder, { ...distributor(), functionName: 'fund', args: [120n * TOKEN] })
      expect(eventsOf(receipt, 'Funded')).toEqual([
        { funder: funder.address, amount: 120n * TOKEN, totalFunded: fundedBefore + 120n * TOKEN },
      ])
      expect(await distributor().read.funded()).toBe(fundedBefore + 120n * TOKEN)
      expect(await balanceOf(net.deployment.distributor)).toBe(balanceBefore + 120n * TOKEN)
      expect(await balanceOf(funder.address)).toBe(180n * TOKEN)

      const everything = rewardRoot(await distributor().read.nextEpoch(), fundedBefore + 120n * TOKEN)
      await net.commitRoot(everything)
      expect(await distributor().read.latestRoot()).toEqual([everything.epoch, everything.root, everything.totalCumulative])
    })

    it('rejects funding without an allowance with ERC20InsufficientAllowance(distributor, 0, amount)', async () => {
      const funder = user(2)
      await payOut(funder, 50n)
      // The token reverts, so its errors are needed to decode the reason.
      const abi = [...rewardDistributorAbi, ...pinionTokenAbi.filter((item) => item.type === 'error')]
      const attempt = net.publicClient.simulateContract({
        address: net.deployment.distributor,
        abi,
        functionName: 'fund',
        args: [50n],
        account: funder.address,
      })
      expect(await revertOf(attempt)).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [net.deployment.distributor, 0n, 50n],
      })
    })
  })
})
