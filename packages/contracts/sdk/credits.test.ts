import { encodeAbiParameters, keccak256, zeroHash } from 'viem'
import { describe, expect, it } from 'vitest'
import { HELIUM_NET_EMISSION_RATIO, creditsForTokens, creditsPerTokenFromUsd, netEmissionOf, receiptsHash } from './credits.ts'

const TOKEN = 10n ** 18n

describe('credits maths', () => {
  it('prices credits per whole token, rounding toward zero', () => {
    expect(creditsForTokens(TOKEN, 100_000n)).toBe(100_000n)
    expect(creditsForTokens(10n ** 13n - 1n, 100_000n)).toBe(0n)
    expect(creditsForTokens(3n * 10n ** 13n + 9n, 100_000n)).toBe(3n)
    expect(() => creditsForTokens(-1n, 1n)).toThrow(RangeError)
    expect(creditsPerTokenFromUsd(199_999_999n, 8)).toBe(199_999n)
    expect(() => creditsPerTokenFromUsd(0n, 8)).toThrow(/the answer is 0, expected a positive price/)
  })

  it('re-mints what was burnt up to the cap, nothing with a cap of 0', () => {
    expect(netEmissionOf(5n, 3n)).toBe(3n)
    expect(netEmissionOf(2n, 3n)).toBe(2n)
    expect(netEmissionOf(2n, 0n)).toBe(0n)
  })

  it("keeps Helium's net emission cap relative to its emission: 1,643.83561643 HNT of 20,547.945 HNT a day", () => {
    // 7.5 M HNT a year over 365 daily epochs, in 10^-8 HNT (HNT has 8 decimals).
    const dailyEmission = (7_500_000n * 10n ** 8n) / 365n
    expect((dailyEmission * HELIUM_NET_EMISSION_RATIO.numerator) / HELIUM_NET_EMISSION_RATIO.denominator).toBe(164_383_561_643n)
  })

  it('hashes receipts as abi.encode(Receipt[]): an offset word, the length, then four words each', () => {
    const receipt = { id: `0x${'11'.repeat(32)}`, serviceKey: `0x${'22'.repeat(32)}`, deviceId: `0x${'33'.repeat(32)}`, credits: 7n } as const
    const word = (n: bigint) => encodeAbiParameters([{ type: 'uint256' }], [n]).slice(2)
    const expected = keccak256(`0x${word(32n)}${word(1n)}${receipt.id.slice(2)}${receipt.serviceKey.slice(2)}${receipt.deviceId.slice(2)}${word(7n)}`)
    expect(receiptsHash([receipt])).toBe(expected)
    expect(receiptsHash([])).toBe(keccak256(`0x${word(32n)}${word(0n)}`))
    expect(receiptsHash([receipt, receipt])).not.toBe(receiptsHash([receipt]))
    expect(receiptsHash([{ ...receipt, id: zeroHash }])).not.toBe(expected)
  })
})
