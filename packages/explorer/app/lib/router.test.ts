import { describe, expect, it } from 'vitest'
import { routeOf } from './router.ts'
import { searchTarget } from './searchTarget.ts'

const DEVICE = `0x${'ab'.repeat(32)}`
const ADDRESS = `0x${'cd'.repeat(20)}`

describe('routeOf', () => {
  it('knows every page by its path', () => {
    expect(routeOf('/')).toEqual({ page: 'overview' })
    expect(routeOf('/map')).toEqual({ page: 'map' })
    expect(routeOf('/devices')).toEqual({ page: 'devices' })
    expect(routeOf(`/devices/${DEVICE}`)).toEqual({ page: 'device', deviceId: DEVICE })
    expect(routeOf('/epochs/12')).toEqual({ page: 'epoch', epoch: '12' })
    expect(routeOf('/rewards')).toEqual({ page: 'rewards' })
    expect(routeOf(`/recipients/${ADDRESS}`)).toEqual({ page: 'recipient', address: ADDRESS })
    expect(routeOf('/governance')).toEqual({ page: 'governance' })
    expect(routeOf('/economy')).toEqual({ page: 'economy' })
  })

  it('sends anything else to "not found"', () => {
    for (const path of ['/nope', '/map/extra', '/devices/a/b', '/recipients', '/governance/1', '/economy/1']) expect(routeOf(path)).toEqual({ page: 'not-found', path })
  })
})

describe('searchTarget', () => {
  it('finds devices, recipients and epochs, and nothing for other text', () => {
    expect(searchTarget(` ${DEVICE.toUpperCase().replace('0X', '0x')} `)).toBe(`/devices/${DEVICE}`)
    expect(searchTarget(ADDRESS)).toBe(`/recipients/${ADDRESS}`)
    expect(searchTarget('42')).toBe('/epochs/42')
    expect(searchTarget('0x12')).toBeUndefined()
    expect(searchTarget('hello')).toBeUndefined()
  })
})
