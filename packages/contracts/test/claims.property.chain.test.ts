import { RewardTree } from '@pinion/protocol'
import fc from 'fast-check'
import { type Account, type Address, bytesToHex, getAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import type { emissionsAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { DISPUTE_WINDOW, EPOCH_DURATION, type Network, type RootInput } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const SEED = 0x434c41494d // "CLAIM"
const MAX_RECIPIENTS = 8

const addressArbitrary = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(bytesToHex(bytes)))

/** One epoch of the scenario: how the new rewards split, how much is handed out, who claims and how. */
const epochArbitrary = fc.record({
  /** Relative share of each recipient (by position) in this epoch's new rewards. */
  weights: fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 1_000 })), {
    minLength: MAX_RECIPIENTS,
    maxLength: MAX_RECIPIENTS,
  }),
  /** New rewards as a percentage of the epoch's emission: above 100 can outrun the funding. */
  spendPercent: fc.integer({ min: 0, max: 125 }),
  claimers: fc.array(fc.boolean(), { minLength: MAX_RECIPIENTS, maxLength: MAX_RECIPIENTS }),
  /** claimMany in one transaction, or one claimFor each. */
  batch: fc.boolean(),
  /** Which of the ten anvil accounts sends the claims. */
  payer: fc.nat({ max: 9 }),
})

const scenarioArbitrary = fc.record({
  /** Indexes into anvil accounts 5..9. */
  known: fc.subarray([0, 1, 2, 3, 4], { minLength: 2 }),
  strangers: fc.uniqueArray(addressArbitrary, { minLength: 2, maxLength: 3, selector: (a) => a.toLowerCase() }),
  epochs: fc.array(epochArbitrary, { minLength: 4, maxLength: 10 }),
})

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never

