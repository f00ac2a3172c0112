import { describe, expect, it } from 'vitest'
import { parseListen, parseQuota } from './storageNodeFlags.ts'

describe('pinion storage node flags', () => {
  it('reads --quota in bytes or a unit, SI or IEC', () => {
    expect(parseQuota('1000')).toBe(1_000)
    expect(parseQuota('10GiB')).toBe(10 * 2 ** 30)
    expect(parseQuota('10gib')).toBe(10 * 2 ** 30)
    expect(parseQuota('500 MB')).toBe(500_000_000)
    expect(parseQuota('2TB')).toBe(2e12)
    expect(parseQuota('1B')).toBe(1)
    expect(parseQuota('8191TiB')).toBe(8191 * 2 ** 40)
  })

  it.each(['0', '0GiB', '1.5GiB', '-1', '10 GiBs', 'GiB', '', '10XB', '8192TiB', '99999999999999999'])('refuses --quota %j with PINION_ERR_STORAGE_NODE_FLAGS', (value) => {
    expect(() => parseQuota(value)).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_NODE_FLAGS', message: expect.stringContaining('--quota') }))
  })

  it('reads --listen as host:port, an IPv6 host in brackets', () => {
    expect(parseListen('127.0.0.1:28967')).toEqual({ host: '127.0.0.1', port: 28_967 })
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 })
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8_080 })
    expect(parseListen('node.example:443')).toEqual({ host: 'node.example', port: 443 })
  })

  it.each(['28967', '127.0.0.1', '127.0.0.1:70000', ':80', '::1:80', 'a b:80', '127.0.0.1:-1'])('refuses --listen %j with PINION_ERR_STORAGE_NODE_FLAGS', (value) => {
    expect(() => parseListen(value)).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_NODE_FLAGS', message: expect.stringContaining('--listen') }))
  })
})
