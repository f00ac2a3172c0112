import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DeviceKey, decodeReportBody, generateDeviceKey, networkIdOf, openSignedReport } from '@pinion/protocol'
import { type Challenge, challengeId, challengeToJson } from '@pinion/kinds'
import { type Hex, hexToBytes } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeIngest, startFakeIngest } from '../../../testkit/src/device/fakeIngestServer.ts'
import { fakeClock, fixedRandom } from '../../../testkit/src/device/fakeClock.ts'
import type { Clock } from '../clock.ts'
import { DeviceError } from '../errors.ts'
import { openFileOutbox } from '../outbox/fileOutbox.ts'
import { fetchChallenges } from '../transport/challengeClient.ts'
import { type DeviceAgent, type FlushResult, createDeviceAgent } from './agent.ts'
import type { DeviceAgentOptions } from './options.ts'

const networkId = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
/** Backoff caps 100, 200, 400 ms; with jitter 0.5 the waits are 75, 150, 300 ms. */
const retry = { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 }
const payload = new Uint8Array([8, 1])

let dir: string
let key: DeviceKey
let oracle: FakeIngest
let clock: ReturnType<typeof fakeClock>
const agents: DeviceAgent[] = []
const servers: FakeIngest[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pinion-agent-'))
  key = generateDeviceKey('ed25519')
  oracle = await server()
  clock = fakeClock()
})
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

async function server(options: { maxBatch?: number } = {}) {
  const s = await startFakeIngest({ networkId, devices: [key], ...options })
  servers.push(s)
  return s
}

async function agent(overrides: Partial<DeviceAgentOptions> = {}) {
  const a = await createDeviceAgent({
    key,
    networkId,
    oracleUrls: [oracle.url],
    kind: 'uptime',
    outboxDir: join(dir, 'outbox'),
    clock,
    random: fixedRandom(0.5),
    retry,
    ...overrides,
  } as DeviceAgentOptions)
  agents.push(a)
  return a
}

const statuses = (result: FlushResult) => result.results.map((r) => `${r.sequence}:${r.status}${r.code === undefined ? '' : `:${r.code}`}`)
const sizes = (s: FakeIngest) => s.requests.map((r) => r.reports)

describe('report', () => {
  it('signs with increasing sequences and the clock’s time, and delivers them in one batch', async () => {
    const a = await agent()
    expect([await a.report('heartbeat', payload), await a.report('heartbeat', payload, 5n)]).toEqual([1n, 2n])
    const result = await a.flush()

    expect(statuses(result)).toEqual(['1:accepted', '2:accepted'])
    expect(result.pending).toBe(0)
    expect(sizes(oracle)).toEqual([2])
    expect(clock.sleeps).toEqual([])
    const bodies = [...oracle.stored.values()].map((r) => decodeReportBody(openSignedReport(r.bytes).body))
    expect(bodies.map((b) => [b.sequence, b.timestampMs, b.kind, b.payloadType])).toEqual([
      [1n, BigInt(clock.now()), 'uptime', 'heartbeat'],
      [2n, 5n, 'uptime', 'heartbeat'],
    ])
  })

  it('never reuses a sequence after a restart, and the restarted agent sends what was left', async () => {
    const first = await agent()
    await first.report('heartbeat', payload)
    await first.report('heartbeat', payload)
    await first.close()
    const second = await agent()
    expect(await second.report('heartbeat', payload)).toBe(3n)
    expect(statuses(await second.flush())).toEqual(['1:accepted', '2:accepted', '3:accepted'])
  })
})

