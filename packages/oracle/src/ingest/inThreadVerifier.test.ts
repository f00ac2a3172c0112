import { describe, expect, it } from 'vitest'
import { InThreadVerifier } from './inThreadVerifier.ts'
import { verifyRequests } from '@pinion/testkit/oracle/sampleReports'
import { VerifyPool } from './verifyPool.ts'

describe('InThreadVerifier', () => {
  it('gives the verdicts the pool gives, in request order', async () => {
    const { items, expected } = verifyRequests(30)
    const verifier = new InThreadVerifier()
    expect([...(await verifier.verify(items))]).toEqual(expected)
    expect(await verifier.verify([])).toEqual(new Uint8Array(0))
    const pool = await VerifyPool.start({ size: 1 })
    try {
      expect(await pool.verify(items)).toEqual(await verifier.verify(items))
    } finally {
      await pool.close()
    }
  })

  it('refuses work once closed, with PINION_ERR_UNAVAILABLE', async () => {
    const verifier = new InThreadVerifier()
    await verifier.close()
    await expect(verifier.verify(verifyRequests(1).items)).rejects.toMatchObject({ code: 'PINION_ERR_UNAVAILABLE' })
  })
})
