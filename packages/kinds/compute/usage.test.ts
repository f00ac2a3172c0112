import { type Hex, hexToBytes, keccak256, stringToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { type TaskUsage, signUsage, signUsageWithKey, usageSigner } from './usage.ts'

const customer = privateKeyToAccount(keccak256(stringToBytes('customer')))
const usage: TaskUsage = { leaseId: 3n, specHash: keccak256(stringToBytes('spec')), task: 4, resultHash: keccak256(stringToBytes('result')), fuelUsed: 123_456n }
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

describe('usage counter-signatures', () => {
  it("recover the customer who signed the usage, and nobody's for other usage", async () => {
    const signature = await signUsage(customer, usage)
    expect(usageSigner(usage, signature)).toBe(customer.address)
    expect(usageSigner({ ...usage, fuelUsed: 123_457n }, signature)).not.toBe(customer.address)
    expect(usageSigner({ ...usage, task: 5 }, signature)).not.toBe(customer.address)
  })

  it('refuse the high-s twin of a valid signature, a bad v and bytes that are no signature', async () => {
    const signature = hexToBytes(await signUsage(customer, usage))
    const s = BigInt(toHex(signature.subarray(32, 64)))
    const twin = new Uint8Array(signature)
    twin.set(hexToBytes(toHex(N - s, { size: 32 })), 32)
    twin[64] = signature[64] === 27 ? 28 : 27
    expect(usageSigner(usage, toHex(twin))).toBeNull()
    const badV = new Uint8Array(signature)
    badV[64] = 1
    expect(usageSigner(usage, toHex(badV))).toBeNull()
    expect(usageSigner(usage, `0x${'00'.repeat(65)}` as Hex)).toBeNull()
    expect(usageSigner(usage, '0x1234')).toBeNull()
  })
})

describe('a simulated customer counter-signing from its key', () => {
  it('signs what signUsage signs, byte for byte (RFC 6979 nonces)', async () => {
    const key = keccak256(stringToBytes('customer'))
    expect(signUsageWithKey(key, usage)).toBe(await signUsage(customer, usage))
  })
})