describe('flush retries', () => {
  it('retries a 500 after exponential backoff with jitter', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    oracle.failNext({ type: 'status', status: 500, code: 'PINION_ERR_INTERNAL' })
    const result = await a.flush()
    expect(statuses(result)).toEqual(['1:accepted'])
    expect(clock.sleeps).toEqual([75])
    expect(result.oracles[0]).toEqual({ oracle: oracle.url, requests: 2, waitedMs: 75 })
  })

  it('retries a dropped connection and an uncoded 404 (not the oracle speaking)', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    oracle.failNext({ type: 'close' }, { type: 'status', status: 404 })
    expect(statuses(await a.flush())).toEqual(['1:accepted'])
    expect(clock.sleeps).toEqual([75, 150])
    expect(a.outbox.deadLetters()).toEqual([])
  })

  it('waits as long as a 429’s Retry-After says', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    oracle.failNext({ type: 'status', status: 429, code: 'PINION_ERR_RATE_LIMITED', retryAfter: '7' })
    expect(statuses(await a.flush())).toEqual(['1:accepted'])
    expect(clock.sleeps).toEqual([7_000])
  })

  it('gives up after maxAttempts, keeps the entries, and the next flush delivers them', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    oracle.failNext(...Array.from({ length: 4 }, () => ({ type: 'status' as const, status: 503, code: 'PINION_ERR_UNAVAILABLE' })))
    const failed = await a.flush()
    expect(failed.results).toEqual([])
    expect(failed.pending).toBe(1)
    expect(failed.oracles[0]).toMatchObject({ requests: 4, waitedMs: 75 + 150 + 300, error: { code: 'PINION_ERR_UNAVAILABLE' } })
    expect(clock.sleeps).toEqual([75, 150, 300])

    const retried = await a.flush()
    expect(statuses(retried)).toEqual(['1:accepted'])
    expect(retried.oracles[0]!.error).toBeUndefined()
  })

  it('halves the batch on 413 until the oracle takes it, without waiting', async () => {
    oracle = await server({ maxBatch: 2 })
    const a = await agent({ oracleUrls: [oracle.url] })
    for (let i = 0; i < 5; i++) await a.report('heartbeat', payload)
    const result = await a.flush()
    expect(statuses(result)).toEqual([1, 2, 3, 4, 5].map((s) => `${s}:accepted`))
    expect(sizes(oracle)).toEqual([5, 2, 2, 1])
    expect(clock.sleeps).toEqual([])
  })

  it('sends flushes one after another, never the same entries twice at once', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    const [first, second] = await Promise.all([a.flush(), a.flush()])
    expect(statuses(first)).toEqual(['1:accepted'])
    expect(second.results).toEqual([])
    expect(sizes(oracle)).toEqual([1])
  })
})

describe('flush outcomes', () => {
  it('dead-letters permanent per-report rejections without retrying them', async () => {
    const stranger = generateDeviceKey('p256') // never registered with the oracle
    const a = await agent({ key: stranger })
    await a.report('heartbeat', payload)
    await a.report('heartbeat', payload)
    const result = await a.flush()

    expect(statuses(result)).toEqual(['1:rejected:PINION_ERR_UNKNOWN_DEVICE', '2:rejected:PINION_ERR_UNKNOWN_DEVICE'])
    expect(result.pending).toBe(0)
    expect(oracle.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    await a.close()
    const reopened = openFileOutbox(join(dir, 'outbox'), { oracles: [oracle.url] })
    expect(reopened.deadLetters().map((d) => [d.sequence, d.oracle, d.code])).toEqual([
      [1n, oracle.url, 'PINION_ERR_UNKNOWN_DEVICE'],
      [2n, oracle.url, 'PINION_ERR_UNKNOWN_DEVICE'],
    ])
    reopened.close()
  })

  it('dead-letters a report whose request alone the oracle refuses with a code', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    oracle.failNext({ type: 'status', status: 400, code: 'PINION_ERR_MALFORMED_REPORT' })
    expect(statuses(await a.flush())).toEqual(['1:rejected:PINION_ERR_MALFORMED_REPORT'])
    expect(a.outbox.deadLetters().map((d) => d.code)).toEqual(['PINION_ERR_MALFORMED_REPORT'])
  })

  it('counts a duplicate as delivered: the oracle already held these exact bytes', async () => {
    const a = await agent()
    await a.report('heartbeat', payload)
    // As if an earlier flush reached the oracle but crashed before recording the answer.
    expect(oracle.ingest(a.outbox.pending(oracle.url, 1)[0]!.report)).toEqual({ status: 'accepted' })
    const result = await a.flush()
    expect(statuses(result)).toEqual(['1:duplicate'])
    expect(result.pending).toBe(0)
    expect(a.outbox.deadLetters()).toEqual([])
  })

  it('keeps an entry until every oracle has it, across a restart, and resends only to the one missing', async () => {
    const other = await server()
    const both = { oracleUrls: [oracle.url, other.url] }
    const first = await agent(both)
    await first.report('heartbeat', payload)
    other.failNext(...Array.from({ length: 4 }, () => ({ type: 'status' as const, status: 500 })))
    const partial = await first.flush()
    expect(partial.results).toEqual([{ oracle: oracle.url, sequence: 1n, status: 'accepted' }])
    expect(partial.pending).toBe(1)
    await first.close()

    const second = await agent(both)
    const rest = await second.flush()
    expect(rest.results).toEqual([{ oracle: other.url, sequence: 1n, status: 'accepted' }])
    expect(rest.pending).toBe(0)
    expect(sizes(oracle)).toEqual([1])
    expect(other.stored.size).toBe(1)
  })
})

