import type { Deployment } from '@pinion/contracts'
import type { Kind } from '@pinion/kinds'
import { uptime } from '@pinion/kinds/uptime'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { type DevnetShared, devnetContext, devnetGenesisAllocations, epochHookOf, kindContracts, setupKindDevnets } from './kindDevnet.ts'

const TOKEN = 10n ** 18n
const [a, b, customer] = ['0x00000000000000000000000000000000000000a1', '0x00000000000000000000000000000000000000b2', '0x00000000000000000000000000000000000000c3'] as Address[]

/** A kind with devnet hooks that records what it was given. */
function withDevnet(name: string, genesisTokens: bigint, calls: unknown[]): Kind {
  return {
    ...uptime,
    name,
    devnet: {
      genesisTokens,
      setup: async (ctx) => void calls.push(['setup', name, ctx.contracts, ctx.devices.length, ctx.random()]),
      epoch: async (ctx, epoch) => void calls.push(['epoch', name, epoch, ctx.random()]),
    },
  } as Kind
}

const deployment = (kinds?: Record<string, Record<string, Address>>) =>
  ({ token: '0x00000000000000000000000000000000000000d4', ...(kinds === undefined ? {} : { kinds }) }) as unknown as Deployment

describe("the kinds' devnets", () => {
  it("fund each kind's operators and the customer with its genesis tokens, and nobody for a kind without hooks", () => {
    const allocations = devnetGenesisAllocations(
      [
        { kind: withDevnet('ping', 1_000n, []), owners: [a!, a!, b!] },
        { kind: uptime as Kind, owners: [a!, b!] },
        { kind: withDevnet('pong', 10n, []), owners: [b!] },
      ],
      customer!,
    )
    expect(allocations).toEqual([
      { holder: a, amount: 1_000n * TOKEN },
      { holder: b, amount: 1_010n * TOKEN },
      { holder: customer, amount: 1_010n * TOKEN },
    ])
    expect(devnetGenesisAllocations([{ kind: uptime as Kind, owners: [a!] }], customer!)).toEqual([])
  })

  it('give each kind its own contracts, none before deployments had kinds, and run setup once and the epoch hook per epoch, seeded', async () => {
    expect(kindContracts(deployment(), 'ping')).toEqual({})
    expect(kindContracts(deployment({ ping: { PingMarket: a! } }), 'ping')).toEqual({ PingMarket: a })
    expect(kindContracts(deployment({ ping: { PingMarket: a! } }), 'uptime')).toEqual({})

    const calls: unknown[] = []
    const shared = { client: {}, deployment: deployment({ ping: { PingMarket: a! } }), customer: {}, seed: 7 } as unknown as DevnetShared
    const runs = [
      { kind: withDevnet('ping', 1n, calls), params: {}, devices: [] },
      { kind: uptime as Kind, params: {}, devices: [] },
    ]
    expect(await setupKindDevnets(runs, shared)).toEqual(['ping'])
    expect(epochHookOf(runs[1]!, shared)).toBeUndefined()
    await epochHookOf(runs[0]!, shared)!(4n)
    await epochHookOf(runs[0]!, shared)!(4n)
    expect(calls.map((c) => (c as unknown[]).slice(0, 4))).toEqual([
      ['setup', 'ping', { PingMarket: a }, 0],
      ['epoch', 'ping', 4n, (calls[1] as unknown[])[3]],
      ['epoch', 'ping', 4n, (calls[1] as unknown[])[3]],
    ])
    // The same epoch draws the same numbers; setup and other epochs draw others.
    expect((calls[1] as unknown[])[3]).toBe((calls[2] as unknown[])[3])
    expect((calls[0] as unknown[])[4]).not.toBe((calls[1] as unknown[])[3])
    expect(devnetContext(runs[0]!, shared, 5n).random()).not.toBe((calls[1] as unknown[])[3])
    expect(devnetContext(runs[0]!, shared, 5n).token).toBe(shared.deployment.token)
  })
})
