import { PinionError } from '@pinion/protocol'
import { type Address, type Hash, type Hex, parseAbi } from 'viem'
import type { DevnetContext, DevnetDevice, KindDevnet } from '../src/devnet.ts'
import { PING_MARKET } from './chain.ts'
import type { PingParams } from './params.ts'
import { TOKEN_UNIT } from './rules.ts'

// Only what the hooks call, as human-readable ABI: the kinds package never depends on @pinion/contracts.
const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)', 'function balanceOf(address owner) view returns (uint256)'])
const PING_MARKET_ABI = parseAbi([
  'function bond(uint256 deviceId, uint256 amount)',
  'function pay(uint256 deviceId, uint256 amount)',
  'function stakeOf(uint256 deviceId) view returns (uint256)',
])

/** Whole tokens each operator and the customer get at genesis: a thousand devices' minimum stake, or years of devnet payments. */
export const PING_GENESIS_TOKENS = 100_000n
/** Each epoch the customer pays each device with this probability… */
export const PAID_DEVICE_PROBABILITY = 0.5
/** …between 1 and this many whole tokens. */
export const MAX_PAYMENT_TOKENS = 10

/** What a device of `behaviour` bonds: minStake, or half of it for `understaked`. */
export function stakeTarget(behaviour: string, params: PingParams): bigint {
  return behaviour === 'understaked' ? params.minStake / 2n : params.minStake
}

/**
 * Each device's owner bonds up to its target (stakeTarget): it reads stakeOf first and bonds only the
 * difference, so running setup again (a resumed devnet) bonds nothing twice.
 */
async function setup(ctx: DevnetContext<PingParams>): Promise<void> {
  const market = marketOf(ctx)
  for (const device of ctx.devices) {
    const missing = stakeTarget(device.behaviour, ctx.params) - (await stakeOf(ctx, market, device.deviceId))
    if (missing <= 0n) continue
    await confirmed(
      ctx,
      `approve ${missing} for device ${device.deviceId}`,
      await device.owner.writeContract({
        address: ctx.token,
        abi: TOKEN_ABI,
        functionName: 'approve',
        args: [market, missing],
      }),
    )
    await confirmed(
      ctx,
      `bond ${missing} for device ${device.deviceId}`,
      await device.owner.writeContract({
        address: market,
        abi: PING_MARKET_ABI,
        functionName: 'bond',
        args: [BigInt(device.deviceId), missing],
      }),
    )
  }
}

/**
 * The customer pays for service: each device, in fleet order, with probability PAID_DEVICE_PROBABILITY,
 * 1 to MAX_PAYMENT_TOKENS whole tokens (ctx.random decides both), as long as its balance lasts. The
 * market burns what it is paid, so the customer approves the total first.
 */
async function epoch(ctx: DevnetContext<PingParams>): Promise<void> {
  const market = marketOf(ctx)
  const planned = paymentsFor(ctx.devices, ctx.random)
  const balance = await ctx.client.readContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'balanceOf', args: [ctx.customer.account.address] })
  const payments: typeof planned = []
  let total = 0n
  for (const payment of planned) {
    if (total + payment.amount > balance) break
    payments.push(payment)
    total += payment.amount
  }
  if (payments.length === 0) return
  await confirmed(ctx, `approve ${total} for service`, await ctx.customer.writeContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [market, total] }))
  for (const { deviceId, amount } of payments) {
    await confirmed(
      ctx,
      `pay ${amount} to device ${deviceId}`,
      await ctx.customer.writeContract({
        address: market,
        abi: PING_MARKET_ABI,
        functionName: 'pay',
        args: [BigInt(deviceId), amount],
      }),
    )
  }
}

/** The payments one epoch's customer plans, in fleet order: which devices, how much (token's smallest unit). */
export function paymentsFor(devices: readonly Pick<DevnetDevice, 'deviceId'>[], random: () => number): { deviceId: Hex; amount: bigint }[] {
  const payments: { deviceId: Hex; amount: bigint }[] = []
  for (const { deviceId } of devices) {
    if (random() >= PAID_DEVICE_PROBABILITY) continue
    payments.push({ deviceId, amount: BigInt(1 + Math.floor(random() * MAX_PAYMENT_TOKENS)) * TOKEN_UNIT })
  }
  return payments
}

function marketOf(ctx: DevnetContext<PingParams>): Address {
  const market = ctx.contracts[PING_MARKET]
  if (market === undefined)
    throw new PinionError('PINION_ERR_SIMULATION', `the ping devnet needs the ${PING_MARKET} contract; deploy() deployed ${Object.keys(ctx.contracts).join(', ') || 'none'}`)
  return market
}

function stakeOf(ctx: DevnetContext<PingParams>, market: Address, deviceId: Hex): Promise<bigint> {
  return ctx.client.readContract({ address: market, abi: PING_MARKET_ABI, functionName: 'stakeOf', args: [BigInt(deviceId)] })
}

async function confirmed(ctx: DevnetContext<PingParams>, what: string, hash: Hash): Promise<void> {
  const receipt = await ctx.receiptOf(hash)
  if (receipt.status !== 'success') throw new PinionError('PINION_ERR_SIMULATION', `the ping devnet could not ${what}: transaction ${hash} reverted`)
}

/** What `pinion up` does on chain for a ping network: operators bond, the customer pays. */
export const pingDevnet: KindDevnet<PingParams> = { genesisTokens: PING_GENESIS_TOKENS, setup, epoch }
