import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './loadConfig.ts'
import { defineNetwork } from './network.ts'
import { refusedConfig as refused } from './refusedConfig.ts'

const PING_POOLS = { 'ping.availability': 6_000, 'ping.service': 3_000, treasury: 1_000 }
const WIRELESS_POOLS = { 'wireless.coverage': 8_500, 'wireless.usage': 1_000, treasury: 500 }

describe('a network config is strict', () => {
  it('refuses a key nothing reads, at the top, naming the keys it may be and the nearest', () => {
    const error = refused({ oracle: { count: 3, quorum: 2 } })
    expect(error.code).toBe('PINION_ERR_CONFIG_UNKNOWN_KEY')
    expect(error.message).toBe(
      'Invalid network config: oracle is an unknown key, expected one of name, token, epochs, pools, residualPool, treasury, kinds, deviceClass, devices, oracles, fleet, chain, explorer, economy (did you mean `oracles`?).',
    )
    expect(error.problems).toEqual([{ code: 'PINION_ERR_CONFIG_UNKNOWN_KEY', path: 'oracle', message: expect.stringContaining('did you mean `oracles`?') }])
  })

  it('refuses a key nothing reads at every level, suggesting only a near one', () => {
    expect(refused({ epochs: { durationSecond: 60 } }).message).toBe(
      'Invalid network config: epochs.durationSecond is an unknown key, expected one of durationSeconds, initialEmission, halvingInterval, lateReportMs (did you mean `durationSeconds`?).',
    )
    expect(refused({ economy: { slashing: { stake: 1 } } }).message).toBe('Invalid network config: economy.slashing.stake is an unknown key, expected one of stakeBps.')
    expect(refused({ economy: { revenue: { mode: 'net-emissions', capPerEpoch: 1n, shareBps: 1 } } }).problems.map((p) => [p.code, p.path])).toEqual([
      ['PINION_ERR_CONFIG_UNKNOWN_KEY', 'economy.revenue.shareBps'],
    ])
  })

  it("refuses a typo in a kind's settings when the config loads, in the same words, under the kind's path", async () => {
    const error = refused({ kinds: { ping: { challengesPerEpch: 4 } }, pools: PING_POOLS })
    expect(error.code).toBe('PINION_ERR_CONFIG_UNKNOWN_KEY')
    expect(error.message).toBe(
      'Invalid network config: kinds.ping.challengesPerEpch is an unknown key, expected one of challengesPerEpoch, responseWindowMs, minStake, serviceMaxBps, serviceFullRevenue (did you mean `challengesPerEpoch`?).',
    )
    // A nested group of a kind's parameters, from a config file: loadConfig refuses it, before anything is deployed.
    const dir = mkdtempSync(join(tmpdir(), 'pinion-strict-'))
    const networkModule = join(import.meta.dirname, 'network.ts')
    writeFileSync(
      join(dir, 'pinion.config.ts'),
      `import { defineNetwork } from '${networkModule}'\nexport default defineNetwork({ pools: ${JSON.stringify(WIRELESS_POOLS)}, kinds: { wireless: { beaconIntervalMs: 15_000n, ring: { maxGroupSise: 8 } } } })\n`,
    )
    await expect(loadConfig(undefined, dir)).rejects.toMatchObject({
      code: 'PINION_ERR_CONFIG_UNKNOWN_KEY',
      message: 'Invalid network config: kinds.wireless.ring.maxGroupSise is an unknown key, expected one of minExpectedHearersMilli, maxGroupSize (did you mean `maxGroupSize`?).',
    })
    // Where the kind's schema is a choice of groups, the typo is a value none of them takes.
    expect(refused({ kinds: { uptime: { subIntervalMs: 3_000, required: { fractionBp: 5_000 } } } }).message).toBe(
      'Invalid network config: kinds.uptime.required is {"fractionBp":5000}, expected { subIntervals: <count ≥ 1> } or { fractionBps: <1..10000> }.',
    )
  })

  it('refuses a kind Pinion does not have, suggesting the nearest', () => {
    const error = refused({ kinds: { uptme: {} } })
    expect(error.code).toBe('PINION_ERR_CONFIG_UNKNOWN_KEY')
    expect(error.message).toMatch(/^Invalid network config: kinds\.uptme is an unknown kind, expected one of the kinds Pinion knows: .*\(did you mean `uptime`\?\)\.$/)
  })

  it("refuses a fleet behaviour its kind's simulator does not know, up front", () => {
    const error = refused({ fleet: { devices: 20, behaviours: { honest: 17, flakey: 3 }, seed: 1 } })
    expect(error.code).toBe('PINION_ERR_CONFIG_UNKNOWN_KEY')
    expect(error.message).toBe(
      "Invalid network config: fleet.behaviours.flakey is an unknown behaviour, expected one kind uptime's simulator knows (honest, flaky, offline, burst, clock-skew) or an envelope adversary (replayer, forger, wrong-network) (did you mean `flaky`?).",
    )
  })

  it("refuses behaviours that do not add up to the fleet's devices", () => {
    const error = refused({ fleet: { devices: 20, behaviours: { honest: 10, flaky: 5 }, seed: 1 } })
    expect(error.code).toBe('PINION_ERR_CONFIG_RULE')
    expect(error.message).toBe(
      'Invalid network config: fleet.behaviours is {"honest":10,"flaky":5}, expected devices by behaviour adding up to the fleet\'s 20 (fleet.devices); they add up to 15.',
    )
    expect(() => defineNetwork({ fleet: { devices: 20, behaviours: { honest: 15, flaky: 5 }, seed: 1 } })).not.toThrow()
  })

  it('refuses a sub-interval that does not divide the epoch, naming divisors near it', () => {
    const error = refused({ kinds: { uptime: { subIntervalMs: 7_000 } } })
    expect(error.code).toBe('PINION_ERR_CONFIG_RULE')
    expect(error.message).toBe(
      "Invalid network config: kinds.uptime.subIntervalMs is 7000, expected a divisor of the epoch's 10000 ms, so that the epoch is whole sub-intervals (e.g. 5000 or 10000).",
    )
    expect(() => defineNetwork({ epochs: { durationSeconds: 35 }, kinds: { uptime: { subIntervalMs: 7_000 } } })).not.toThrow()
    // The kind's default (Helium's hour) is checked too, when the config says nothing.
    expect(refused({ kinds: { uptime: {} } }).message).toBe(
      "Invalid network config: kinds.uptime.subIntervalMs is 3600000n, expected a divisor of the epoch's 10000 ms, so that the epoch is whole sub-intervals (e.g. 10000).",
    )
    // …and a count of sub-intervals the epoch does not have.
    expect(refused({ kinds: { uptime: { subIntervalMs: 2_000, required: { subIntervals: 6 } } } }).message).toBe(
      "Invalid network config: kinds.uptime.required.subIntervals is 6, expected at most the 5 sub-intervals of 2000 ms in the epoch's 10000 ms, or no device could earn.",
    )
  })

  it('refuses ping challenges that do not fit in the epoch when the config loads', () => {
    const error = refused({ kinds: { ping: { responseWindowMs: 9_998 } }, pools: PING_POOLS, fleet: { devices: 1, behaviours: { honest: 1 } } })
    expect(error.code).toBe('PINION_ERR_CONFIG_RULE')
    expect(error.message).toBe(
      'Invalid network config: kinds.ping.responseWindowMs is 9998, expected at most 9997 ms, so that 4 challenges and their answers fit in an epoch of 10000 ms.',
    )
  })

  it('checks the rules a network needs across its fields', () => {
    const message = (input: unknown) => refused(input).message
    expect(message({ pools: { 'uptime.uptime': 9_000, treasury: 500 } })).toBe(
      'Invalid network config: pools is {"uptime.uptime":9000,"treasury":500}, expected basis points adding up to 10,000 (they add up to 9500).',
    )
    expect(message({ oracles: { count: 3, quorum: 4 } })).toBe('Invalid network config: oracles.quorum is 4, expected an integer from 2 to 3 (a strict majority of the 3 oracles).')
    expect(message({ oracles: { count: 3, quorum: 0 } })).toBe('Invalid network config: oracles.quorum is 0, expected an integer from 2 to 3 (a strict majority of the 3 oracles).')
    expect(message({ residualPool: 'treasure' })).toBe(
      'Invalid network config: residualPool is "treasure", expected one of the pools: uptime.uptime, treasury (did you mean `treasury`?).',
    )
    expect(message({ epochs: { initialEmission: 2n }, token: { cap: 1n } })).toBe(
      "Invalid network config: epochs.initialEmission is 2n, expected at most token.cap (1n): the cap stops the first epoch's emission short.",
    )
    expect(message({ pools: { 'uptime.uptime': 9_000, 'uptime.bonus': 500, treasury: 500 } })).toBe(
      'Invalid network config: pools["uptime.bonus"] is an unknown pool, expected a pool of kind uptime: uptime.uptime.',
    )
    expect(message({ epochs: { lateReportMs: 10_000 } })).toBe('Invalid network config: epochs.lateReportMs is 10000, expected whole milliseconds below the epoch length (10000).')
  })

  it('names every problem at once, each with its code, under PINION_ERR_CONFIG when their codes differ', () => {
    const error = refused({
      oracle: 1,
      oracles: { count: 3, quorum: 1 },
      pools: { 'uptime.uptime': 9_000, treasury: 500 },
      kinds: { uptime: { subIntervalMs: 7_000, subIntervals: 3 } },
      fleet: { devices: 20, behaviours: { honest: 10, flakey: 5 }, seed: 1 },
      token: { symbol: 'pin' },
    })
    expect(error.code).toBe('PINION_ERR_CONFIG')
    expect(error.problems.map((p) => [p.code, p.path])).toEqual([
      ['PINION_ERR_CONFIG_VALUE', 'token.symbol'],
      ['PINION_ERR_CONFIG_UNKNOWN_KEY', 'oracle'],
      ['PINION_ERR_CONFIG_RULE', 'pools'],
      ['PINION_ERR_CONFIG_UNKNOWN_KEY', 'kinds.uptime.subIntervals'],
      ['PINION_ERR_CONFIG_RULE', 'oracles.quorum'],
      ['PINION_ERR_CONFIG_UNKNOWN_KEY', 'fleet.behaviours.flakey'],
      ['PINION_ERR_CONFIG_RULE', 'fleet.behaviours'],
    ])
    expect(error.message.split('\n')).toEqual([
      'Invalid network config, 7 problems:',
      '- token.symbol is "pin", expected 1–11 upper-case letters or digits. [PINION_ERR_CONFIG_VALUE]',
      ...error.problems.slice(1).map((p) => `- ${p.message}. [${p.code}]`),
    ])
  })
})

describe("every kind's template", () => {
  const kindsDir = join(import.meta.dirname, '..', '..', '..', 'kinds')
  const templates = readdirSync(kindsDir).filter((kind) => existsSync(join(kindsDir, kind, 'template.config.ts')))

  it('is there to check', () => expect(templates).toEqual(expect.arrayContaining(['ping', 'uptime', 'wireless'])))

  it.each(templates)('%s loads under the strict config', async (kind) => {
    const { config } = await loadConfig(join(kindsDir, kind, 'template.config.ts'))
    expect(Object.keys(config.kinds)).toContain(kind)
  })
})
