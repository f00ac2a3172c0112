import type { Address, Hash, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { DevnetContext } from '../src/devnet.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { PING_GENESIS_TOKENS, paymentsFor, pingDevnet } from './devnet.ts'
import { deviceId } from './fixtures.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'

const TOKEN = 10n ** 18n
const MIN = DEFAULT_PING_PARAMS.minStake
const token: Address = '0x7070000000000000000000000000000000000001'
const market: Address = '0x3a3a000000000000000000000000000000000002'

/**
 * A chain that keeps just what the hooks touch (stakes, the customer's balance) and records every
 * transaction as "<from> <function> <args>"; a transaction whose function is in `reverting` reverts.
 */
function fakeChain(behaviours: string[], { balance = 1_000n * TOKEN, reverting = [] as string[] } = {}) {
  const stakes = new Map<bigint, bigint>()
  const sent: string[] = []
  const statuses = new Map<Hash, 'success' | 'reverted'>()
  const wallet = (name: string, address: Address) => ({
    account: { address },
    async writeContract({ address: to, functionName, args }: { address: Address; functionName: string; args: readonly bigint[] | readonly [Address, bigint] }) {
      const shown = args.map((a) => (a === market ? 'market' : typeof a === 'bigint' && a >= TOKEN ? `${a / TOKEN}T` : String(a)))
      sent.push(`${name} ${to === token ? 'token' : 'market'}.${functionName}(${shown.join(', ')})`)
      if (functionName === 'bond') stakes.set(args[0] as bigint, (stakes.get(args[0] as bigint) ?? 0n) + (args[1] as bigint))
      const hash = `0x${sent.length.toString(16).padStart(64, '0')}` as Hash
      statuses.set(hash, reverting.includes(functionName) ? 'reverted' : 'success')
      return hash
    },
  })
  const client = {
    async readContract({ functionName, args }: { functionName: string; args: readonly [bigint] }) {
      return functionName === 'stakeOf' ? (stakes.get(args[0]) ?? 0n) : balance
    },
  }
  const devices = behaviours.map((behaviour, i) => ({ deviceId: deviceId(i + 1), behaviour, owner: wallet(`owner${i + 1}`, `0x${String(i + 1).padStart(40, '0')}`) }))
  const ctx = {
    params: DEFAULT_PING_PARAMS,
    client,
    receiptOf: async (hash: Hash) => ({ status: statuses.get(hash) }),
    token,
    contracts: { PingMarket: market },
    devices,
    customer: wallet('customer', '0xc0c0000000000000000000000000000000000003'),
    random: seededRandom(42),
  } as unknown as DevnetContext<typeof DEFAULT_PING_PARAMS>
  return { ctx, stakes, sent }
}

describe('ping devnet', () => {
  it('funds operators and the customer with enough to bond a thousand devices', () => {
    expect(PING_GENESIS_TOKENS * TOKEN).toBe(1_000n * MIN)
  })

  it('bonds minStake for each device, half for understaked ones, and nothing more when run again', async () => {
    const { ctx, stakes, sent } = fakeChain(['honest', 'understaked', 'late'])
    await pingDevnet.setup!(ctx)
    expect(sent).toEqual([
      'owner1 token.approve(market, 100T)',
      'owner1 market.bond(1, 100T)',
      'owner2 token.approve(market, 50T)',
      'owner2 market.bond(2, 50T)',
      'owner3 token.approve(market, 100T)',
      'owner3 market.bond(3, 100T)',
    ])
    expect(stakes).toEqual(
      new Map([
        [1n, MIN],
        [2n, MIN / 2n],
        [3n, MIN],
      ]),
    )
    sent.length = 0
    await pingDevnet.setup!(ctx)
    expect(sent).toEqual([])
  })

  it('tops up a device bonded below its target, by the difference only', async () => {
    const { ctx, stakes, sent } = fakeChain(['honest'])
    stakes.set(1n, 30n * TOKEN)
    await pingDevnet.setup!(ctx)
    expect(sent).toEqual(['owner1 token.approve(market, 70T)', 'owner1 market.bond(1, 70T)'])
  })

  it('stops with the failed step when a transaction reverts, or when the market was not deployed', async () => {
    await expect(pingDevnet.setup!(fakeChain(['honest'], { reverting: ['bond'] }).ctx)).rejects.toThrow(
      /could not bond 100000000000000000000 for device 0x0+1: transaction 0x0+2 reverted/,
    )
    const { ctx } = fakeChain(['honest'])
    await expect(pingDevnet.setup!({ ...ctx, contracts: {} })).rejects.toThrow('the ping devnet needs the PingMarket contract; deploy() deployed none')
  })

  it('has the customer approve the total and pay a seeded subset of devices 1 to 10 tokens each', async () => {
    const { ctx, sent } = fakeChain(['honest', 'honest', 'late', 'silent', 'impostor', 'honest'])
    const planned = paymentsFor(ctx.devices, seededRandom(42))
    expect(planned.length).toBeGreaterThan(0)
    await pingDevnet.epoch!(ctx, 1n)
    const total = planned.reduce((sum, p) => sum + p.amount, 0n)
    expect(sent).toEqual([`customer token.approve(market, ${total / TOKEN}T)`, ...planned.map((p) => `customer market.pay(${BigInt(p.deviceId)}, ${p.amount / TOKEN}T)`)])
    for (const { amount } of planned) expect(amount >= TOKEN && amount <= 10n * TOKEN && amount % TOKEN === 0n).toBe(true)
  })

  it('pays only while the customer can afford it, and nothing once it cannot', async () => {
    const devices: Hex[] = Array.from({ length: 40 }, (_, i) => deviceId(i + 1))
    const planned = paymentsFor(
      devices.map((d) => ({ deviceId: d })),
      seededRandom(42),
    )
    const affordable = planned[0]!.amount + planned[1]!.amount
    const { ctx, sent } = fakeChain(Array(40).fill('honest'), { balance: affordable + 1n })
    await pingDevnet.epoch!(ctx, 1n)
    expect(sent.filter((s) => s.includes('.pay('))).toHaveLength(2)
    const broke = fakeChain(['honest', 'honest', 'honest', 'honest'], { balance: 0n })
    await pingDevnet.epoch!(broke.ctx, 1n)
    expect(broke.sent).toEqual([])
  })
})
