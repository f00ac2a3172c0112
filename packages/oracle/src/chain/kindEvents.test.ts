import type { Kind } from '@pinion/kinds'
import { type AbiEvent, type Address, type Hex, type Log, encodeAbiParameters, encodeEventTopics, parseAbi, parseAbiItem } from 'viem'
import { describe, expect, it } from 'vitest'
import { type KindContract, decodeKindLogs, kindContractsToFollow } from './kindEvents.ts'

const MARKET: Address = '0x00000000000000000000000000000000000000AA'
const OTHER: Address = '0x00000000000000000000000000000000000000bb'
const kindWith = (name: string, contracts: Record<string, readonly string[]>) => [name, { name, chain: { contracts, fold: () => ({}) } } as unknown as Kind] as const
const PING_EVENTS = [
  'event StakeBonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total)',
  'event ServicePaid(uint256 indexed deviceId, address indexed customer, uint256 amount)',
]

describe('kindContractsToFollow', () => {
  it('follows each declared contract of each kind with chain, at its deployed address, and nothing of kinds without', () => {
    const followed = kindContractsToFollow(new Map([kindWith('ping', { PingMarket: PING_EVENTS }), ['uptime', { name: 'uptime' } as Kind]]), {
      ping: { PingMarket: MARKET },
      uptime: {},
    })
    expect(followed).toEqual([{ kind: 'ping', contract: 'PingMarket', address: '0x00000000000000000000000000000000000000AA', events: parseAbi(PING_EVENTS) }])
    // A kind without contracts needs nothing deployed, even from a deployment that predates kinds.
    expect(kindContractsToFollow(new Map([['uptime', { name: 'uptime' } as Kind]]), undefined)).toEqual([])
  })

  it('refuses declarations that would silently index nothing', () => {
    const follow =
      (events: readonly string[], kind = 'ping', contract = 'PingMarket') =>
      () =>
        kindContractsToFollow(new Map([kindWith(kind, { [contract]: events })]), { [kind]: { [contract]: MARKET } })
    const fails = (events: readonly string[], message: RegExp) =>
      expect(follow(events)).toThrow(expect.objectContaining({ code: 'PINION_ERR_KIND_EVENTS', message: expect.stringMatching(message) }))
    // PingMarket's device ids are uint256: a bytes32 id has another topic, and no log would match.
    fails(
      ['event StakeBonded(bytes32 indexed deviceId, address indexed operator, uint256 amount, uint256 total)'],
      /declares event StakeBonded\(bytes32 indexed deviceId.*which PingMarket does not emit; it emits .*StakeBonded\(uint256 indexed deviceId/,
    )
    // The same types indexed otherwise decode otherwise.
    fails(['event ServicePaid(uint256 indexed deviceId, address customer, uint256 amount)'], /which PingMarket does not emit/)
    fails(['event ServicePaid(uint256 indexed deviceId, address indexed, uint256 amount)'], /argument 1 has no name/)
    fails(['function pay(uint256 deviceId, uint256 amount)'], /declares a function, not an event/)
    fails(['event Broken(uint256'], /do not parse as human-readable ABI/)
    // A contract the build does not know is not checked against an ABI, but still parsed.
    expect(follow(['event Anything(uint256 indexed id, bool ok)'], 'elsewhere', 'Market')()).toHaveLength(1)
    expect(() =>
      kindContractsToFollow(new Map([kindWith('a', { Market: PING_EVENTS.slice(1) }), kindWith('b', { Market: PING_EVENTS.slice(1) })]), {
        a: { Market: MARKET },
        b: { Market: MARKET },
      }),
    ).toThrow(/is at 0x00000000000000000000000000000000000000AA, like kind a's Market/)
  })
})

describe('decodeKindLogs', () => {
  const contract = (signature: string): KindContract => ({ kind: 'demo', contract: 'Demo', address: OTHER, events: [parseAbiItem(signature) as AbiEvent] })
  const logOf = (signature: string, args: Record<string, unknown>, nonIndexed: readonly unknown[], position = { blockNumber: 7n, logIndex: 3 }): Log => {
    const event = parseAbiItem(signature) as AbiEvent
    return {
      address: OTHER,
      topics: encodeEventTopics({ abi: [event], args } as never) as [Hex, ...Hex[]],
      data: encodeAbiParameters(event.inputs.filter((i) => !i.indexed) as never, nonIndexed as never),
      ...position,
      blockHash: `0x${'00'.repeat(32)}`,
      transactionHash: `0x${'00'.repeat(32)}`,
      transactionIndex: 0,
      removed: false,
    } as Log
  }

  it('gives every argument as a canonical string: hex lower case, integers decimal, booleans as words, arrays and tuples as JSON', () => {
    const signature =
      'event Mixed(address indexed who, string indexed tag, address addr, bytes4 sel, bytes blob, int32 delta, uint8 small, bool ok, string note, uint256[] ids, (address owner, bool live) pair)'
    const who: Address = '0xabCDeF0123456789AbcdEf0123456789aBCDEF01'
    const log = logOf(signature, { who, tag: 'Hello' }, [who, '0xDEADBEEF', '0xAB01', -5, 200, true, 'Mixed Case 0xAB', [1n, 2n ** 200n], { owner: who, live: false }])
    const [event] = decodeKindLogs(contract(signature), [log], new Map([[7n, 1_700_000_000_000n]]))
    const lowerWho = who.toLowerCase()
    expect(event).toEqual({
      kind: 'demo',
      contract: 'Demo',
      address: OTHER,
      eventName: 'Mixed',
      blockNumber: 7n,
      logIndex: 3,
      timestampMs: 1_700_000_000_000n,
      args: {
        who: lowerWho,
        // An indexed string is only its hash in the log.
        tag: '0x06b3dfaec148fb1bb2b066f10ec285e7c9bf402ab32aa78a5d38e34566810cd2',
        addr: lowerWho,
        sel: '0xdeadbeef',
        blob: '0xab01',
        delta: '-5',
        small: '200',
        ok: 'true',
        note: 'Mixed Case 0xAB',
        ids: JSON.stringify(['1', (2n ** 200n).toString()]),
        pair: JSON.stringify({ owner: lowerWho, live: 'false' }),
      },
    })
  })

  it('leaves out logs of events the kind does not declare', () => {
    const log = logOf('event Other(uint256 indexed id)', { id: 1n }, [])
    expect(decodeKindLogs(contract('event Wanted(uint256 indexed id)'), [log], new Map())).toEqual([])
  })

  it('refuses a log with a declared event’s topic that does not decode as declared', () => {
    const log = { ...logOf('event Wanted(uint256 indexed id, uint256 amount)', { id: 1n }, [5n]), data: '0x' as Hex }
    expect(() => decodeKindLogs(contract('event Wanted(uint256 indexed id, uint256 amount)'), [log], new Map())).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_KIND_EVENTS', message: expect.stringMatching(/block 7, index 3.*does not decode as Wanted/) }),
    )
  })
})
