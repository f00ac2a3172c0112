import { challengeFromJson } from '@pinion/kinds'
import { type ApiFixture, UNLOCATED_DEVICE, ZURICH_DEVICE, startApiFixture } from '@pinion/testkit/oracle/apiFixture'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('GET /v1/challenges', () => {
  let api: ApiFixture
  beforeAll(async () => {
    api = await startApiFixture()
  })
  afterAll(() => api.close())
  const get = (url: string) => api.app.inject({ method: 'GET', url })

  it("serves an epoch's challenges with ids their fields hash to, all or one device's", async () => {
    const all = await get('/v1/challenges?epoch=2')
    expect(all.statusCode).toBe(200)
    const { epoch, challenges } = all.json() as { epoch: string; challenges: Parameters<typeof challengeFromJson>[0][] }
    expect(epoch).toBe('2')
    expect(challenges).toHaveLength(1)
    expect(challengeFromJson(challenges[0]!)).toMatchObject({ kind: 'ping', epoch: 2n, deviceId: ZURICH_DEVICE })
    expect((await get(`/v1/challenges?epoch=2&deviceId=${ZURICH_DEVICE.toUpperCase().replace('0X', '0x')}`)).json().challenges).toHaveLength(1)
    expect((await get(`/v1/challenges?epoch=2&deviceId=${UNLOCATED_DEVICE}`)).json()).toEqual({ epoch: '2', challenges: [] })
  })

  it('says an epoch that has not begun is not started (retryable), after waiting up to waitMs', async () => {
    const now = await get('/v1/challenges?epoch=9')
    expect([now.statusCode, now.json().code]).toEqual([409, 'PINION_ERR_EPOCH_NOT_STARTED'])
    const waited = await get('/v1/challenges?epoch=9&waitMs=300')
    expect(waited.json().code).toBe('PINION_ERR_EPOCH_NOT_STARTED')
  })

  it('refuses a missing epoch, a bad device id and a wait beyond its bound, with their codes', async () => {
    expect((await get('/v1/challenges')).json().code).toBe('PINION_ERR_BAD_EPOCH')
    expect((await get('/v1/challenges?epoch=1&deviceId=0x12')).json().code).toBe('PINION_ERR_BAD_DEVICE_ID')
    expect((await get('/v1/challenges?epoch=1&waitMs=30001')).json().code).toBe('PINION_ERR_BAD_QUERY')
  })
})
