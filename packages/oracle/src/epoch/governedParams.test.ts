import { kinds } from '@pinion/kinds'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { ECONOMY_PARAMS_NAME, POOLS_PARAMS_NAME, TIMELOCK_TREASURY, governedParams, kindParamsName } from './governedParams.ts'

const TIMELOCK = '0x00000000000000000000000000000000000000Aa' as Address
const OTHER = '0x00000000000000000000000000000000000000bB' as Address
const uptime = new Map([['uptime', kinds.get('uptime')!]])
const pools = [
  { name: 'uptime.uptime', basisPoints: 9_000 },
  { name: 'treasury', basisPoints: 1_000 },
]
const hashes = (recipient: Address | typeof TIMELOCK_TREASURY, timelock?: Address, economy = {}) =>
  governedParams(uptime, new Map(), pools, { name: 'treasury', recipient }, economy, timelock)

describe('governedParams', () => {
  it('names one entry per kind, one for the pools, and one for the economy once it has rules', () => {
    expect(hashes(OTHER).map((p) => p.name)).toEqual([kindParamsName('uptime'), POOLS_PARAMS_NAME])
    expect(hashes(OTHER, undefined, { slashing: { stakeBps: 10_000 } }).map((p) => p.name)).toEqual([kindParamsName('uptime'), POOLS_PARAMS_NAME, ECONOMY_PARAMS_NAME])
  })

  it('writes a residual recipient that is the network’s timelock by its role: the same hash before deploy() made it and after', () => {
    const beforeDeploy = hashes(TIMELOCK_TREASURY)
    expect(hashes(TIMELOCK, TIMELOCK)).toEqual(beforeDeploy)
    expect(hashes(TIMELOCK.toLowerCase() as Address, TIMELOCK)).toEqual(beforeDeploy)
    // Any other recipient is written as its address, and changes the pools' hash only.
    const other = hashes(OTHER, TIMELOCK)
    expect(other[0]).toEqual(beforeDeploy[0])
    expect(other[1]!.hash).not.toBe(beforeDeploy[1]!.hash)
    // Without the timelock given, its address is just an address.
    expect(hashes(TIMELOCK)[1]!.hash).not.toBe(beforeDeploy[1]!.hash)
  })
})
