import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { canonicalOrder } from './canonicalOrder.ts'
import { keyFor, shuffled, sign } from '../../../testkit/src/oracle/epochFixture.ts'

const wrap = (items: Uint8Array[]) => items.map((signed) => ({ signed }))

describe('canonicalOrder', () => {
  const keys = [keyFor('order/a'), keyFor('order/b', 'p256'), keyFor('order/c')]
  const reports = keys.flatMap((key) => [3n, 1n, 2n, 10n].map((sequence) => sign(key, { sequence })))
  const garbage = [new Uint8Array([1, 2, 3]), new Uint8Array([0x0a, 0x00])]

  it('orders by device id, then sequence as a number, then report id; undecodable reports last by id', () => {
    const { ordered } = canonicalOrder(wrap([...garbage, ...shuffled(reports, 1)]))
    const decoded = ordered.filter((r) => r.body !== null).map((r) => [r.body!.deviceId, r.body!.sequence] as const)
    expect(decoded).toEqual([...decoded].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : Number(x[1] - y[1]))))
    expect(decoded.map(([, s]) => s).slice(0, 4)).toEqual([1n, 2n, 3n, 10n]) // 10 after 3: numbers, not strings
    const tail = ordered.slice(-2)
    expect(tail.every((r) => r.body === null && r.sealed === null)).toBe(true)
    expect(tail.map((r) => r.reportId)).toEqual(garbage.map((g) => keccak256(g)).sort())
  })

  it('hashes the ids in that order, independent of the given order and of repeats', () => {
    const { ordered, inputsHash } = canonicalOrder(wrap([...reports, ...garbage]))
    const concatenated = Buffer.concat(ordered.map((r) => Buffer.from(r.reportId.slice(2), 'hex')))
    expect(inputsHash).toBe(keccak256(concatenated))
    expect(canonicalOrder(wrap([...shuffled([...reports, ...garbage], 2), reports[0]!, garbage[0]!])).inputsHash).toBe(inputsHash)
    expect(canonicalOrder(wrap(reports.slice(1))).inputsHash).not.toBe(inputsHash)
    expect(canonicalOrder([]).inputsHash).toBe(keccak256(new Uint8Array()))
  })
})
