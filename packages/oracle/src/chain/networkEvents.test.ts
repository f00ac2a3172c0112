import type { KindEvent } from '@pinion/kinds'
import { type Hex, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { delegatedCredits, deviceStake } from './networkEvents.ts'

let logIndex = 0
const event = (contract: string, eventName: string, args: Record<string, string>): KindEvent => ({
  contract,
  eventName,
  args,
  blockNumber: 1n,
  logIndex: logIndex++,
  timestampMs: 0n,
})
const ROUTER = `0x${'ab'.repeat(32)}` as Hex

describe('delegatedCredits', () => {
  it('adds up every delegation to each service key, whatever its case, and nothing else Credits says', () => {
    const events = [
      event('Credits', 'CreditsDelegated', { account: '0x01', serviceKey: ROUTER, credits: '500', escrowTotal: '500' }),
      event('Credits', 'ReceiptsSettled', { epoch: '0', count: '1', totalCredits: '200' }),
      event('Credits', 'CreditsDelegated', { account: '0x02', serviceKey: ROUTER.toUpperCase().replace('0X', '0x'), credits: '250', escrowTotal: '550' }),
      event('Staking', 'CreditsDelegated', { serviceKey: ROUTER, credits: '999' }),
    ]
    expect(delegatedCredits(events)).toEqual(new Map([[ROUTER, 750n]]))
  })
})

describe('deviceStake', () => {
  it("keeps each device's stake after its last bond, unbond or executed slash; operators' slashes touch no device", () => {
    const device = toHex(7n, { size: 32 })
    const events = [
      event('Staking', 'DeviceBonded', { deviceId: '7', owner: '0x01', amount: '100', total: '100' }),
      event('Staking', 'DeviceBonded', { deviceId: '7', owner: '0x01', amount: '50', total: '150' }),
      event('Staking', 'DeviceUnbonded', { deviceId: '7', owner: '0x01', amount: '30', total: '120', availableAt: '9' }),
      event('Staking', 'SlashExecuted', { id: ROUTER, subjectType: '1', subject: device, fromBonded: '1', fromUnbonding: '0', bonded: '1', unbonding: '0', burnt: 'false' }),
      event('Staking', 'SlashExecuted', { id: ROUTER, subjectType: '0', subject: device, fromBonded: '100', fromUnbonding: '0', bonded: '20', unbonding: '0', burnt: 'false' }),
    ]
    expect(deviceStake(events)).toEqual(new Map([[device, 20n]]))
    expect(deviceStake(events.slice(0, 3))).toEqual(new Map([[device, 120n]]))
  })
})
