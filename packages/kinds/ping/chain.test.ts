import { parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindEvent } from '../src/chain.ts'
import { PING_MARKET, PING_MARKET_EVENTS, deviceIdFromUint, foldPingEvents, pingChain } from './chain.ts'
import { DEVNET_EPOCH, deviceId } from './fixtures.ts'

const alice = '0xa11ce00000000000000000000000000000000001'
const bob = '0xb0b0000000000000000000000000000000000002'
const customer = '0xc0c0000000000000000000000000000000000003'
const { startMs, endMs } = DEVNET_EPOCH

let log = 0
function event(eventName: string, args: Record<string, string>, timestampMs = startMs - 1_000n, contract = PING_MARKET): KindEvent {
  log++
  return { contract, eventName, args, blockNumber: BigInt(log), logIndex: 0, timestampMs }
}
const bonded = (device: number, operator: string, amount: bigint, total: bigint) =>
  event('StakeBonded', { deviceId: String(device), operator, amount: String(amount), total: String(total) })
const unbonded = (device: number, operator: string, amount: bigint, total: bigint) =>
  event('StakeUnbonded', { deviceId: String(device), operator, amount: String(amount), total: String(total), availableAt: '1767226000' })
const paid = (device: number, amount: bigint, timestampMs: bigint) => event('ServicePaid', { deviceId: String(device), customer, amount: String(amount) }, timestampMs)

describe('ping chain', () => {
  it("declares PingMarket's events as viem parses them, with the arguments fold reads", () => {
    const abi = parseAbi(PING_MARKET_EVENTS)
    expect(abi.map((e) => [e.name, e.inputs.map((i) => i.name)])).toEqual([
      ['StakeBonded', ['deviceId', 'operator', 'amount', 'total']],
      ['StakeUnbonded', ['deviceId', 'operator', 'amount', 'total', 'availableAt']],
      ['StakeWithdrawn', ['deviceId', 'operator', 'amount']],
      ['ServicePaid', ['deviceId', 'customer', 'amount']],
    ])
    expect(pingChain.contracts).toEqual({ PingMarket: PING_MARKET_EVENTS })
  })

  it('names devices by 0x and 64 lower-case hex digits, and refuses anything but a uint256 in decimal', () => {
    expect(deviceIdFromUint('255')).toBe(`0x${'0'.repeat(62)}ff`)
    expect(deviceIdFromUint((2n ** 256n - 1n).toString())).toBe(`0x${'f'.repeat(64)}`)
    for (const bad of ['0x10', '-1', '01', ' 1', '', (2n ** 256n).toString()]) expect(() => deviceIdFromUint(bad)).toThrow(/must be a uint256 in decimal/)
  })

  it('folds stake as bonded minus unbonded per device and per operator, as of the last event', () => {
    const events = [
      bonded(1, alice, 60n, 60n),
      bonded(1, alice, 40n, 100n),
      bonded(2, alice, 100n, 100n),
      bonded(3, bob, 50n, 50n),
      unbonded(1, alice, 30n, 70n),
      event('StakeWithdrawn', { deviceId: '1', operator: alice, amount: '30' }),
      unbonded(3, bob, 50n, 0n),
    ]
    const state = foldPingEvents(events, DEVNET_EPOCH)
    expect(state.stake).toEqual(
      new Map([
        [deviceId(1), 70n],
        [deviceId(2), 100n],
      ]),
    ) // device 3 unbonded all of it: absent, not 0
    expect(state.operatorStake).toEqual(new Map([[alice, 170n]]))
    expect(state.revenue).toEqual(new Map())
  })

  it("counts an operator that unbonds another operator's bond at zero, not below", () => {
    const state = foldPingEvents([bonded(1, alice, 100n, 100n), unbonded(1, bob, 100n, 0n), bonded(2, bob, 10n, 10n)], DEVNET_EPOCH)
    expect(state.operatorStake).toEqual(
      new Map([
        [alice, 100n],
        [bob, 10n],
      ]),
    )
  })

  it('sums ServicePaid per device over blocks timestamped in [start, end) only', () => {
    const events = [paid(1, 5n, startMs - 1n), paid(1, 7n, startMs), paid(1, 11n, endMs - 1n), paid(1, 13n, endMs), paid(2, 3n, startMs + 500n)]
    expect(foldPingEvents(events, DEVNET_EPOCH).revenue).toEqual(
      new Map([
        [deviceId(1), 18n],
        [deviceId(2), 3n],
      ]),
    )
  })

  it('folds in chain order whatever order it is given, and ignores other contracts and unknown events', () => {
    const events = [bonded(1, alice, 100n, 100n), unbonded(1, alice, 100n, 0n), bonded(1, alice, 5n, 5n)]
    const state = foldPingEvents(events, DEVNET_EPOCH)
    expect(foldPingEvents([...events].reverse(), DEVNET_EPOCH)).toEqual(state)
    expect(state.stake).toEqual(new Map([[deviceId(1), 5n]]))
    const noise = [event('StakeBonded', { deviceId: '1', operator: alice, amount: '1', total: '1' }, 0n, 'Other'), event('Slashed', { deviceId: '1' })]
    expect(foldPingEvents([...events, ...noise], DEVNET_EPOCH)).toEqual(state)
  })
})
