import { describe, expect, it } from 'vitest'
import { routeOf } from './router.ts'
import { searchTarget } from './searchTarget.ts'
import { matchesShortId, parseShortId } from './shortId.ts'

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
    expect(routeOf('/my-devices')).toEqual({ page: 'my-devices' })
    expect(routeOf('/storage')).toEqual({ page: 'storage' })
    expect(routeOf('/storage/deals/12')).toEqual({ page: 'storage-deal', dealId: '12' })
    expect(routeOf('/search/0x12ab%E2%80%A6cdef')).toEqual({ page: 'search', term: '0x12ab…cdef' })
  })

  it('sends a path that is not percent-encoding to "not found", never throws', () => {
    expect(routeOf('/devices/%zz')).toEqual({ page: 'not-found', path: '/devices/%zz' })
  })

  it('sends anything else to "not found"', () => {
    for (const path of [
      '/nope',
      '/search',
      '/my-devices/x',
      '/map/extra',
      '/devices/a/b',
      '/recipients',
      '/governance/1',
      '/economy/1',
      '/storage/12',
      '/storage/deals',
      '/storage/deals/1/x',
      '/storage/providers/1',
    ])
      expect(routeOf(path)).toEqual({ page: 'not-found', path })
  })
})

describe('searchTarget', () => {
  it('finds devices, recipients and epochs, and nothing for other text', () => {
    expect(searchTarget(` ${DEVICE.toUpperCase().replace('0X', '0x')} `)).toBe(`/devices/${DEVICE}`)
    expect(searchTarget(ADDRESS)).toBe(`/recipients/${ADDRESS}`)
    expect(searchTarget('42')).toBe('/epochs/42')
    expect(searchTarget('0x')).toBeUndefined()
    expect(searchTarget('0xzz')).toBeUndefined()
    expect(searchTarget('hello')).toBeUndefined()
  })

  it('sends short ids and hex prefixes to the search page', () => {
    expect(searchTarget(' 0x12ab…cdef ')).toBe('/search/0x12ab%E2%80%A6cdef')
    expect(searchTarget('0x12')).toBe('/search/0x12')
    expect(searchTarget('0x12ab...cdef')).toBe('/search/0x12ab...cdef')
  })
})

describe('short ids', () => {
  it('reads the digits a short id starts and ends with', () => {
    expect(parseShortId('0x1234AB…cdef')).toEqual({ prefix: '1234ab', suffix: 'cdef' })
    expect(parseShortId('0x1234ab...cdef')).toEqual({ prefix: '1234ab', suffix: 'cdef' })
    expect(parseShortId('0x1234ab')).toEqual({ prefix: '1234ab', suffix: '' })
    expect(parseShortId('0x…cdef')).toEqual({ prefix: '', suffix: 'cdef' })
    expect(parseShortId('0x1…')).toEqual({ prefix: '1', suffix: '' })
    for (const term of ['0x', '0x…', '12ab…cdef', '0x12ab…cdeg', '0x12ab…cd…ef', 'hello']) expect(parseShortId(term), term).toBeUndefined()
  })

  it('matches a full id that starts and ends with those digits, whatever their case', () => {
    const id = parseShortId(`0x${DEVICE.slice(2, 8)}…${DEVICE.slice(-4)}`)!
    expect(matchesShortId(DEVICE, id)).toBe(true)
    expect(matchesShortId(DEVICE.toUpperCase().replace('0X', '0x'), id)).toBe(true)
    expect(matchesShortId(ADDRESS, id)).toBe(false)
    // A prefix and suffix that overlap name nothing shorter than both together.
    expect(matchesShortId('0xabcd', parseShortId('0xabc…bcd')!)).toBe(false)
  })
})
