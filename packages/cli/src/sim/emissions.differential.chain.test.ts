/**
 * The simulator's supply maths against the real Emissions contract on anvil: the same schedule, cap
 * and burns, epoch by epoch, must mint the same amounts to the wei. The run crosses three halvings,
 * runs into the cap, and has burns make room under it again (more than, less than and exactly one
 * epoch's emission). Net emissions are left out (0): Emissions mints the schedule only.
 */
import { devnetAccounts, emissionsAbi } from '@pinion/contracts'
import { parseEventLogs } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { HALVING_INTERVAL, INITIAL_EPOCH_EMISSION, type Network } from '@pinion/testkit/localNetwork'
import { TOKEN, USD } from './credits.ts'
import { emissionOf, scheduledBetween } from './emissions.ts'
import { WHOLE_SPEND_UP_TO_EMISSION } from './operatorRevenue.ts'
import { type TokenomicsParams, simulateTokenomics } from './tokenomicsModel.ts'

/** `deployNetwork`'s accounts: admin, three oracles, the maker, then the users; users[1] gets the genesis allocation. */
const HOLDER = devnetAccounts(11)[6]!.address
const GENESIS = 2_000n * TOKEN
/** An odd cap, so that the clamp cuts an emission mid-wei rather than on a round number. */
const CAP = 6_789_012_345_678_901_234_567n

const params: TokenomicsParams = {
  schedule: { initialEpochEmission: INITIAL_EPOCH_EMISSION, halvingInterval: HALVING_INTERVAL },
  cap: CAP,
  initialSupply: GENESIS,
  netEmissionCapPerEpoch: 0n,
  mode: 'revenue-share',
  revenueShare: WHOLE_SPEND_UP_TO_EMISSION,
}

/**
 * The burns, in tokens, as demand at $1 a token (100,000 credits a token: $1 of demand burns one
 * token). With 1,000 tokens an epoch halving every 4: the cap bites in epoch 7; epoch 8 has no room,
 * epoch 9 room for less than its emission, epoch 10 for more, epoch 15 for exactly its emission.
 */
const BURNS = ['0', '150.5', '0', '300', '75.25', '0', '420.12345', '10', '0', '200', '333.33333', '0', '50', '5', '0', '125']
const toUsd = (tokens: string) => {
  const [whole, fraction = ''] = tokens.split('.')
  return BigInt(whole!) * USD + BigInt(fraction.padEnd(18, '0'))
}
const path = { demandUsd: BURNS.map(toUsd), priceUsd: BURNS.map(() => USD) }

let net: Network
beforeAll(async () => {
  net = await workerNetwork({ deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: CAP, genesisAllocations: [{ holder: HOLDER, amount: GENESIS }] } } })
})
revertEachTest(() => net)

describe('the simulator against Emissions.sol', () => {
  const model = simulateTokenomics(params, path)

  it('is a run that crosses halvings, hits the cap and makes room again (else the comparison proves little)', () => {
    expect(model.map((o) => o.burned)).toEqual(path.demandUsd)
    expect(new Set(model.map((o) => o.scheduled / TOKEN))).toEqual(new Set([1_000n, 500n, 250n, 125n]))
    expect(model.findIndex((o) => o.clipped > 0n)).toBe(7)
    expect(model[7]!.totalSupply).toBe(CAP)
    expect(model[8]!.minted).toBe(0n)
    expect([model[9]!.minted, model[9]!.clipped]).toEqual([200n * TOKEN, 50n * TOKEN])
    expect([model[10]!.minted, model[10]!.clipped]).toEqual([250n * TOKEN, 0n])
    expect([model[15]!.minted, model[15]!.clipped, model[15]!.totalSupply]).toEqual([125n * TOKEN, 0n, CAP])
  })

  it('mints what the contract mints, epoch by epoch, burning as the model burns', async () => {
    const { token, emissions } = net.contracts
    expect(net.accounts.users[1]!.address).toBe(HOLDER)
    expect(await token.read.totalSupply()).toBe(GENESIS)
    for (const outcome of model) {
      if (outcome.burned > 0n) await net.send(net.accounts.users[1]!, { ...token, functionName: 'burn', args: [outcome.burned] })
      const receipt = await net.releaseEpochs(1n)
      const [released] = parseEventLogs({ abi: emissionsAbi, logs: receipt.logs, eventName: 'EmissionReleased' }).map((log) => log.args)
      const epoch = BigInt(outcome.epoch)
      expect({ epoch: outcome.epoch, ...released }).toEqual({ epoch: outcome.epoch, fromEpoch: epoch, toEpoch: epoch + 1n, amount: outcome.minted })
      expect(await token.read.totalSupply()).toBe(outcome.totalSupply)
      expect(await emissions.read.emissionOf([epoch])).toBe(outcome.scheduled)
      expect(await emissions.read.emissionReleasedFor([epoch])).toBe(outcome.minted)
    }
    expect(await token.read.balanceOf([net.deployment.distributor])).toBe(model.reduce((sum, o) => sum + o.minted, 0n))
  })

  it('schedules what the contract schedules, for single epochs and ranges across halvings', async () => {
    const { emissions } = net.contracts
    for (let epoch = 0n; epoch < 80n; epoch++) expect(await emissions.read.emissionOf([epoch])).toBe(emissionOf(epoch, params.schedule))
    const ranges: [bigint, bigint][] = [
      [0n, 0n],
      [0n, 1n],
      [0n, 16n],
      [3n, 5n],
      [7n, 9n],
      [5n, 300n],
      [100n, 2n ** 64n - 1n],
    ]
    for (const [from, to] of ranges) expect(await emissions.read.scheduledBetween([from, to])).toBe(scheduledBetween(from, to, params.schedule))
    expect(await emissions.read.emissionOf([2n ** 64n - 1n])).toBe(emissionOf(2n ** 64n - 1n, params.schedule))
  })
})
