import { describe, expect, it } from 'vitest'
import { addressSubject, deviceSubject, reasonCode, reasonText, sharesForAmount, slashOrderDigest, slashOrderId } from './staking.ts'

describe('staking encodings', () => {
  it('writes a reason code as a left-aligned bytes32 string and reads it back', () => {
    const code = reasonCode('wireless.BEACON_REPLAY')
    expect(code).toBe(`0x${Buffer.from('wireless.BEACON_REPLAY').toString('hex').padEnd(64, '0')}`)
    expect(reasonText(code)).toBe('wireless.BEACON_REPLAY')
    expect(() => reasonCode('')).toThrow('reason code "" is 0 bytes, expected 1 to 32')
    expect(() => reasonCode('x'.repeat(33))).toThrow('is 33 bytes, expected 1 to 32')
    expect(reasonText(reasonCode('x'.repeat(32)))).toBe('x'.repeat(32))
  })

  it('writes subjects as Staking keys them: a device id as 32 bytes, an address left-padded', () => {
    expect(deviceSubject(1n)).toBe(`0x${'0'.repeat(63)}1`)
    expect(addressSubject('0x00000000000000000000000000000000000000AB')).toBe(`0x${'0'.repeat(62)}ab`)
    expect(() => addressSubject('0x1234' as never)).toThrow('"0x1234" is not an address')
  })

  it("signs an order's EIP-712 digest, which changes with any field and with the contract's address", () => {
    const staking = '0x0000000000000000000000000000000000000001'
    const order = { epoch: 1n, version: 0, subjectType: 0, subject: deviceSubject(7n), amount: 5n, reason: reasonCode('uptime.X'), evidenceHash: deviceSubject(9n) }
    const digest = slashOrderDigest(31_337, staking, order)
    expect(digest).toMatch(/^0x[0-9a-f]{64}$/)
    expect(slashOrderDigest(31_337, staking, order)).toBe(digest)
    expect(slashOrderDigest(31_337, staking, { ...order, amount: 6n })).not.toBe(digest)
    expect(slashOrderDigest(1, staking, order)).not.toBe(digest)
    expect(slashOrderDigest(31_337, '0x0000000000000000000000000000000000000002', order)).not.toBe(digest)
  })

  it('names an order by its subject and epoch alone: re-signed under another version, amount or reason, it is the same order', () => {
    const order = { epoch: 1n, version: 0, subjectType: 0, subject: deviceSubject(7n), amount: 5n, reason: reasonCode('uptime.X'), evidenceHash: deviceSubject(9n) }
    const id = slashOrderId(order)
    expect(slashOrderId({ ...order, version: 3, amount: 6n, reason: reasonCode('uptime.Y') } as typeof order)).toBe(id)
    expect(slashOrderId({ ...order, epoch: 2n })).not.toBe(id)
    expect(slashOrderId({ ...order, subjectType: 1 })).not.toBe(id)
    expect(slashOrderId({ ...order, subject: deviceSubject(8n) })).not.toBe(id)
  })

  it('rounds the shares for an amount up, so that they are worth at least the amount', () => {
    for (const [tokens, shares] of [
      [90n, 100n],
      [7n, 13n],
      [10n ** 20n, 10n ** 20n + 3n],
    ] as const) {
      for (const amount of [1n, 2n, 5n, tokens / 3n, tokens]) {
        const needed = sharesForAmount(amount, { tokens, shares }, shares)
        expect((needed * tokens) / shares).toBeGreaterThanOrEqual(amount)
        if (needed > 0n) expect(((needed - 1n) * tokens) / shares).toBeLessThan(amount)
      }
    }
  })
})
