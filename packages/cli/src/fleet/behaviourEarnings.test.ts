import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { behaviourEarnings } from './behaviourEarnings.ts'

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex

describe('behaviourEarnings', () => {
  it('averages earned, slashed and net per device of each behaviour, toward zero, and measures each against honest', () => {
    const devices = [
      { kind: 'wireless', behaviour: 'witness-ring', deviceId: id(1) },
      { kind: 'wireless', behaviour: 'honest', deviceId: id(2) },
      { kind: 'wireless', behaviour: 'honest', deviceId: id(3) },
      { kind: 'wireless', behaviour: 'beacon-replayer', deviceId: id(4) },
      { kind: 'uptime', behaviour: 'flaky', deviceId: id(5) },
    ]
    const earned = new Map([
      [id(1), 5n],
      [id(2), 100n],
      [id(3), 101n],
      [id(4), 82n],
      [id(5), 7n],
    ])
    const slashed = new Map([
      [id(1), 100n],
      [id(4), 100n],
    ])
    expect(behaviourEarnings(devices, earned, slashed)).toEqual([
      { kind: 'wireless', behaviour: 'honest', devices: 2, earned: 100n, slashed: 0n, net: 100n, netVsHonestBps: 10_000 },
      // A replayer that earned 82 % of honest ends up at −18 % once its stake is taken.
      { kind: 'wireless', behaviour: 'beacon-replayer', devices: 1, earned: 82n, slashed: 100n, net: -18n, netVsHonestBps: -1_800 },
      { kind: 'wireless', behaviour: 'witness-ring', devices: 1, earned: 5n, slashed: 100n, net: -95n, netVsHonestBps: -9_500 },
      // No honest uptime device to measure against.
      { kind: 'uptime', behaviour: 'flaky', devices: 1, earned: 7n, slashed: 0n, net: 7n, netVsHonestBps: null },
    ])
  })
})
