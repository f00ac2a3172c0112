/**
 * Net emissions (HIP-20): tokens burnt for credits in an epoch are re-minted with the epoch's
 * emission, up to a cap per epoch, and `emissionReleasedFor` says what each epoch was paid, net
 * emission included. The cap changes only from the next epoch, so no ended epoch's due ever changes;
 * and the token's cap still bounds everything.
 */
import { type Account, type TransactionReceipt, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditsAbi, emissionsAbi } from '../generated/artifacts.ts'
import { HELIUM_NET_EMISSION_RATIO, netEmissionOf } from '../sdk/credits.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { ownNetwork, revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { EPOCH_DURATION, INITIAL_EPOCH_EMISSION, type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'

const TOKEN = 10n ** 18n
/** Helium's cap relative to its emission, 8%: 80 tokens of the fixture's 1,000-token epoch emission. */
const NET_CAP = (INITIAL_EPOCH_EMISSION * HELIUM_NET_EMISSION_RATIO.numerator) / HELIUM_NET_EMISSION_RATIO.denominator
/** The fixture's schedule halves every 4 epochs; the tests stay in the first 4. */
const EMISSION = INITIAL_EPOCH_EMISSION
/** The fixture's users are devnet accounts 5 to 9 (localNetwork); the buyer, users[1], holds genesis tokens. */
const buyer = devnetAccounts(10)[6]!

const released = (receipt: TransactionReceipt) => parseEventLogs({ abi: emissionsAbi, logs: receipt.logs, eventName: 'EmissionReleased' }).map((log) => log.args)

/** Helpers over one network: time, burns, releases. */
function helpers(net: () => Network) {
  const credits = () => net().contracts.credits
  const emissions = () => net().contracts.emissions
  return {
    credits,
    emissions,
    /** Moves chain time to the start of the next epoch and returns that epoch. */
    async startOfNextEpoch(): Promise<bigint> {
      const { timestamp } = await net().publicClient.getBlock()
      const genesis = net().params.emissions.genesisTime
      const epoch = (timestamp - genesis) / EPOCH_DURATION + 1n
      await net().testClient.setNextBlockTimestamp({ timestamp: genesis + epoch * EPOCH_DURATION })
      await net().testClient.mine({ blocks: 1 })
      return epoch
    },
    /** The buyer burns `tokens` for credits, now. */
    burn: (tokens: bigint, by: Account = buyer) => net().send(by, { ...credits(), functionName: 'burnForCredits', args: [by.address, tokens] }),
    /** Releases every ended epoch, without moving time. */
    release: () => net().send(net().accounts.users[0]!, { ...emissions(), functionName: 'release' }),
    setCap: (cap: bigint) => net().governance({ ...credits(), functionName: 'setNetEmissionCapPerEpoch', args: [cap] }),
    releasedFor: (epochs: readonly bigint[]) => Promise.all(epochs.map((e) => emissions().read.emissionReleasedFor([e]))),
  }
}

