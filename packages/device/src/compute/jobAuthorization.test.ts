import { type Hex, keccak256, stringToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { jobAuthorizationOf, jobDeliverySigner, signJobDelivery } from './jobAuthorization.ts'

const customer = privateKeyToAccount(keccak256(stringToBytes('pinion compute job authorization test')))
const delivery = { leaseId: 7n, specHash: keccak256(stringToBytes('a job')) }

describe('job delivery authorization', () => {
  it('recovers the customer from its signature, and another address for any other lease or spec', async () => {
    const signature = await signJobDelivery(customer, delivery)
    expect(await jobDeliverySigner(delivery, signature)).toBe(customer.address)
    expect(await jobDeliverySigner({ ...delivery, leaseId: 8n }, signature)).not.toBe(customer.address)
    expect(await jobDeliverySigner({ ...delivery, specHash: keccak256(stringToBytes('another job')) }, signature)).not.toBe(customer.address)
  })

  it('recovers nobody from what is not a 65-byte signature', async () => {
    const signature = await signJobDelivery(customer, delivery)
    expect(await jobDeliverySigner(delivery, signature.slice(0, -2) as Hex)).toBeNull()
    expect(await jobDeliverySigner(delivery, `0x${'00'.repeat(65)}`)).toBeNull()
    expect(await jobDeliverySigner(delivery, 'nonsense' as Hex)).toBeNull()
  })

  it('reads the signature from a `Pinion-Job` Authorization header only', async () => {
    const signature = await signJobDelivery(customer, delivery)
    expect(jobAuthorizationOf(`Pinion-Job ${signature}`)).toBe(signature)
    expect(jobAuthorizationOf(`Bearer ${signature}`)).toBeNull()
    expect(jobAuthorizationOf(`Pinion-Job ${signature}00`)).toBeNull()
    expect(jobAuthorizationOf(undefined)).toBeNull()
  })
})