describe('RewardDistributor', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork()
  })
  revertEachTest(() => net)

  type Call = {
    address: Address
    abi: typeof rewardDistributorAbi | typeof emissionsAbi
    functionName: string
    args?: readonly unknown[]
  }
  /**
   * Like `net.send`, but polls for the receipt every 20 ms: the fixture's client waits viem's default
   * 4 s whenever a receipt is not ready at the first look, which under CPU load happens to a few
   * percent of the hundreds of transactions this property sends.
   */
  async function send(account: Account, call: Call) {
    const hash = await net.walletFor(account).writeContract(call as never)
    const receipt = await waitForReceipt(net.publicClient, hash)
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }
  async function releaseEpoch() {
    await net.testClient.increaseTime({ seconds: Number(EPOCH_DURATION) })
    await net.testClient.mine({ blocks: 1 })
    return send(net.accounts.users[0]!, { ...net.contracts.emissions, functionName: 'release' })
  }
  /** Commits `root`, waits out the dispute window and promotes it: claims may use it at once. */
  async function commitRoot(input: RootInput) {
    const root = await net.versioned(input)
    await send(net.accounts.users[0]!, { ...net.contracts.distributor, functionName: 'commitRoot', args: [root, await net.signRoot(root)] })
    await net.testClient.increaseTime({ seconds: Number(DISPUTE_WINDOW) })
    await net.testClient.mine({ blocks: 1 })
    await send(net.accounts.users[0]!, { ...net.contracts.distributor, functionName: 'promoteRoots' })
  }

  const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n)

  /** Plays one scenario on the network and checks the ledger at every step and at the end. */
  async function play(scenario: Scenario, stats: { committed: number; skipped: number; claims: number }) {
    const { distributor, token } = net.contracts
    const everyone: Account[] = [net.accounts.admin, ...net.accounts.oracles, net.accounts.maker, ...net.accounts.users]
    const recipients: Address[] = [...scenario.known.map((i) => net.accounts.users[i]!.address), ...scenario.strangers]
    /** What each recipient has earned so far (may run ahead of the committed root). */
    const earned = new Map<Address, bigint>(recipients.map((r) => [r, 0n]))
    /** What the last committed root grants. */
    let committed: { tree: RewardTree; amounts: Map<Address, bigint> } | undefined
    /** What each recipient has been paid so far. */
    const paid = new Map<Address, bigint>(recipients.map((r) => [r, 0n]))
    let claimedTotal = 0n

    async function commit() {
      // Epochs follow one another: a refused root's epoch is committed again with the next amounts.
      const epoch = await distributor.read.nextEpoch()
      const amounts = new Map(earned)
      const tree = RewardTree.build(recipients.map((recipient) => ({ recipient, cumulativeAmount: amounts.get(recipient)! })))
      const root = { epoch, root: tree.root, totalCumulative: sum(amounts.values()), inputsHash: word(epoch), paramsHash: word(0) }
      const fundedNow = await distributor.read.funded()
      if (root.totalCumulative > fundedNow) {
        // Too much promised for the funding so far: the root is refused, the amounts carry over.
        const signed = await net.versioned(root)
        expect(await revertOf(distributor.simulate.commitRoot([signed, await net.signRoot(signed)]))).toEqual({
          name: 'RootExceedsFunding',
          args: [root.totalCumulative, fundedNow],
        })
        stats.skipped++
        return
      }
      await commitRoot(root)
      committed = { tree, amounts }
      stats.committed++
    }

    async function claim(claimants: readonly Address[], payer: Account, batch: boolean) {
      if (!committed || claimants.length === 0) return
      const { tree, amounts } = committed
      const claims = claimants.map((recipient) => {
        const index = tree.indexOf(recipient)!
        return { recipient, cumulativeAmount: amounts.get(recipient)!, proof: tree.proof(index) }
      })
      const receipts = batch
        ? [await send(payer, { ...distributor, functionName: 'claimMany', args: [claims] })]
        : await sequentially(claims, (c) => send(payer, { ...distributor, functionName: 'claimFor', args: [c.recipient, c.cumulativeAmount, c.proof] }))
      const expected = claims.map((c) => ({ recipient: c.recipient, amount: c.cumulativeAmount - paid.get(c.recipient)! })).filter((e) => e.amount > 0n)
      const payouts = receipts.flatMap(net.payoutsOf)
      expect(payouts).toEqual(expected)
      for (const payout of payouts) {
        paid.set(payout.recipient, paid.get(payout.recipient)! + payout.amount)
        claimedTotal += payout.amount
      }
      stats.claims += claims.length
    }

    for (const epoch of scenario.epochs) {
      const fundedBefore = await distributor.read.funded()
      await releaseEpoch()
      const emission = (await distributor.read.funded()) - fundedBefore
      const weights = epoch.weights.slice(0, recipients.length).map(BigInt)
      const totalWeight = sum(weights)
      const budget = (emission * BigInt(epoch.spendPercent)) / 100n
      recipients.forEach((recipient, i) => {
        const increment = totalWeight === 0n ? 0n : (budget * weights[i]!) / totalWeight
        earned.set(recipient, earned.get(recipient)! + increment)
      })
      await commit()
      await claim(
        recipients.filter((_, i) => epoch.claimers[i]),
        everyone[epoch.payer]!,
        epoch.batch,
      )
    }

    // Fund whatever the last epochs promised beyond the emission so far, commit the final amounts, claim all.
    for (let extra = 0; (await distributor.read.funded()) < sum(earned.values()); extra++) {
      expect(extra).toBeLessThan(20)
      await releaseEpoch()
    }
    await commit()
    expect(committed?.amounts).toEqual(earned)
    await claim(recipients, net.accounts.admin, true)

    const finalTotal = sum(earned.values())
    const fundedTotal = await distributor.read.funded()
    expect(claimedTotal).toBe(finalTotal)
    expect(await token.read.balanceOf([net.deployment.distributor])).toBe(fundedTotal - claimedTotal)
    expect(claimedTotal).toBeLessThanOrEqual(fundedTotal)
    for (const recipient of recipients) {
      expect(await token.read.balanceOf([recipient])).toBe(earned.get(recipient))
      expect(await distributor.read.claimed([recipient])).toBe(earned.get(recipient))
    }
  }

  describe('claimFor and claimMany', () => {
    it('pay every recipient exactly its final cumulative amount over many epochs, roots and partial claims', async () => {
      const stats = { committed: 0, skipped: 0, claims: 0 }
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary, async (scenario) => {
          const id = await net.testClient.snapshot()
          try {
            await play(scenario, stats)
          } finally {
            await net.testClient.revert({ id })
          }
        }),
        { seed: SEED, numRuns: 10, endOnFailure: true },
      )
      // The pinned seed exercises refused roots as well as committed ones.
      expect(stats.skipped).toBeGreaterThan(0)
      expect(stats.committed).toBeGreaterThan(stats.skipped)
      expect(stats.claims).toBeGreaterThan(0)
    })
  })
})

async function sequentially<T, R>(items: readonly T[], action: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (const item of items) results.push(await action(item))
  return results
}
