import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { arweaveTerms, endowmentFor } from './endowment.ts'

const GIB = 1n << 30n
const TOKEN = 10n ** 18n

describe('endowmentFor', () => {
  it("prices Arweave's terms at 20 replicas × 200 price-years, of which the storer gets 1/21 at once", () => {
    const quote = endowmentFor(arweaveTerms(GIB, TOKEN))
    expect(quote.priceYears).toBe(200n * ONE)
    expect(quote.total).toBe(4_000n * TOKEN)
    expect(quote.immediate).toBe((4_000n * TOKEN) / 21n)
    expect(quote.immediate + quote.endowment).toBe(quote.total)
  })

  it('pays for N years of a falling price: (1 − 0.995^200) / 0.005 ≈ 126.6 price-years for 200 years, N without a decline', () => {
    const twoHundred = endowmentFor({ bytes: GIB, pricePerGiBYear: TOKEN, replicas: 1, years: 200, annualDeclineBps: 50 })
    expect(Math.abs(Number(twoHundred.priceYears) / 1e18 - (1 - 0.995 ** 200) / 0.005)).toBeLessThan(1e-9)
    expect(endowmentFor({ bytes: GIB, pricePerGiBYear: TOKEN, replicas: 3, years: 10, annualDeclineBps: 0 }).total).toBe(30n * TOKEN)
    // Half a GiB costs half.
    expect(endowmentFor({ bytes: GIB / 2n, pricePerGiBYear: TOKEN, replicas: 3, years: 10, annualDeclineBps: 0 }).total).toBe(15n * TOKEN)
  })

  it('refuses forever without a decline, negative amounts, no replicas and declines of 100 % or more', () => {
    const refused = expect.objectContaining({ code: 'PINION_ERR_MATH' })
    expect(() => endowmentFor({ ...arweaveTerms(GIB, TOKEN), annualDeclineBps: 0 })).toThrow(refused)
    expect(() => endowmentFor({ ...arweaveTerms(-1n, TOKEN) })).toThrow(refused)
    expect(() => endowmentFor({ ...arweaveTerms(GIB, TOKEN), replicas: 0 })).toThrow(refused)
    expect(() => endowmentFor({ ...arweaveTerms(GIB, TOKEN), annualDeclineBps: 10_000 })).toThrow(refused)
  })
})
