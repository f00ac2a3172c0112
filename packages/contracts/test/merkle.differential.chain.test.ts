import { RewardTree } from '@pinion/protocol'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { type Address, bytesToHex, getAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { pinionTokenAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { DISPUTE_WINDOW, type Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const SEED = 0x4d45_524b // "MERK"
const LEAF_TYPES = ['address', 'uint256']
/** 2^192 - 1, the largest cap the token allows: the whole of it is funded before the tests. */
const FUNDING = (1n << 192n) - 1n
/** 40 amounts of at most 2^186 stay below 2^192 - 1 in total. */
const MAX_FUNDABLE_AMOUNT = 1n << 186n
const MAX_UINT256 = (1n << 256n) - 1n

const addressArbitrary = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)))

const entriesArbitrary = (amount: fc.Arbitrary<bigint>) =>
  fc.uniqueArray(fc.record({ recipient: addressArbitrary, cumulativeAmount: amount }), {
    minLength: 1,
    maxLength: 40,
    // Spread sizes over the whole 1..40 range instead of fast-check's bias towards small arrays.
    size: 'max',
    selector: (entry) => entry.recipient.toLowerCase(),
  })

/** Amounts from every part of the fundable range: zero, small, and wide random bit patterns. */
const fundableAmount = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 0n, max: MAX_FUNDABLE_AMOUNT }))

/** Which entries to check (indexes taken modulo the tree size) and how to tamper with the amount. */
const picksArbitrary = fc.array(fc.record({ pick: fc.nat(), delta: fc.bigInt({ min: 1n, max: 1n << 64n }) }), {
  minLength: 1,
  maxLength: 4,
})

type Entry = { recipient: Address; cumulativeAmount: bigint }

describe('RewardDistributor', () => {
  let net: Network
  beforeAll(async () => {
    // A schedule that emits the whole cap at the first release, so any fundable tree can be committed.
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: FUNDING },
        emissions: { genesisTime: 0n, epochDuration: 1n, initialEpochEmission: FUNDING, halvingInterval: 0n },
      },
    })
    await net.releaseEpochs(1n)
  })
  revertEachTest(() => net)

  const claimer = () => net.accounts.users[0]!.address
  const simulateClaimFor = (entry: Entry, proof: readonly `0x${string}`[]) =>
    net.contracts.distributor.simulate.claimFor([entry.recipient, entry.cumulativeAmount, proof], { account: claimer() })

  /** Runs `check` against a freshly committed and promoted root of `entries` (epoch 0), reverting the chain afterwards. */
  async function withCommittedTree(entries: readonly Entry[], totalCumulative: bigint, check: (tree: RewardTree) => Promise<void>) {
    const id = await net.testClient.snapshot()
    try {
      const tree = RewardTree.build(entries)
      const root = await net.versioned({ epoch: 0n, root: tree.root, totalCumulative, inputsHash: word(entries.length), paramsHash: word(0) })
      // Sent here rather than with net.commitRoot to poll for the receipt every 20 ms instead of viem's 4 s.
      const wallet = net.walletFor(net.accounts.users[0]!)
      const hash = await wallet.writeContract({
        ...net.contracts.distributor,
        functionName: 'commitRoot',
        args: [root, await net.signRoot(root)],
      })
      expect((await waitForReceipt(net.publicClient, hash)).status).toBe('success')
      await net.testClient.increaseTime({ seconds: Number(DISPUTE_WINDOW) })
      const promotion = await wallet.writeContract({ ...net.contracts.distributor, functionName: 'promoteRoots' })
      expect((await waitForReceipt(net.publicClient, promotion)).status).toBe('success')
      expect(await net.contracts.distributor.read.claimableRoots()).toEqual([{ epoch: 0n, root: tree.root }])
      await check(tree)
    } finally {
      await net.testClient.revert({ id })
    }
  }

  describe('claimFor', () => {
    it('is funded with the whole cap before the properties run', async () => {
      expect(await net.contracts.distributor.read.funded()).toBe(FUNDING)
      expect(await net.contracts.token.read.balanceOf([net.deployment.distributor])).toBe(FUNDING)
    })

    it('accepts RewardTree proofs, agreeing with OpenZeppelin StandardMerkleTree on roots, proofs and verification', async () => {
      await fc.assert(
        fc.asyncProperty(entriesArbitrary(fundableAmount), picksArbitrary, async (entries, picks) => {
          const total = entries.reduce((sum, e) => sum + e.cumulativeAmount, 0n)
          const theirs = StandardMerkleTree.of(
            entries.map((e) => [e.recipient, e.cumulativeAmount]),
            LEAF_TYPES,
          )
          await withCommittedTree(entries, total, async (ours) => {
            expect(ours.root).toBe(theirs.root)
            for (const { pick, delta } of picks) {
              const index = pick % entries.length
              const entry = entries[index]!
              const proof = ours.proof(index)

              expect(proof).toEqual(theirs.getProof(index))
              expect(StandardMerkleTree.verify(ours.root, LEAF_TYPES, [entry.recipient, entry.cumulativeAmount], proof)).toBe(true)
              expect((await simulateClaimFor(entry, proof)).result).toBe(entry.cumulativeAmount)

              const tampered = { ...entry, cumulativeAmount: (entry.cumulativeAmount + delta) % (MAX_UINT256 + 1n) }
              expect(StandardMerkleTree.verify(ours.root, LEAF_TYPES, [tampered.recipient, tampered.cumulativeAmount], proof)).toBe(false)
              expect(await revertOf(simulateClaimFor(tampered, proof))).toEqual({
                name: 'InvalidProof',
                args: [tampered.recipient, tampered.cumulativeAmount],
              })
            }
          })
        }),
        { seed: SEED, numRuns: 30, endOnFailure: true },
      )
    })

    it('verifies full-range uint256 amounts on chain, then refuses to pay more than its balance', async () => {
      const abi = [...rewardDistributorAbi, ...pinionTokenAbi.filter((item) => item.type === 'error')]
      await fc.assert(
        fc.asyncProperty(entriesArbitrary(fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT256 }), fundableAmount)), picksArbitrary, async (entries, picks) => {
          // The contract cannot see the tree's sum: a root may promise more than its totalCumulative,
          // but payments still come only out of the funded balance.
          await withCommittedTree(entries, 0n, async (ours) => {
            expect(ours.root).toBe(
              StandardMerkleTree.of(
                entries.map((e) => [e.recipient, e.cumulativeAmount]),
                LEAF_TYPES,
              ).root,
            )
            for (const { pick } of picks) {
              const index = pick % entries.length
              const entry = entries[index]!
              const attempt = net.publicClient.simulateContract({
                address: net.deployment.distributor,
                abi,
                functionName: 'claimFor',
                args: [entry.recipient, entry.cumulativeAmount, ours.proof(index)],
                account: claimer(),
              })
              if (entry.cumulativeAmount <= FUNDING) {
                expect((await attempt).result).toBe(entry.cumulativeAmount)
              } else {
                expect(await revertOf(attempt)).toEqual({
                  name: 'ERC20InsufficientBalance',
                  args: [net.deployment.distributor, FUNDING, entry.cumulativeAmount],
                })
              }
            }
          })
        }),
        { seed: SEED, numRuns: 15, endOnFailure: true },
      )
    })
  })
})