describe('net emissions', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: buyer.address, amount: 10_000n * TOKEN }] },
        credits: { netEmissionCapPerEpoch: NET_CAP },
      },
    })
    await net.send(buyer, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.credits, 10_000n * TOKEN] })
  })
  revertEachTest(() => net)
  const { credits, emissions, startOfNextEpoch, burn, release, setCap, releasedFor } = helpers(() => net)

  it("re-mints each ended epoch's burns up to the cap on top of its emission, and says what each epoch was paid", async () => {
    await burn(30n * TOKEN) // epoch 0: under the cap
    await startOfNextEpoch()
    await burn(150n * TOKEN) // epoch 1: 200 in all, capped at 80
    await burn(50n * TOKEN)
    await startOfNextEpoch() // epoch 2: nothing burnt
    await startOfNextEpoch()
    await burn(7n * TOKEN) // epoch 3 is running: not released, not counted
    const supply = await net.contracts.token.read.totalSupply()

    expect(await credits().read.netEmissionOf([0n])).toBe(30n * TOKEN)
    expect(await credits().read.netEmissionOf([1n])).toBe(NET_CAP)
    expect(await credits().read.netEmissionOf([2n])).toBe(0n)
    expect(await credits().read.netEmissionOf([3n])).toBe(7n * TOKEN)
    // The TypeScript mirror.
    expect(netEmissionOf(200n * TOKEN, NET_CAP)).toBe(NET_CAP)
    expect(netEmissionOf(30n * TOKEN, NET_CAP)).toBe(30n * TOKEN)
    expect(netEmissionOf(30n * TOKEN, 0n)).toBe(0n)
    expect(await credits().read.netEmissionBetween([0n, 3n])).toBe(110n * TOKEN)
    expect(await emissions().read.totalEmissionBetween([0n, 3n])).toBe(3n * EMISSION + 110n * TOKEN)

    const receipt = await release()
    const minted = 3n * EMISSION + 110n * TOKEN
    expect(released(receipt)).toEqual([{ fromEpoch: 0n, toEpoch: 3n, amount: minted }])
    expect(await net.contracts.token.read.totalSupply()).toBe(supply + minted)
    expect(await net.contracts.distributor.read.funded()).toBe(minted)
    expect(await releasedFor([0n, 1n, 2n])).toEqual([EMISSION + 30n * TOKEN, EMISSION + NET_CAP, EMISSION])

    // The running epoch's burn is re-minted with it, once it has ended.
    await startOfNextEpoch()
    expect(released(await release())).toEqual([{ fromEpoch: 3n, toEpoch: 4n, amount: EMISSION + 7n * TOKEN }])
    expect(await releasedFor([3n])).toEqual([EMISSION + 7n * TOKEN])
  })

  it('re-mints nothing with a cap of 0 (the revenue-share mode, deploy()’s default), from the epoch after governance sets it', async () => {
    const changed = await setCap(0n)
    expect(parseEventLogs({ abi: creditsAbi, logs: changed.logs }).map((log) => ({ eventName: log.eventName, args: log.args }))).toEqual([
      { eventName: 'NetEmissionCapChanged', args: { cap: 0n, fromEpoch: 1n } },
    ])
    expect(await credits().read.netEmissionCapPerEpoch()).toEqual([0n, 1n])
    await burn(20n * TOKEN) // epoch 0 keeps the cap it started with
    await startOfNextEpoch()
    await burn(20n * TOKEN) // epoch 1: off
    await startOfNextEpoch()
    expect([await credits().read.netEmissionCapAt([0n]), await credits().read.netEmissionCapAt([1n]), await credits().read.netEmissionCapAt([2n ** 64n - 1n])]).toEqual([
      NET_CAP,
      0n,
      0n,
    ])
    expect(released(await release())).toEqual([{ fromEpoch: 0n, toEpoch: 2n, amount: 2n * EMISSION + 20n * TOKEN }])
    expect(await releasedFor([0n, 1n])).toEqual([EMISSION + 20n * TOKEN, EMISSION])
    expect(await credits().read.tokensBurnedIn([1n])).toBe(20n * TOKEN)
  })

  it('never changes an ended epoch’s due: a second change within an epoch replaces the first, and both wait for the next epoch', async () => {
    await burn(500n * TOKEN)
    await startOfNextEpoch()
    await burn(500n * TOKEN)
    await startOfNextEpoch()
    await release()
    const before = await releasedFor([0n, 1n])
    expect(before).toEqual([EMISSION + NET_CAP, EMISSION + NET_CAP])

    await setCap(300n * TOKEN)
    await burn(500n * TOKEN) // epoch 2 keeps 80
    await setCap(400n * TOKEN)
    expect(await credits().read.netEmissionCapPerEpoch()).toEqual([400n * TOKEN, 3n])
    expect(await releasedFor([0n, 1n])).toEqual(before)
    expect(await credits().read.netEmissionOf([2n])).toBe(NET_CAP)
    await startOfNextEpoch()
    await burn(500n * TOKEN) // epoch 3: 400
    await startOfNextEpoch()
    expect(released(await release())).toEqual([{ fromEpoch: 2n, toEpoch: 4n, amount: 2n * EMISSION + NET_CAP + 400n * TOKEN }])
    expect(await releasedFor([0n, 1n, 2n, 3n])).toEqual([...before, EMISSION + NET_CAP, EMISSION + 400n * TOKEN])

    expect(await revertOf(setCap(1n << 192n))).toEqual({ name: 'NetEmissionCapTooLarge', args: [1n << 192n, (1n << 192n) - 1n] })
  })

  it('sums any range of epochs as the model does, wherever the burns fall', async () => {
    // Burns in epochs 1, 2, 4, 5 and 7 (running); the cap drops to 25 from epoch 5.
    const burns = new Map<bigint, bigint>([
      [1n, 10n * TOKEN],
      [2n, 90n * TOKEN],
      [4n, 40n * TOKEN],
      [5n, 60n * TOKEN],
      [7n, 5n * TOKEN],
    ])
    for (let epoch = 0n; epoch <= 7n; epoch++) {
      if (epoch > 0n) expect(await startOfNextEpoch()).toBe(epoch)
      if (epoch === 4n) await setCap(25n * TOKEN)
      const tokens = burns.get(epoch)
      if (tokens !== undefined) await burn(tokens)
    }
    const capAt = (epoch: bigint) => (epoch >= 5n ? 25n * TOKEN : NET_CAP)
    const model = (from: bigint, to: bigint) => {
      let total = 0n
      for (let e = from; e < to; e++) total += netEmissionOf(burns.get(e) ?? 0n, capAt(e))
      return total
    }
    for (let from = 0n; from <= 9n; from++) {
      for (let to = from; to <= 9n; to++) {
        expect(await credits().read.netEmissionBetween([from, to]), `[${from}, ${to})`).toBe(model(from, to))
      }
    }
    expect(await credits().read.netEmissionBetween([5n, 2n])).toBe(0n)
    for (let epoch = 0n; epoch <= 8n; epoch++) expect(await credits().read.tokensBurnedIn([epoch])).toBe(burns.get(epoch) ?? 0n)

    // Released at once, each epoch is paid its emission (halved from epoch 4) and its own net emission.
    const receipt = await release()
    const schedule = (e: bigint) => EMISSION >> (e / 4n)
    const perEpoch = [0n, 1n, 2n, 3n, 4n, 5n, 6n].map((e) => schedule(e) + model(e, e + 1n))
    expect(released(receipt)).toEqual([{ fromEpoch: 0n, toEpoch: 7n, amount: perEpoch.reduce((a, b) => a + b, 0n) }])
    expect(await releasedFor([0n, 1n, 2n, 3n, 4n, 5n, 6n])).toEqual(perEpoch)
  })
})

