import { keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { epochInput } from '../../../testkit/src/oracle/epochFixture.ts'
import { paramsHash } from './paramsHash.ts'

const parsed = (params: unknown) => new Map([['uptime', params]])
const uptime = { subIntervalMs: 5_000n, required: { fractionBps: 5_000 }, requireLocation: false, unassertedLocationBps: 10_000 }

describe('paramsHash', () => {
  it('is keccak256 of the documented canonical JSON document', () => {
    const input = epochInput([], [])
    const document =
      `{"carried":{},"emission":"${input.emission}","epoch":{"endMs":"${input.window.endMs}","entropy":"${input.window.entropy}","epoch":"7","startMs":"${input.window.startMs}"},` +
      `"kinds":{"uptime":{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"5000","unassertedLocationBps":10000}},` +
      `"networkId":"${input.networkId}","pools":[{"basisPoints":9000,"name":"uptime"},{"basisPoints":1000,"name":"treasury"}],` +
      `"residual":{"name":"treasury","recipient":"0x7000000000000000000000000000000000000007"},"version":"pinion/epoch-params/v2"}`
    expect(paramsHash(input, parsed(uptime))).toBe(keccak256(toBytes(document)))
  })

  it('ignores key order and address case, and changes with anything that decides money', () => {
    const input = epochInput([], [])
    const base = paramsHash(input, parsed(uptime))
    const reordered = { unassertedLocationBps: 10_000, requireLocation: false, required: { fractionBps: 5_000 }, subIntervalMs: 5_000n }
    expect(paramsHash(input, parsed(reordered))).toBe(base)
    expect(paramsHash({ ...input, residual: { ...input.residual, recipient: input.residual.recipient.toUpperCase().replace('0X', '0x') as never } }, parsed(uptime))).toBe(base)
    const changed = [
      paramsHash(input, parsed({ ...uptime, subIntervalMs: 5_001n })),
      paramsHash({ ...input, emission: input.emission + 1n }, parsed(uptime)),
      paramsHash({ ...input, pools: [...input.pools].reverse() }, parsed(uptime)),
      paramsHash({ ...input, window: { ...input.window, epoch: 8n } }, parsed(uptime)),
      paramsHash({ ...input, residual: { ...input.residual, name: 'dust' } }, parsed(uptime)),
    ]
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1)
  })
})
