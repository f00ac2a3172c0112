import { parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindEvent } from '../src/chain.ts'
import { STORAGE_MARKET, STORAGE_MARKET_EVENTS, foldStorageEvents } from './chain.ts'
import { EPOCH, dealEvents, deviceId, payloads } from './fixtures.ts'

const base = dealEvents([
  { dealId: 1n, device: 1, pieces: payloads(1, 2, 1024), acceptedAtMs: EPOCH.startMs - 5_000n },
  { dealId: 2n, device: 1, pieces: payloads(2, 1, 1024), acceptedAtMs: EPOCH.startMs - 4_000n },
  { dealId: 3n, device: 2, pieces: payloads(3, 1, 1024), acceptedAtMs: EPOCH.startMs - 3_000n },
])
let block = 1_000n
const event = (eventName: string, args: Record<string, string>): KindEvent => ({
  contract: STORAGE_MARKET,
  eventName,
  args,
  blockNumber: block++,
  logIndex: 0,
  timestampMs: EPOCH.startMs,
})
const FIVE = '5000000000000000000'

describe('foldStorageEvents', () => {
  it('parses as viem ABI', () => {
    expect(parseAbi(STORAGE_MARKET_EVENTS)).toHaveLength(STORAGE_MARKET_EVENTS.length)
  })

  it('folds deals with their pieces, and their collateral as stake per device and provider; no revenue', () => {
    const { state, stake, operatorStake, revenue } = foldStorageEvents(base, EPOCH)
    const deals = (state as { deals: Map<bigint, { pieces: unknown[]; state: string; collateralLeft: bigint }> }).deals
    expect([...deals.keys()]).toEqual([1n, 2n, 3n])
    expect(deals.get(1n)!.pieces).toHaveLength(2)
    expect(deals.get(1n)!.state).toBe('active')
    expect(stake).toEqual(
      new Map([
        [deviceId(1), 10n * 10n ** 18n],
        [deviceId(2), 5n * 10n ** 18n],
      ]),
    )
    expect(operatorStake).toEqual(new Map([['0x1000000000000000000000000000000000000001', 15n * 10n ** 18n]]))
    expect(revenue).toEqual(new Map())
  })

  it('a fault takes its fee off the collateral; an ended, terminated or completed deal holds none', () => {
    const faulted = foldStorageEvents([...base, event('PeriodFaulted', { dealId: '1', epoch: '6', fee: '1000000000000000000', consecutiveFaults: '1' })], EPOCH)
    expect(faulted.stake.get(deviceId(1))).toBe(9n * 10n ** 18n)
    for (const name of ['DealEnded', 'DealTerminated', 'DealCompleted']) {
      const { stake, state } = foldStorageEvents([...base, event(name, { dealId: '3', refunded: '0', slashed: FIVE, collateralReturned: '0', epoch: '6' })], EPOCH)
      expect(stake.has(deviceId(2))).toBe(false)
      expect((state as { deals: Map<bigint, { state: string }> }).deals.get(3n)!.state).not.toBe('active')
    }
  })

  it('a proposed deal is not active and holds no stake until accepted; a cancelled one never does', () => {
    const proposedOnly = base.filter((e) => !(e.eventName === 'DealAccepted' && e.args.dealId === '3'))
    const { stake, state } = foldStorageEvents([...proposedOnly, event('DealCancelled', { dealId: '3', refunded: '0' })], EPOCH)
    expect(stake.has(deviceId(2))).toBe(false)
    expect((state as { deals: Map<bigint, { state: string }> }).deals.get(3n)!.state).toBe('cancelled')
  })

  it('folds the same whatever order the events come in', () => {
    expect(foldStorageEvents([...base].reverse(), EPOCH)).toEqual(foldStorageEvents(base, EPOCH))
  })

  it('refuses a deal id that is not a uint256 in decimal', () => {
    expect(() => foldStorageEvents([event('DealAccepted', { dealId: '-1', deviceId: '1', provider: '0x01' })], EPOCH)).toThrow(/dealId must be a uint256/)
  })
})
