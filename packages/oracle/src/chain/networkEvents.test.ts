import type { KindEvent } from '@pinion/kinds'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { delegatedCredits } from './networkEvents.ts'

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