describe('background loop and challenges', () => {
  it('flushes in the background until stopped', async () => {
    // A clock whose interval sleep lasts until stop(): the loop runs exactly one flush here.
    const intervals: number[] = []
    const parked: Clock = {
      now: () => clock.now(),
      sleep: (ms, signal) => {
        intervals.push(ms)
        return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }))
      },
    }
    let flushed!: (result: FlushResult) => void
    const firstFlush = new Promise<FlushResult>((resolve) => (flushed = resolve))
    const a = await agent({ clock: parked, flushIntervalMs: 1_000, onFlush: (result) => flushed(result) })
    await a.report('heartbeat', payload)
    a.start()
    expect(statuses(await firstFlush)).toEqual(['1:accepted'])
    await a.stop()
    expect(intervals).toEqual([1_000])
  })

  it('answers a challenge of its kind through onChallenge with a signed report, and ignores it without a handler or of another kind', async () => {
    const a = await agent({
      onChallenge: (c, device) => {
        seen.push([c.challengeId, device.deviceId])
        return { payloadType: 'pong', payload: new Uint8Array([2]) }
      },
    })
    const seen: unknown[] = []
    const challenge = challengeFor(a.deviceId, 'uptime')
    expect(await a.handleChallenge(challenge)).toBe(1n)
    expect(seen).toEqual([[challenge.challengeId, a.deviceId]])
    expect(await a.handleChallenge(challengeFor(a.deviceId, 'wireless'))).toBeNull()
    await a.flush()
    const [stored] = [...oracle.stored.values()]
    expect(decodeReportBody(openSignedReport(stored!.bytes).body)).toMatchObject({ kind: 'uptime', payloadType: 'pong', payload: new Uint8Array([2]) })

    const silent = await agent({ outboxDir: join(dir, 'silent') })
    expect(await silent.handleChallenge(challenge)).toBeNull()
  })

  it("fetches its epoch's challenges from the oracle and answers each once, however often it asks", async () => {
    const answered: Hex[] = []
    const a = await agent({
      onChallenge: (c) => {
        answered.push(c.challengeId)
        return { payloadType: 'pong', payload: hexToBytes(c.challengeId) }
      },
    })
    expect(await a.answerChallenges(4n)).toBeNull()
    const mine = [challengeFor(a.deviceId, 'uptime', 4n, 1n), challengeFor(a.deviceId, 'uptime', 4n, 2n)]
    oracle.setChallenges(4n, [...mine, challengeFor(`0x${'ee'.repeat(32)}`, 'uptime', 4n)])
    expect(await a.answerChallenges(4n)).toEqual([1n, 2n])
    expect(await a.answerChallenges(4n)).toEqual([])
    expect(answered).toEqual(mine.map((c) => c.challengeId))
  })

  it('refuses challenges an oracle serves for another device', async () => {
    const a = await agent({ onChallenge: () => ({ payloadType: 'pong', payload: new Uint8Array() }) })
    const theirs = challengeFor(`0x${'ee'.repeat(32)}`, 'uptime', 5n)
    await expect(fetchChallenges(oracle.url, { epoch: 5n, deviceId: a.deviceId }, { fetch: async () => Response.json({ challenges: [challengeToJson(theirs)] }) })).rejects.toThrow(
      /PINION_ERR_CHALLENGES|served challenge .* of device 0xeeee/,
    )
  })
})

/** A challenge of `kind` to `deviceId`, due 1 s after it is issued. */
function challengeFor(deviceId: Hex, kind: string, epoch = 3n, nonce = 1n): Challenge {
  const issued = { deviceId, challengeType: 'ping', payload: new Uint8Array([Number(nonce)]), issuedAtMs: 1_000n * nonce, deadlineMs: 1_000n * nonce + 1_000n }
  return { ...issued, challengeId: challengeId(kind, epoch, issued), kind, epoch }
}

describe('createDeviceAgent options', () => {
  it.each<[string, Partial<DeviceAgentOptions>]>([
    ['no oracle', { oracleUrls: [] }],
    ['the same oracle twice', { oracleUrls: ['http://o.test', 'http://o.test/'] }],
    ['a network id that is not 32 bytes', { networkId: '0x1234' }],
    ['a batch size of 0', { batchSize: 0 }],
  ])('rejects %s with PINION_ERR_AGENT_CONFIG', async (_, overrides) => {
    const error = await agent(overrides).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeviceError)
    expect((error as DeviceError).code).toBe('PINION_ERR_AGENT_CONFIG')
  })
})
