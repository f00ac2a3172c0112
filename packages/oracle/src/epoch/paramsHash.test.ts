import { keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { NO_KIND_INPUTS } from '@pinion/kinds'
import { epochInput } from '../../../testkit/src/oracle/epochFixture.ts'
import { paramsHash } from './paramsHash.ts'

const parsed = (params: unknown) => ({ params: new Map([['uptime', params]]) })
const uptime = { subIntervalMs: 5_000n, required: { fractionBps: 5_000 }, requireLocation: false, unassertedLocationBps: 10_000 }

describe('paramsHash', () => {
  it('is keccak256 of the documented canonical JSON document, version 2 (pools by local name, no rules, no inputs)', () => {
    const input = { ...epochInput([], []), paramsDocument: 2 as const }
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

  it("version 3 names pools qualified and adds every kind's rules version and its inputs when it has any", () => {
    const input = epochInput([], [])
    const rules = new Map([['uptime', 1]])
    const challenge = {
      challengeId: `0x${'ab'.repeat(32)}` as const,
      kind: 'uptime',
      epoch: 7n,
      deviceId: `0x${'cd'.repeat(32)}` as const,
      challengeType: 'ping',
      payload: new Uint8Array(),
      issuedAtMs: 1n,
      deadlineMs: 2n,
    }
    const inputs = new Map([['uptime', { ...NO_KIND_INPUTS, challenges: [challenge], stake: new Map([[challenge.deviceId, 5n]]) }]])
    const common =
      `"emission":"${input.emission}","epoch":{"endMs":"${input.window.endMs}","entropy":"${input.window.entropy}","epoch":"7","startMs":"${input.window.startMs}"},` +
      `"kinds":{"uptime":{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"5000","unassertedLocationBps":10000}},` +
      `"networkId":"${input.networkId}","pools":[{"basisPoints":9000,"name":"uptime.uptime"},{"basisPoints":1000,"name":"treasury"}],` +
      `"residual":{"name":"treasury","recipient":"0x7000000000000000000000000000000000000007"},"rules":{"uptime":1},"version":"pinion/epoch-params/v3"}`
    const withInputs = `{"carried":{},${common.slice(0, common.indexOf('"kinds"'))}"inputs":{"uptime":{"challenges":["${challenge.challengeId}"],"operatorStake":{},"revenue":{},"stake":{"${challenge.deviceId}":"5"}}},${common.slice(common.indexOf('"kinds"'))}`
    expect(paramsHash(input, { ...parsed(uptime), rules, inputs })).toBe(keccak256(toBytes(withInputs)))
    const without = `{"carried":{},${common.slice(0, common.indexOf('"kinds"'))}"inputs":{},${common.slice(common.indexOf('"kinds"'))}`
    expect(paramsHash(input, { ...parsed(uptime), rules, inputs: new Map([['uptime', NO_KIND_INPUTS]]) })).toBe(keccak256(toBytes(without)))
    expect(paramsHash(input, { ...parsed(uptime), rules: new Map([['uptime', 2]]) })).not.toBe(paramsHash(input, { ...parsed(uptime), rules }))
  })

  it('version 3 adds the credit escrows, price and ledger on networks with credits (zero balances left out), and nothing without', () => {
    const input = epochInput([], [])
    const rules = new Map([['uptime', 1]])
    const router = `0x${'AB'.repeat(32)}` as const
    const credits = { creditsPerToken: 100_000n, delegated: new Map([[router, 900n]]), charged: new Map([[router, 0n]]) }
    const base = paramsHash(input, { ...parsed(uptime), rules })
    const withCredits = paramsHash({ ...input, credits }, { ...parsed(uptime), rules })
    const document = (json: string) =>
      `{"carried":{},"credits":${json},"emission":"${input.emission}","epoch":{"endMs":"${input.window.endMs}","entropy":"${input.window.entropy}","epoch":"7","startMs":"${input.window.startMs}"},` +
      `"inputs":{},"kinds":{"uptime":{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"5000","unassertedLocationBps":10000}},` +
      `"networkId":"${input.networkId}","pools":[{"basisPoints":9000,"name":"uptime.uptime"},{"basisPoints":1000,"name":"treasury"}],` +
      `"residual":{"name":"treasury","recipient":"0x7000000000000000000000000000000000000007"},"rules":{"uptime":1},"version":"pinion/epoch-params/v3"}`
    expect(withCredits).toBe(keccak256(toBytes(document(`{"charged":{},"creditsPerToken":"100000","delegated":{"${router.toLowerCase()}":"900"}}`))))
    expect(withCredits).not.toBe(base)
    const changed = [
      paramsHash({ ...input, credits: { ...credits, creditsPerToken: 100_001n } }, { ...parsed(uptime), rules }),
      paramsHash({ ...input, credits: { ...credits, charged: new Map([[router, 1n]]) } }, { ...parsed(uptime), rules }),
      paramsHash({ ...input, credits: { ...credits, delegated: new Map([[router, 901n]]) } }, { ...parsed(uptime), rules }),
    ]
    expect(new Set([withCredits, ...changed]).size).toBe(4)
    const shared = paramsHash({ ...input, credits, revenueShare: { shareBps: 10_000, maxEmissionBps: 5_000 } }, { ...parsed(uptime), rules })
    const sharedLess = paramsHash({ ...input, credits, revenueShare: { shareBps: 9_000, maxEmissionBps: 5_000 } }, { ...parsed(uptime), rules })
    expect(new Set([withCredits, shared, sharedLess]).size).toBe(3)
  })
})