describe('net emissions under a 2,600-token cap', () => {
  let capped: Network
  beforeAll(async () => {
    capped = await ownNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: 2_600n * TOKEN, genesisAllocations: [{ holder: buyer.address, amount: 500n * TOKEN }] },
        credits: { netEmissionCapPerEpoch: NET_CAP },
      },
    })
    await capped.send(buyer, { ...capped.contracts.token, functionName: 'approve', args: [capped.deployment.credits, 500n * TOKEN] })
  })
  afterAll(() => capped.stop())
  revertEachTest(() => capped)
  const { startOfNextEpoch, burn, release, releasedFor } = helpers(() => capped)

  it("still stops at the token's cap, attributing what fits to the epochs in order", async () => {
    await startOfNextEpoch()
    await startOfNextEpoch()
    await release() // epochs 0 and 1: 2,000, supply 2,500
    await burn(100n * TOKEN) // epoch 2: room 200, due 1,000 + 80
    await startOfNextEpoch()
    expect(released(await release())).toEqual([{ fromEpoch: 2n, toEpoch: 3n, amount: 200n * TOKEN }])
    expect(await capped.contracts.token.read.totalSupply()).toBe(2_600n * TOKEN)

    await burn(150n * TOKEN) // epoch 3: 80 re-minted at most; room 150
    await startOfNextEpoch()
    await startOfNextEpoch()
    // Epochs 3 and 4 are due 1,000 + 80 and 500 (halved): the 150 of room goes to epoch 3.
    expect(released(await release())).toEqual([{ fromEpoch: 3n, toEpoch: 5n, amount: 150n * TOKEN }])
    const perEpoch = await releasedFor([0n, 1n, 2n, 3n, 4n])
    expect(perEpoch).toEqual([EMISSION, EMISSION, 200n * TOKEN, 150n * TOKEN, 0n])
    expect(await capped.contracts.token.read.totalSupply()).toBe(2_600n * TOKEN)
    expect(perEpoch.reduce((a, b) => a + b, 0n)).toBe(await capped.contracts.distributor.read.funded())
  })
})
