import { devnetAccounts, kindArtifacts } from '@pinion/contracts'
import type { Kind, KindEvent } from '@pinion/kinds'
import { workerNetwork } from '@pinion/testkit/chain'
import { openTestDb } from '@pinion/testkit/db'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import type { Account, Address, TransactionReceipt } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../store/db.ts'
import { followOnce, processedBlock } from './follower.ts'
import { type KindContract, kindContractsToFollow, kindEventsUpTo } from './kindEvents.ts'

const TOKEN = 10n ** 18n
const GENESIS = 1_000n * TOKEN

/** The ping kind as the follower sees it: its contract and the events it indexes (the rest of a Kind is not read). */
const ping = {
  name: 'ping',
  chain: {
    contracts: {
      PingMarket: [
        'event StakeBonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total)',
        'event StakeUnbonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total, uint64 availableAt)',
        'event StakeWithdrawn(uint256 indexed deviceId, address indexed operator, uint256 amount)',
        'event ServicePaid(uint256 indexed deviceId, address indexed customer, uint256 amount)',
      ],
    },
    fold: () => {
      throw new Error('not folded here')
    },
  },
} as unknown as Kind
const kinds = new Map([['ping', ping]])

describe('kind events (anvil devnet, the ping kind’s PingMarket)', () => {
  let net: Network
  let db: Db
  let cleanup: () => Promise<void>
  let contracts: KindContract[]
  let operator: Account
  let customer: Account
  let deviceId: bigint
  let receipts: { bonded: TransactionReceipt; paid: TransactionReceipt; unbonded: TransactionReceipt; withdrawn: TransactionReceipt }

  beforeAll(async () => {
    // The network's users (localNetwork): genesis allocations name them before the network exists.
    const [first, second] = devnetAccounts(7).slice(5, 7)
    ;[operator, customer] = [first!, second!]
    net = await workerNetwork({
      deploy: {
        token: {
          name: 'Pinion',
          symbol: 'PIN',
          cap: TOKEN_CAP,
          genesisAllocations: [
            { holder: operator.address, amount: GENESIS },
            { holder: customer.address, amount: GENESIS },
          ],
        },
        kinds: ['ping'],
      },
    })
    ;({ db, cleanup } = await openTestDb())
    contracts = kindContractsToFollow(kinds, net.deployment.kinds)

    const market = { address: net.deployment.kinds.ping!.PingMarket!, abi: kindArtifacts.ping.PingMarket.abi }
    deviceId = await net.registerDevice(operator.address, 'kind events device')
    for (const account of [operator, customer]) await net.send(account, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
    const bonded = await net.send(operator, { ...market, functionName: 'bond', args: [deviceId, 100n * TOKEN] })
    const paid = await net.send(customer, { ...market, functionName: 'pay', args: [deviceId, 25n * TOKEN] })
    const unbonded = await net.send(operator, { ...market, functionName: 'unbond', args: [deviceId, 40n * TOKEN] })
    await net.travel(7n * 86_400n)
    const withdrawn = await net.send(operator, { ...market, functionName: 'withdraw', args: [deviceId] })
    receipts = { bonded, paid, unbonded, withdrawn }
  })
  afterAll(async () => {
    await cleanup()
  })

  const follow = (on: Db, kindContracts: readonly KindContract[] = contracts) =>
    followOnce({ db: on, client: net.publicClient as never, registry: net.deployment.registry, fromBlock: net.deployment.blockNumber, confirmations: 0, kindContracts })
  const timestampMsOf = async (receipt: TransactionReceipt) => (await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp * 1000n
  const lower = (address: Address) => address.toLowerCase()

  /** What the follower must have indexed: every event, in chain order, with its arguments as canonical strings. */
  async function expected(): Promise<KindEvent[]> {
    const id = deviceId.toString()
    const at = async (receipt: TransactionReceipt) => ({
      contract: 'PingMarket',
      blockNumber: receipt.blockNumber,
      logIndex: receipt.logs.find((log) => lower(log.address) === lower(net.deployment.kinds.ping!.PingMarket!))!.logIndex,
      timestampMs: await timestampMsOf(receipt),
    })
    const availableAt = (await timestampMsOf(receipts.unbonded)) / 1000n + 7n * 86_400n
    return [
      { ...(await at(receipts.bonded)), eventName: 'StakeBonded', args: { deviceId: id, operator: lower(operator.address), amount: `${100n * TOKEN}`, total: `${100n * TOKEN}` } },
      { ...(await at(receipts.paid)), eventName: 'ServicePaid', args: { deviceId: id, customer: lower(customer.address), amount: `${25n * TOKEN}` } },
      {
        ...(await at(receipts.unbonded)),
        eventName: 'StakeUnbonded',
        args: { deviceId: id, operator: lower(operator.address), amount: `${40n * TOKEN}`, total: `${60n * TOKEN}`, availableAt: `${availableAt}` },
      },
      { ...(await at(receipts.withdrawn)), eventName: 'StakeWithdrawn', args: { deviceId: id, operator: lower(operator.address), amount: `${40n * TOKEN}` } },
    ]
  }

  it('indexes bonds, payments, unbondings and withdrawals as the registry is followed, and reads them back exactly, in chain order', async () => {
    const head = await follow(db)
    expect(head).toBeGreaterThanOrEqual(receipts.withdrawn.blockNumber)
    expect(await processedBlock(db, net.deployment.blockNumber, contracts)).toBe(head)
    const all = await expected()
    expect(await kindEventsUpTo(db, 'ping', head)).toEqual(all)
    // As of a block: only what happened by then.
    expect(await kindEventsUpTo(db, 'ping', receipts.paid.blockNumber)).toEqual(all.slice(0, 2))
    expect(await kindEventsUpTo(db, 'ping', receipts.bonded.blockNumber - 1n)).toEqual([])
    expect(await kindEventsUpTo(db, 'other', head)).toEqual([])
    // Following again changes nothing.
    expect(await follow(db)).toBe(head)
    expect(await kindEventsUpTo(db, 'ping', head)).toEqual(all)
    // The registry was followed in the same pass.
    const { rows } = await db.query<{ owner: string }>('select owner from devices where device_id = $1', [`0x${deviceId.toString(16).padStart(64, '0')}`])
    expect(rows).toEqual([{ owner: lower(operator.address) }])
  })

  it('catches a kind up when it is followed for the first time, over a registry followed without it', async () => {
    const other = await openTestDb()
    try {
      const head = await follow(other.db, [])
      // The registry is done; the kind's contract has not been read, so the whole is not.
      expect(await processedBlock(other.db, net.deployment.blockNumber)).toBe(head)
      expect(await processedBlock(other.db, net.deployment.blockNumber, contracts)).toBe(net.deployment.blockNumber - 1n)
      expect(await kindEventsUpTo(other.db, 'ping', head)).toEqual([])

      expect(await follow(other.db)).toBe(head)
      expect(await processedBlock(other.db, net.deployment.blockNumber, contracts)).toBe(head)
      expect(await kindEventsUpTo(other.db, 'ping', head)).toEqual(await expected())
    } finally {
      await other.cleanup()
    }
  })

  it('refuses to follow a kind whose contract the deployment lacks', () => {
    expect(() => kindContractsToFollow(kinds, {})).toThrow(expect.objectContaining({ code: 'PINION_ERR_KIND_NOT_DEPLOYED' }))
    expect(() => kindContractsToFollow(kinds, { ping: {} })).toThrow(/kind ping indexes the events of its contract PingMarket, but the deployment has no PingMarket/)
  })
})
