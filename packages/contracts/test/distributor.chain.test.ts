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
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, it } from 'vitest'
import { rewardDistributorAbi } from '../generated/artifacts.ts'
import { type RewardRoot, rewardRootTypedData } from '../sdk/typedData.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { DISPUTE_WINDOW, INITIAL_EPOCH_EMISSION, type Network, type RootInput } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'

const TOKEN = 10n ** 18n
/** An address no anvil key controls: `claimFor` lets anyone pay it. */
const STRANGER = getAddress('0x5ca1ab1e00000000000000000000000000c0ffee')
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}` as Hex
const ORACLE_MANAGER_ROLE = keccak256(toHex('ORACLE_MANAGER_ROLE'))

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n)

describe('RewardDistributor', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork()
  })
  revertEachTest(() => net)

  // ───────────────────────────── helpers ─────────────────────────────

  const user = (i: number) => net.accounts.users[i]!
  const guardian = () => net.accounts.guardian
  /** `accounts` sorted by address, the order `commitRoot` wants signatures in. */
  const ascending = (accounts: readonly Account[]) => [...accounts].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
  /** The three oracles, lowest address first. */
  const oraclesAscending = () => ascending(net.accounts.oracles) as [Account, Account, Account]

  const rewardRoot = (epoch: bigint, totalCumulative = 0n, root: Hex = word(0x600d)): RootInput => ({
    epoch,
    root,
    totalCumulative,
    inputsHash: word(0x1a),
    paramsHash: word(0x2b),
  })
  const typedDataOf = (root: RewardRoot) => rewardRootTypedData(net.chain.id, net.deployment.distributor, root)
  /** A full 65-byte signature of `root` by `signer`. */
  const signatureOf = async (signer: Account, root: RootInput) => signer.signTypedData!(typedDataOf(await net.versioned(root)))
  const compact = (signature: Hex) => serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)))
  /** Compact signatures of `root` by `signers`, concatenated in exactly the given order. */
  const packInOrder = async (root: RootInput, signers: readonly Account[]) => concatHex(await Promise.all(signers.map(async (signer) => compact(await signatureOf(signer, root)))))

  const distributor = () => net.contracts.distributor
  const commitFails = async (root: RootInput, signatures: Hex, from: Account = user(0)) =>
    revertOf(distributor().simulate.commitRoot([await net.versioned(root), signatures], { account: from.address }))
  const commitWith = async (root: RootInput, signatures: Hex, from: Account = user(0)) =>
    net.send(from, { ...distributor(), functionName: 'commitRoot', args: [await net.versioned(root), signatures] })
  const version = () => distributor().read.oracleSetVersion()

  const eventsOf = <const name extends (typeof rewardDistributorAbi)[number] extends infer item ? (item extends { type: 'event'; name: infer n } ? n : never) : never>(
    receipt: TransactionReceipt,
    eventName: name,
  ) => parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName }).map((log) => log.args)

  const balanceOf = (account: Address) => net.contracts.token.read.balanceOf([account])
  const balancesOf = (accounts: readonly Address[]) => Promise.all(accounts.map(balanceOf))
  const timestampOf = async (receipt: TransactionReceipt) => (await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp

  /** The recipients of the claim tests: three anvil accounts and one address nobody holds the key of. */
  const recipients = () => [user(1).address, user(2).address, user(3).address, STRANGER]
  const treeOf = (amounts: readonly bigint[]) => RewardTree.build(recipients().map((recipient, i) => ({ recipient, cumulativeAmount: amounts[i] ?? 0n })))
  /** Commits a root (signed by the default quorum) over `amounts`, one per recipient, and makes it claimable. */
  async function publish(epoch: bigint, amounts: readonly bigint[]) {
    const tree = treeOf(amounts)
    await net.publishRoot(rewardRoot(epoch, sum(amounts), tree.root))
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
  const asGovernance = (functionName: string, args: readonly unknown[]) => net.governance({ ...distributor(), functionName, args })
  const governanceFails = (functionName: string, args: readonly unknown[]) => revertOf(net.sendAs(net.deployment.timelock, { ...distributor(), functionName, args }))
  const promoteRoots = () => net.send(user(0), { ...distributor(), functionName: 'promoteRoots' })

  /** Gives `holder` `amount` tokens through an emission release, a one-entry root and a claim. */
  async function payOut(holder: Account, amount: bigint) {
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([{ recipient: holder.address, cumulativeAmount: amount }])
    await net.publishRoot(rewardRoot(await distributor().read.nextEpoch(), amount, tree.root))
    await claim(holder, tree)
  }

  // ───────────────────────────── roots ─────────────────────────────

  describe('commitRoot', () => {
    it('commits a pending root signed by two of three oracles: RootCommitted, latestRoot, pendingRoot, nextEpoch', async () => {
      await net.releaseEpochs(1n)
      const root = await net.versioned(rewardRoot(0n, 600n * TOKEN, word(0xabc)))
      const [first, second] = oraclesAscending()
      const receipt = await commitWith(root, await packInOrder(root, [first, second]))
      const claimableAt = (await timestampOf(receipt)) + DISPUTE_WINDOW

      expect(eventsOf(receipt, 'RootCommitted')).toEqual([{ ...root, claimableAt }])
      expect(await distributor().read.latestRoot()).toEqual([0n, root.root, 600n * TOKEN, claimableAt])
      expect(await distributor().read.pendingRoot([0n])).toEqual([root.root, claimableAt, 600n * TOKEN])
      expect(await distributor().read.pendingEpochs()).toEqual([0n, 1n])
      expect(await distributor().read.nextEpoch()).toBe(1n)
      // Pending: not claimable until the dispute window has passed and it is promoted.
      expect(await distributor().read.claimableRoots()).toEqual([])
    })

    it('accepts signatures from all three oracles when the quorum is two', async () => {
      const root = rewardRoot(0n)
      await commitWith(root, await packInOrder(root, oraclesAscending()))
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([0n, root.root, 0n])
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })

    it('lets an account outside the oracle set submit a properly signed root', async () => {
      const submitter = net.accounts.maker
      expect(await distributor().read.isOracle([submitter.address])).toBe(false)
      const root = rewardRoot(0n)
      const receipt = await commitWith(root, await net.signRoot(root), submitter)
      expect(receipt.from).toBe(submitter.address.toLowerCase())
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([0n, root.root, 0n])
    })

    it('computes the same EIP-712 digest the oracles sign, version included', async () => {
      const root = { ...rewardRoot(7n, 12345n, word(0xfeed)), version: 3 }
      expect(await distributor().read.rewardRootDigest([root])).toBe(hashTypedData(typedDataOf(root)))
      expect(await distributor().read.rewardRootDigest([{ ...root, version: 4 }])).not.toBe(hashTypedData(typedDataOf(root)))
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
      const root = await net.versioned(rewardRoot(0n))
      const r = keccak256(toHex('forged r'))
      // Clear the yParity bit and the next one, so s stays below half the curve order.
      const s = BigInt(keccak256(toHex('forged s'))) >> 2n
      const forged = concatHex([r, word(s)])
      const recovered = await recoverAddress({ hash: hashTypedData(typedDataOf(root)), signature: { r, s: word(s), yParity: 0 } })
      expect(await distributor().read.isOracle([recovered])).toBe(false)
      expect(await commitFails(root, concatHex([forged, forged]))).toEqual({ name: 'SignerNotOracle', args: [recovered] })
    })

    it('rejects an oracle signature of a different root with SignerNotOracle(the address it recovers to)', async () => {
      const submitted = await net.versioned(rewardRoot(0n, 0n, word(1)))
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
      const signed = await net.versioned(rewardRoot(0n, 500n * TOKEN))
      const submitted = { ...signed, totalCumulative: 400n * TOKEN }
      const [low, middle] = oraclesAscending()
      const lowSignature = await signatureOf(low, signed)
      const recovered = await recoverAddress({ hash: hashTypedData(typedDataOf(submitted)), signature: lowSignature })
      const signatures = concatHex([compact(lowSignature), compact(await signatureOf(middle, signed))])
      expect(await commitFails(submitted, signatures)).toEqual({ name: 'SignerNotOracle', args: [recovered] })
      // The same signatures do commit the values they were made for.
      await commitWith(signed, signatures)
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([0n, signed.root, 500n * TOKEN])
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

    it('takes epochs one after another from 0, rejecting any other with EpochNotNext(epoch, nextEpoch)', async () => {
      for (const epoch of [1n, 5n]) {
        const root = rewardRoot(epoch)
        expect(await commitFails(root, await net.signRoot(root))).toEqual({ name: 'EpochNotNext', args: [epoch, 0n] })
      }
      await net.commitRoot(rewardRoot(0n))
      for (const epoch of [0n, 2n, 2n ** 64n - 2n]) {
        const root = rewardRoot(epoch)
        expect(await commitFails(root, await net.signRoot(root))).toEqual({ name: 'EpochNotNext', args: [epoch, 1n] })
      }
      await net.commitRoot(rewardRoot(1n))
      expect(await distributor().read.nextEpoch()).toBe(2n)
    })

    it('rejects a root signed under another oracle-set version with StaleOracleSetVersion(version, current)', async () => {
      await asGovernance('setQuorum', [3])
      await asGovernance('setQuorum', [2])
      const current = await version()
      expect(current).toBe(2)
      for (const other of [current + 1, current - 1]) {
        const root = { ...rewardRoot(0n), version: other }
        expect(await commitFails(root, await net.signRoot(root))).toEqual({ name: 'StaleOracleSetVersion', args: [other, current] })
      }
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
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([1n, word(0x600d), 300n * TOKEN])
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
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([0n, word(0x600d), funded])
    })

    it('rejects a totalCumulative below what was already claimed with CumulativeBelowClaimed(totalCumulative, totalClaimed)', async () => {
      await net.releaseEpochs(1n)
      // A root whose leaves promise more than its total: user 1 takes 150 of a root that declares 100.
      const tree = RewardTree.build([{ recipient: user(1).address, cumulativeAmount: 150n * TOKEN }])
      await net.publishRoot(rewardRoot(0n, 100n * TOKEN, tree.root))
      await claim(user(1), tree)
      expect(await distributor().read.totalClaimed()).toBe(150n * TOKEN)
      const short = rewardRoot(1n, 120n * TOKEN)
      expect(await commitFails(short, await net.signRoot(short))).toEqual({
        name: 'CumulativeBelowClaimed',
        args: [120n * TOKEN, 150n * TOKEN],
      })
      await net.commitRoot(rewardRoot(1n, 150n * TOKEN))
    })

    it('holds at most fifteen roots inside their dispute window, then TooManyPendingRoots(pending, oldestClaimableAt)', async () => {
      const receipts: TransactionReceipt[] = []
      for (let epoch = 0n; epoch < 15n; epoch++) receipts.push(await net.commitRoot(rewardRoot(epoch)))
      const oldestClaimableAt = (await timestampOf(receipts[0]!)) + DISPUTE_WINDOW
      const sixteenth = rewardRoot(15n)
      expect(await commitFails(sixteenth, await net.signRoot(sixteenth))).toEqual({
        name: 'TooManyPendingRoots',
        args: [15n, oldestClaimableAt],
      })
      // Once the oldest have matured, the commit promotes them and goes through.
      await net.travel(DISPUTE_WINDOW)
      const receipt = await net.commitRoot(sixteenth)
      expect(eventsOf(receipt, 'RootsPromoted')).toEqual([{ latestClaimableEpoch: 14n }])
      expect(await distributor().read.pendingEpochs()).toEqual([15n, 16n])
    })

    it('is refused while paused (EnforcedPause), and accepted once unpaused', async () => {
      await net.send(guardian(), { ...distributor(), functionName: 'pause' })
      const root = rewardRoot(0n)
      expect(await commitFails(root, await net.signRoot(root))).toEqual({ name: 'EnforcedPause', args: [] })
      await net.send(guardian(), { ...distributor(), functionName: 'unpause' })
      await net.commitRoot(root)
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })
  })

  describe('the test fixture', () => {
    it('reports the decoded reason of a transaction that was mined and reverted', async () => {
      // An explicit gas limit skips estimation, so the transaction is mined and reverts on chain.
      const mined = net.send(user(0), { ...distributor(), functionName: 'veto', args: [0n], gas: 100_000n })
      expect(await revertOf(mined)).toEqual({ name: 'NotGuardianOrGovernance', args: [user(0).address] })
    })
  })

  describe('latestRoot', () => {
    it('reverts with NoRootCommitted before the first root', async () => {
      expect(await revertOf(distributor().read.latestRoot())).toEqual({ name: 'NoRootCommitted', args: [] })
      expect(await distributor().read.nextEpoch()).toBe(0n)
    })
  })

  // ───────────────────────────── dispute window ─────────────────────────────

  describe('dispute window', () => {
    it('pays a claim from the previous claimable root until the new root matures, then from the new one', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(1)
      const first = await publish(0n, [100n * TOKEN, 1n, 1n, 1n])
      const second = treeOf([250n * TOKEN, 1n, 1n, 1n])
      const commit = await net.commitRoot(rewardRoot(1n, 250n * TOKEN + 3n, second.root))
      const claimableAt = (await timestampOf(commit)) + DISPUTE_WINDOW

      // Inside the window: the new root pays nothing, the previous one still pays.
      const early = entryOf(second, claimer.address)
      expect(await revertOf(distributor().simulate.claim([early.cumulativeAmount, early.proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 250n * TOKEN],
      })
      expect(net.payoutsOf(await claim(claimer, first))).toEqual([{ recipient: claimer.address, amount: 100n * TOKEN }])

      // One second before the window ends a promotion changes nothing; at its end the root is claimable.
      await net.testClient.setNextBlockTimestamp({ timestamp: claimableAt - 1n })
      expect(eventsOf(await promoteRoots(), 'RootsPromoted')).toEqual([])
      await net.testClient.setNextBlockTimestamp({ timestamp: claimableAt })
      expect(eventsOf(await promoteRoots(), 'RootsPromoted')).toEqual([{ latestClaimableEpoch: 1n }])
      expect(net.payoutsOf(await claim(claimer, second))).toEqual([{ recipient: claimer.address, amount: 150n * TOKEN }])
    })

    it('lets anyone promote matured roots: only the newest becomes the root claims are proven against', async () => {
      for (const epoch of [0n, 1n, 2n]) await net.commitRoot(rewardRoot(epoch, 0n, word(0x100n + epoch)))
      expect(await distributor().simulate.promoteRoots({ account: STRANGER })).toMatchObject({ result: false })
      await net.travel(DISPUTE_WINDOW)
      expect(await distributor().simulate.promoteRoots({ account: STRANGER })).toMatchObject({ result: true })
      const receipt = await net.send(net.accounts.maker, { ...distributor(), functionName: 'promoteRoots' })
      expect(eventsOf(receipt, 'RootsPromoted')).toEqual([{ latestClaimableEpoch: 2n }])
      expect(await distributor().read.claimableRoots()).toEqual([{ epoch: 2n, root: word(0x102) }])
      expect(await distributor().read.pendingEpochs()).toEqual([3n, 3n])
      expect(await revertOf(distributor().read.pendingRoot([2n]))).toEqual({ name: 'RootNotPending', args: [2n, 3n, 3n] })
    })

    it('promotes matured roots inside commitRoot, so roots mature as long as commits go on', async () => {
      await net.commitRoot(rewardRoot(0n, 0n, word(0x100)))
      await net.travel(DISPUTE_WINDOW)
      const receipt = await net.commitRoot(rewardRoot(1n, 0n, word(0x101)))
      expect(eventsOf(receipt, 'RootsPromoted')).toEqual([{ latestClaimableEpoch: 0n }])
      expect(await distributor().read.claimableRoots()).toEqual([{ epoch: 0n, root: word(0x100) }])
    })

    it('lets governance, and only governance, change the window of roots committed from then on', async () => {
      expect(await distributor().read.disputeWindow()).toBe(DISPUTE_WINDOW)
      expect(await revertOf(distributor().simulate.setDisputeWindow([60n], { account: guardian().address }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [guardian().address, DEFAULT_ADMIN_ROLE],
      })
      const MAX = 30n * 86_400n
      expect(await governanceFails('setDisputeWindow', [MAX + 1n])).toEqual({ name: 'InvalidDisputeWindow', args: [MAX + 1n, MAX] })

      const before = await net.commitRoot(rewardRoot(0n))
      const receipt = await asGovernance('setDisputeWindow', [60n])
      expect(eventsOf(receipt, 'DisputeWindowChanged')).toEqual([{ disputeWindow: 60n }])
      const after = await net.commitRoot(rewardRoot(1n))
      expect((await distributor().read.pendingRoot([0n]))[1]).toBe((await timestampOf(before)) + DISPUTE_WINDOW)
      expect((await distributor().read.pendingRoot([1n]))[1]).toBe((await timestampOf(after)) + 60n)
    })

    it('holds every pending root back while paused; claims against claimable roots go on', async () => {
      await net.releaseEpochs(1n)
      const first = await publish(0n, [10n, 20n, 30n, 40n])
      await net.commitRoot(rewardRoot(1n, 200n))
      await net.send(guardian(), { ...distributor(), functionName: 'pause' })
      await net.travel(DISPUTE_WINDOW)
      expect(await revertOf(distributor().simulate.promoteRoots({ account: user(0).address }))).toEqual({ name: 'EnforcedPause', args: [] })
      expect(net.payoutsOf(await claim(user(1), first))).toEqual([{ recipient: user(1).address, amount: 10n }])
      // Matured but held back, it can still be vetoed.
      await net.send(guardian(), { ...distributor(), functionName: 'veto', args: [1n] })
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })
  })

  // ───────────────────────────── veto ─────────────────────────────

  describe('veto', () => {
    it('lets the guardian discard a pending root and every later one, restoring the epoch, the total and voiding signatures', async () => {
      await net.releaseEpochs(1n)
      await net.publishRoot(rewardRoot(0n, 100n))
      await net.commitRoot(rewardRoot(1n, 200n))
      await net.commitRoot(rewardRoot(2n, 300n))
      const versionBefore = await version()
      const staleSignatures = await net.signRoot(rewardRoot(1n, 150n))

      const receipt = await net.send(guardian(), { ...distributor(), functionName: 'veto', args: [1n] })
      expect(eventsOf(receipt, 'RootVetoed')).toEqual([{ epoch: 1n, by: guardian().address, newVersion: versionBefore + 1 }])
      expect(await version()).toBe(versionBefore + 1)
      expect(await distributor().read.nextEpoch()).toBe(1n)
      expect(await distributor().read.pendingEpochs()).toEqual([1n, 1n])
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([0n, word(0x600d), 100n])
      // Signatures made before the veto no longer count, and the total is back to epoch 0's.
      expect(await commitFails({ ...rewardRoot(1n, 150n), version: versionBefore }, staleSignatures)).toEqual({
        name: 'StaleOracleSetVersion',
        args: [versionBefore, versionBefore + 1],
      })
      const below = rewardRoot(1n, 99n)
      expect(await commitFails(below, await net.signRoot(below))).toEqual({ name: 'CumulativeDecreased', args: [99n, 100n] })
      await net.commitRoot(rewardRoot(1n, 150n))
      expect(await distributor().read.nextEpoch()).toBe(2n)
    })

    it('lets governance veto too', async () => {
      await net.commitRoot(rewardRoot(0n))
      const receipt = await asGovernance('veto', [0n])
      expect(eventsOf(receipt, 'RootVetoed')).toEqual([{ epoch: 0n, by: net.deployment.timelock, newVersion: 1 }])
      expect(await distributor().read.nextEpoch()).toBe(0n)
      expect(await revertOf(distributor().read.latestRoot())).toEqual({ name: 'NoRootCommitted', args: [] })
    })

    it('refuses anyone else with NotGuardianOrGovernance(caller)', async () => {
      await net.commitRoot(rewardRoot(0n))
      for (const caller of [net.accounts.admin, net.accounts.oracles[0]!, user(0)]) {
        expect(await revertOf(distributor().simulate.veto([0n], { account: caller.address }))).toEqual({
          name: 'NotGuardianOrGovernance',
          args: [caller.address],
        })
      }
    })

    it('refuses a root that is claimable or has matured with RootNotPending(epoch, firstPending, nextEpoch)', async () => {
      await net.publishRoot(rewardRoot(0n))
      await net.commitRoot(rewardRoot(1n))
      expect(await revertOf(distributor().simulate.veto([0n], { account: guardian().address }))).toEqual({
        name: 'RootNotPending',
        args: [0n, 1n, 2n],
      })
      expect(await revertOf(distributor().simulate.veto([2n], { account: guardian().address }))).toEqual({
        name: 'RootNotPending',
        args: [2n, 1n, 2n],
      })
      // Its window passed: the veto promotes it first, and then it is no longer pending.
      await net.travel(DISPUTE_WINDOW)
      expect(await revertOf(distributor().simulate.veto([1n], { account: guardian().address }))).toEqual({
        name: 'RootNotPending',
        args: [1n, 2n, 2n],
      })
    })
  })

  describe('the guardian', () => {
    it('cannot change the oracle set, the quorum, the window, roles, nor take funds; it cannot stop claims', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [10n, 20n, 30n, 40n])
      const g = guardian().address
      const refused = async (functionName: string, args: readonly unknown[], role: Hex) =>
        expect(await revertOf(net.publicClient.simulateContract({ ...distributor(), functionName, args, account: g } as never))).toEqual({
          name: 'AccessControlUnauthorizedAccount',
          args: [g, role],
        })
      await refused('addOracle', [g, 2], ORACLE_MANAGER_ROLE)
      await refused('removeOracle', [net.accounts.oracles[0]!.address, 2], ORACLE_MANAGER_ROLE)
      await refused('replaceOracle', [net.accounts.oracles[0]!.address, g], ORACLE_MANAGER_ROLE)
      await refused('setQuorum', [3], ORACLE_MANAGER_ROLE)
      await refused('setDisputeWindow', [0n], DEFAULT_ADMIN_ROLE)
      await refused('grantRole', [ORACLE_MANAGER_ROLE, g], DEFAULT_ADMIN_ROLE)
      await refused('grantRole', [DEFAULT_ADMIN_ROLE, g], DEFAULT_ADMIN_ROLE)
      // The distributor has no way to move funds but a proven claim, and a pause does not stop claims.
      const withdrawals = rewardDistributorAbi.filter(
        (item) => item.type === 'function' && item.stateMutability === 'nonpayable' && /withdraw|sweep|rescue|transfer(?!Guardian)/i.test(item.name),
      )
      expect(withdrawals).toEqual([])
      await net.send(guardian(), { ...distributor(), functionName: 'pause' })
      expect(net.payoutsOf(await claim(user(2), tree))).toEqual([{ recipient: user(2).address, amount: 20n }])
      expect(await balanceOf(g)).toBe(0n)
    })
  })

  // ───────────────────────────── equivocation ─────────────────────────────

  describe('proveEquivocation', () => {
    /** Two different roots for `epoch` signed by `oracle` under the current version, as proveEquivocation takes them. */
    async function doubleSigned(oracle: Account, epoch: bigint) {
      const a = await net.versioned(rewardRoot(epoch, 0n, word(0xa)))
      const b = await net.versioned(rewardRoot(epoch, 0n, word(0xb)))
      return { a, b, signatureA: compact(await signatureOf(oracle, a)), signatureB: compact(await signatureOf(oracle, b)) }
    }
    const prove = (caller: Account, p: Awaited<ReturnType<typeof doubleSigned>>) =>
      net.send(caller, { ...distributor(), functionName: 'proveEquivocation', args: [p.a, p.signatureA, p.b, p.signatureB] })
    const proofFails = (p: Awaited<ReturnType<typeof doubleSigned>>) =>
      revertOf(distributor().simulate.proveEquivocation([p.a, p.signatureA, p.b, p.signatureB], { account: STRANGER }))

    it('lets anyone remove an oracle that signed two roots for one epoch, vetoing the pending root of that epoch', async () => {
      const [low, middle] = oraclesAscending()
      await net.commitRoot(rewardRoot(0n))
      await net.commitRoot(rewardRoot(1n, 0n, word(0xa)), [low, middle])
      await net.commitRoot(rewardRoot(2n))
      const before = await version()
      const proof = await doubleSigned(middle, 1n)
      // The proof's roots are for epoch 1 at the version it was committed under.
      const receipt = await prove(user(3), proof)

      expect(eventsOf(receipt, 'OracleEquivocated')).toEqual([{ oracle: middle.address, epoch: 1n }])
      expect(eventsOf(receipt, 'OracleRemoved')).toEqual([{ oracle: middle.address }])
      expect(eventsOf(receipt, 'RootVetoed')).toEqual([{ epoch: 1n, by: user(3).address, newVersion: before + 1 }])
      expect(eventsOf(receipt, 'OracleSetChanged')).toEqual([{ version: before + 1, oracleCount: 2n, quorum: 2n }])
      expect(await distributor().read.isOracle([middle.address])).toBe(false)
      expect(await distributor().read.quorum()).toBe(2n)
      expect(await distributor().read.nextEpoch()).toBe(1n)
      expect(await distributor().read.pendingEpochs()).toEqual([0n, 1n])
    })

    it('lowers the quorum only as far as the smaller set needs, and removes an oracle of a claimable epoch without a veto', async () => {
      await asGovernance('setQuorum', [3])
      await net.publishRoot(rewardRoot(0n))
      const [, , high] = oraclesAscending()
      const receipt = await prove(user(3), await doubleSigned(high, 0n))
      expect(eventsOf(receipt, 'RootVetoed')).toEqual([])
      expect(await distributor().read.quorum()).toBe(2n)
      expect(await distributor().read.oracleCount()).toBe(2n)
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })

    it('removes the last oracle and keeps the quorum: no root commits until governance adds oracles', async () => {
      const [low, middle, high] = oraclesAscending()
      await asGovernance('removeOracle', [low.address, 2])
      await asGovernance('removeOracle', [middle.address, 1])
      await prove(user(3), await doubleSigned(high, 0n))
      expect(await distributor().read.oracles()).toEqual([])
      expect(await distributor().read.quorum()).toBe(1n)
      const root = rewardRoot(0n)
      expect(await commitFails(root, await net.signRoot(root, [high]))).toEqual({ name: 'SignerNotOracle', args: [high.address] })
    })

    it('rejects what is not an equivocation by a current oracle', async () => {
      const [low, middle] = oraclesAscending()
      const proof = await doubleSigned(low, 4n)
      expect(await proofFails({ ...proof, b: { ...proof.b, epoch: 5n } })).toEqual({ name: 'EquivocationEpochsDiffer', args: [4n, 5n] })
      expect(await proofFails({ ...proof, b: { ...proof.b, version: proof.a.version + 1 } })).toEqual({
        name: 'EquivocationVersionsDiffer',
        args: [proof.a.version, proof.a.version + 1],
      })
      const digest = await distributor().read.rewardRootDigest([proof.a])
      expect(await proofFails({ ...proof, b: proof.a, signatureB: proof.signatureA })).toEqual({ name: 'EquivocationRootsIdentical', args: [digest] })
      const other = compact(await signatureOf(middle, proof.b))
      expect(await proofFails({ ...proof, signatureB: other })).toEqual({ name: 'EquivocationSignersDiffer', args: [low.address, middle.address] })
      expect(await proofFails({ ...proof, signatureB: sliceHex(other, 0, 63) })).toEqual({ name: 'MalformedSignatures', args: [63n] })
      const outsider = await doubleSigned(user(4), 4n)
      expect(await proofFails(outsider)).toEqual({ name: 'SignerNotOracle', args: [user(4).address] })
    })

    it('does not count an honest oracle re-signing a vetoed epoch: the version differs', async () => {
      const [low, middle] = oraclesAscending()
      const first = await net.versioned(rewardRoot(0n, 0n, word(0xa)))
      await net.commitRoot(first, [low, middle])
      await net.send(guardian(), { ...distributor(), functionName: 'veto', args: [0n] })
      const again = await net.versioned(rewardRoot(0n, 0n, word(0xb)))
      expect(again.version).toBe(first.version + 1)
      expect(
        await revertOf(
          distributor().simulate.proveEquivocation([first, compact(await signatureOf(low, first)), again, compact(await signatureOf(low, again))], { account: STRANGER }),
        ),
      ).toEqual({ name: 'EquivocationVersionsDiffer', args: [first.version, again.version] })
      await net.commitRoot(again, [low, middle])
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
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: claimer.address, amount: 100n * TOKEN }])
      expect(await balanceOf(claimer.address)).toBe(before! + 100n * TOKEN)
      expect(await balanceOf(net.deployment.distributor)).toBe(distributorBefore! - 100n * TOKEN)
      expect(await distributor().read.claimed([claimer.address])).toBe(100n * TOKEN)

      const second = await publish(1n, [160n * TOKEN, 250n * TOKEN, 40n * TOKEN, 10n * TOKEN])
      expect(await distributor().simulate.claim([160n * TOKEN, entryOf(second, claimer.address).proof], { account: claimer.address })).toMatchObject({ result: 60n * TOKEN })
      const receipt2 = await claim(claimer, second)
      expect(net.payoutsOf(receipt2)).toEqual([{ recipient: claimer.address, amount: 60n * TOKEN }])
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
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: claimer.address, amount: 271n * TOKEN }])
      expect(await balanceOf(claimer.address)).toBe(301n * TOKEN)
    })

    it("rejects a wrong amount or another entry's proof with InvalidProof(recipient, cumulativeAmount)", async () => {
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

    it('rejects a proof of a root no longer among the last four claimable roots', async () => {
      await net.releaseEpochs(1n)
      const claimer = user(1)
      const oldest = await publish(0n, [100n, 200n, 300n, 400n])
      for (const epoch of [1n, 2n, 3n]) await publish(epoch, [100n + epoch, 200n, 300n, 400n])
      // Four claimable roots: the oldest still pays.
      const { proof } = entryOf(oldest, claimer.address)
      expect(await distributor().simulate.claim([100n, proof], { account: claimer.address })).toMatchObject({ result: 100n })
      await publish(4n, [150n, 200n, 300n, 400n])
      expect(await revertOf(distributor().simulate.claim([100n, proof], { account: claimer.address }))).toEqual({
        name: 'InvalidProof',
        args: [claimer.address, 100n],
      })
    })

    it('rejects every claim with InvalidProof before any root is claimable, even against a pending root', async () => {
      await net.releaseEpochs(1n)
      const pending = treeOf([1n, 2n, 3n, 4n])
      await net.commitRoot(rewardRoot(0n, 10n, pending.root))
      const entry = entryOf(pending, user(1).address)
      expect(await revertOf(distributor().simulate.claim([entry.cumulativeAmount, entry.proof], { account: user(1).address }))).toEqual({
        name: 'InvalidProof',
        args: [user(1).address, 1n],
      })

      const claimer = user(1)
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
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: recipient.address, amount: 22n * TOKEN }])
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

  describe('claimable roots', () => {
    it('lists the last four promoted roots, newest first', async () => {
      for (let epoch = 0n; epoch < 6n; epoch++) await net.publishRoot(rewardRoot(epoch, 0n, word(0x100n + epoch)))
      expect(await distributor().read.claimableRoots()).toEqual([5n, 4n, 3n, 2n].map((epoch) => ({ epoch, root: word(0x100n + epoch) })))
    })

    it('pays a claim built on any of them, each paying what it adds to what was already claimed', async () => {
      await net.releaseEpochs(1n)
      const trees = []
      for (let epoch = 0n; epoch < 4n; epoch++) trees.push(await publish(epoch, [10n * (epoch + 1n), 5n, 5n, 5n]))
      const claimer = user(1)
      // The newest pays 40; a proof of an older root then pays nothing more.
      expect(net.payoutsOf(await claim(claimer, trees[1]!))).toEqual([{ recipient: claimer.address, amount: 20n }])
      expect(net.payoutsOf(await claim(claimer, trees[0]!))).toEqual([])
      expect(net.payoutsOf(await claim(claimer, trees[3]!))).toEqual([{ recipient: claimer.address, amount: 20n }])
      expect(net.payoutsOf(await claim(claimer, trees[2]!))).toEqual([])
      expect(await distributor().read.claimed([claimer.address])).toBe(40n)
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

    it('skips a claim whose proof matches no claimable root with ClaimSkipped, and pays the others', async () => {
      await net.releaseEpochs(1n)
      const tree = await publish(0n, [5n, 6n, 7n, 8n])
      const claims = recipients().map((recipient) => entryOf(tree, recipient))
      claims[2] = { ...claims[2]!, cumulativeAmount: 70n }
      expect(await distributor().simulate.claimMany([claims], { account: user(0).address })).toMatchObject({ result: 5n + 6n + 8n })
      const receipt = await net.send(user(0), { ...distributor(), functionName: 'claimMany', args: [claims] })
      expect(eventsOf(receipt, 'ClaimSkipped')).toEqual([{ recipient: recipients()[2], cumulativeAmount: 70n }])
      expect(net.payoutsOf(receipt)).toEqual([
        { recipient: recipients()[0], amount: 5n },
        { recipient: recipients()[1], amount: 6n },
        { recipient: recipients()[3], amount: 8n },
      ])
    })
  })

  // ───────────────────────────── oracle set ─────────────────────────────

  describe('oracle set', () => {
    it('starts at version 0 with the deployed oracles and quorum', async () => {
      expect(await version()).toBe(0)
      expect(await distributor().read.oracles()).toEqual(net.accounts.oracles.map((o) => o.address))
      expect(await distributor().read.oracleCount()).toBe(3n)
      expect(await distributor().read.quorum()).toBe(2n)
    })

    it('lets each current oracle, and only an oracle, announce where it serves its peers', async () => {
      const [oracle] = net.accounts.oracles
      const receipt = await net.send(oracle!, { ...distributor(), functionName: 'announceUrl', args: ['https://oracle-a.example'] })
      expect(eventsOf(receipt, 'OracleUrlAnnounced')).toEqual([{ oracle: oracle!.address, url: 'https://oracle-a.example' }])
      expect(await revertOf(distributor().simulate.announceUrl(['https://evil.example'], { account: user(4).address }))).toEqual({
        name: 'SignerNotOracle',
        args: [user(4).address],
      })
      for (const url of ['', `https://${'a'.repeat(250)}.example`]) {
        expect(await revertOf(distributor().simulate.announceUrl([url], { account: oracle!.address }))).toEqual({ name: 'InvalidUrl', args: [BigInt(url.length)] })
      }
    })

    it('is changed only by ORACLE_MANAGER_ROLE (governance), never by the deploying account', async () => {
      const admin = net.accounts.admin.address
      expect(await distributor().read.hasRole([ORACLE_MANAGER_ROLE, net.deployment.timelock])).toBe(true)
      for (const [functionName, args] of [
        ['addOracle', [user(4).address, 2]],
        ['removeOracle', [net.accounts.oracles[0]!.address, 2]],
        ['replaceOracle', [net.accounts.oracles[0]!.address, user(4).address]],
        ['setQuorum', [3]],
      ] as const) {
        expect(await revertOf(net.publicClient.simulateContract({ ...distributor(), functionName, args, account: admin } as never))).toEqual({
          name: 'AccessControlUnauthorizedAccount',
          args: [admin, ORACLE_MANAGER_ROLE],
        })
      }
    })

    it('addOracle adds an oracle with a new quorum, bumps the version and announces the set', async () => {
      const newcomer = user(4)
      const receipt = await asGovernance('addOracle', [newcomer.address, 3])
      expect(eventsOf(receipt, 'OracleAdded')).toEqual([{ oracle: newcomer.address }])
      expect(eventsOf(receipt, 'OracleSetChanged')).toEqual([{ version: 1, oracleCount: 4n, quorum: 3n }])
      expect(await distributor().read.isOracle([newcomer.address])).toBe(true)
      const root = rewardRoot(0n)
      await net.commitRoot(root, ascending([net.accounts.oracles[1]!, net.accounts.oracles[2]!, newcomer]))
      expect(await distributor().read.nextEpoch()).toBe(1n)
    })

    it('addOracle rejects the zero address, an existing oracle, and a quorum that is not a strict majority', async () => {
      expect(await governanceFails('addOracle', [zeroAddress, 3])).toEqual({ name: 'InvalidOracle', args: [zeroAddress] })
      const existing = net.accounts.oracles[1]!.address
      expect(await governanceFails('addOracle', [existing, 3])).toEqual({ name: 'OracleAlreadyAdded', args: [existing] })
      // Four oracles: two is not a majority.
      expect(await governanceFails('addOracle', [user(4).address, 2])).toEqual({ name: 'InvalidQuorum', args: [2n, 4n] })
    })

    it('removeOracle removes an oracle with a new quorum; its signature then fails with SignerNotOracle', async () => {
      const [low, middle] = oraclesAscending()
      const receipt = await asGovernance('removeOracle', [middle.address, 2])
      expect(eventsOf(receipt, 'OracleRemoved')).toEqual([{ oracle: middle.address }])
      expect(eventsOf(receipt, 'OracleSetChanged')).toEqual([{ version: 1, oracleCount: 2n, quorum: 2n }])
      const root = rewardRoot(0n)
      expect(await commitFails(root, await packInOrder(root, [low, middle]))).toEqual({ name: 'SignerNotOracle', args: [middle.address] })
      expect(await governanceFails('removeOracle', [middle.address, 2])).toEqual({ name: 'OracleNotFound', args: [middle.address] })
      expect(await governanceFails('removeOracle', [low.address, 2])).toEqual({ name: 'InvalidQuorum', args: [2n, 1n] })
    })

    it('replaceOracle swaps one oracle for another in one call; signatures made before are refused', async () => {
      const [low, middle, high] = oraclesAscending()
      const root = rewardRoot(0n)
      const before = await net.signRoot(root, [low, middle])
      const replacement = user(4)
      const receipt = await asGovernance('replaceOracle', [middle.address, replacement.address])
      expect(eventsOf(receipt, 'OracleAdded')).toEqual([{ oracle: replacement.address }])
      expect(eventsOf(receipt, 'OracleRemoved')).toEqual([{ oracle: middle.address }])
      expect(eventsOf(receipt, 'OracleSetChanged')).toEqual([{ version: 1, oracleCount: 3n, quorum: 2n }])
      expect(await distributor().read.oracles()).toEqual(expect.arrayContaining([low.address, high.address, replacement.address]))
      expect(await commitFails({ ...root, version: 0 }, before)).toEqual({ name: 'StaleOracleSetVersion', args: [0, 1] })
      await net.commitRoot(root, ascending([low, replacement]))
      expect(await governanceFails('replaceOracle', [middle.address, user(3).address])).toEqual({ name: 'OracleNotFound', args: [middle.address] })
      expect(await governanceFails('replaceOracle', [low.address, high.address])).toEqual({ name: 'OracleAlreadyAdded', args: [high.address] })
    })

    it('setQuorum takes only a strict majority: n/2 < quorum <= n', async () => {
      for (const quorum of [0, 1, 4]) {
        expect(await governanceFails('setQuorum', [quorum])).toEqual({ name: 'InvalidQuorum', args: [BigInt(quorum), 3n] })
      }
      const receipt = await asGovernance('setQuorum', [3])
      expect(eventsOf(receipt, 'OracleSetChanged')).toEqual([{ version: 1, oracleCount: 3n, quorum: 3n }])
      const root = rewardRoot(0n)
      const [low, middle] = oraclesAscending()
      expect(await commitFails(root, await packInOrder(root, [low, middle]))).toEqual({ name: 'InsufficientSignatures', args: [2n, 3n] })
      await commitWith(root, await packInOrder(root, oraclesAscending()))
    })

    it('refuses two of ten: with ten oracles the quorum is at least six, so disjoint groups cannot both sign', async () => {
      const extra = Array.from({ length: 7 }, (_, i) => privateKeyToAccount(keccak256(toHex(`oracle ${i}`))).address)
      for (const [i, oracle] of extra.entries()) await asGovernance('addOracle', [oracle, Math.floor((4 + i) / 2) + 1])
      expect(await distributor().read.oracleCount()).toBe(10n)
      expect(await governanceFails('setQuorum', [2])).toEqual({ name: 'InvalidQuorum', args: [2n, 10n] })
      expect(await governanceFails('setQuorum', [5])).toEqual({ name: 'InvalidQuorum', args: [5n, 10n] })
      await asGovernance('setQuorum', [6])
      expect(await distributor().read.quorum()).toBe(6n)
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
      expect(eventsOf(receipt, 'Funded')).toEqual([{ funder: funder.address, amount: 120n * TOKEN, totalFunded: fundedBefore + 120n * TOKEN }])
      expect(await distributor().read.funded()).toBe(fundedBefore + 120n * TOKEN)
      expect(await balanceOf(net.deployment.distributor)).toBe(balanceBefore + 120n * TOKEN)
      expect(await balanceOf(funder.address)).toBe(180n * TOKEN)

      const everything = rewardRoot(await distributor().read.nextEpoch(), fundedBefore + 120n * TOKEN)
      await net.commitRoot(everything)
      expect((await distributor().read.latestRoot()).slice(0, 3)).toEqual([everything.epoch, everything.root, everything.totalCumulative])
    })

    it('rejects funding without an allowance with ERC20InsufficientAllowance(distributor, 0, amount)', async () => {
      const funder = user(2)
      await payOut(funder, 50n)
      expect(await revertOf(distributor().simulate.fund([50n], { account: funder.address }))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [net.deployment.distributor, 0n, 50n],
      })
    })
  })

  describe('totalClaimed', () => {
    it('is funded minus the balance: claims raise it, tokens sent directly lower it but never below zero', async () => {
      const holder = user(1)
      await payOut(holder, 300n * TOKEN)
      expect(await distributor().read.totalClaimed()).toBe(300n * TOKEN)
      await net.send(holder, { ...net.contracts.token, functionName: 'transfer', args: [net.deployment.distributor, 100n * TOKEN] })
      expect(await distributor().read.totalClaimed()).toBe(200n * TOKEN)
      await net.send(holder, { ...net.contracts.token, functionName: 'transfer', args: [net.deployment.distributor, 200n * TOKEN] })
      expect(await distributor().read.totalClaimed()).toBe(0n)
    })
  })
})
