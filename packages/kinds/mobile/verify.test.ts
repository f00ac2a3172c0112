import { describe, expect, it } from 'vitest'
import { CELL, CELL_2KM, DAY_EPOCH, HOUR, device, report, verifyContext } from './fixtures.ts'
import { ed25519KeyPair } from '@pinion/protocol'
import { keccak256, toBytes } from 'viem'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import { DEFAULT_MOBILE_PARAMS } from './params.ts'
import { encodeDataSession, encodeHeartbeat, encodeSpeedtest, signDataSession, signLocationFix, signSpeedtest } from './payload.ts'
import { verifyMobile } from './verify.ts'

const radio = device(1)
/** A key the params do not list: the radio's own, say. */
const NOT_LISTED = ed25519KeyPair(keccak256(toBytes('a key nobody listed')))
const at = DAY_EPOCH.startMs + HOUR
const verdict = (r: ReturnType<typeof report>, d = radio, params = DEFAULT_MOBILE_PARAMS) => {
  const v = verifyMobile(r, verifyContext(d, params))
  return v.valid ? 'VALID' : v.reason
}
const heartbeat = (options: { at?: bigint; fix?: Parameters<typeof encodeHeartbeat>[0]['locationFix'] | null; radioType?: 'wifi-indoor' | 'cbrs-outdoor' } = {}) => {
  const fix = options.fix === undefined ? signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, radio.deviceId, { cell: CELL, validatedAtMs: at - HOUR }) : options.fix
  const payload = encodeHeartbeat({ radioType: options.radioType ?? 'wifi-indoor', ...(fix === null ? {} : { locationFix: fix }) })
  return report(radio.deviceId, options.at ?? at, 'heartbeat', payload)
}
const measured = { testId: `0x${'07'.repeat(8)}` as const, uploadBps: 20_000_000n, downloadBps: 150_000_000n, latencyMs: 30, measuredAtMs: at }
const speedtest = (test = signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, radio.deviceId, measured)) => report(radio.deviceId, at, 'speedtest', encodeSpeedtest(test))
const carried = { sessionId: '0x0a' as const, subscriberId: `0x${'0b'.repeat(32)}` as const, uploadBytes: 1_000n, downloadBytes: 50_000n, startedAtMs: at - 60_000n, endedAtMs: at }
const session = (s = signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, carried), timestamp = at) => report(radio.deviceId, timestamp, 'data_session', encodeDataSession(s))

describe('verifyMobile', () => {
  it('passes honest heartbeats (with a fix or without one), server-signed speedtests and carrier-signed sessions', () => {
    expect(verdict(heartbeat())).toBe('VALID')
    expect(verdict(heartbeat({ fix: null }))).toBe('VALID')
    expect(verdict(speedtest())).toBe('VALID')
    expect(verdict(session())).toBe('VALID')
  })

  it('refuses heartbeats outside the epoch, of radios with no asserted location, or naming a radio type the maker did not vouch for', () => {
    expect(verdict(heartbeat({ at: DAY_EPOCH.endMs }))).toBe('OUTSIDE_EPOCH')
    expect(verdict(heartbeat({ at: DAY_EPOCH.startMs - 1n }))).toBe('OUTSIDE_EPOCH')
    expect(verdict(heartbeat(), device(1, null))).toBe('LOCATION_NOT_ASSERTED')
    const vouched = { ...DEFAULT_MOBILE_PARAMS, deviceClassRadioTypes: [{ deviceClass: 1, radioType: 'wifi-indoor' as const }] }
    expect(verdict(heartbeat({ radioType: 'cbrs-outdoor' }), radio, vouched)).toBe('RADIO_TYPE_MISMATCH')
    expect(verdict(heartbeat({ radioType: 'wifi-indoor' }), radio, vouched)).toBe('VALID')
  })

  it('refuses location fixes the radio signed itself, moved to another cell, or dated after the heartbeat', () => {
    const real = signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, radio.deviceId, { cell: CELL_2KM, validatedAtMs: at - HOUR })
    expect(verdict(heartbeat({ fix: signLocationFix(NOT_LISTED, radio.deviceId, { cell: CELL, validatedAtMs: at }) }))).toBe('UNTRUSTED_LOCATION_VALIDATOR')
    expect(verdict(heartbeat({ fix: { ...real, cell: CELL } }))).toBe('BAD_LOCATION_SIGNATURE')
    expect(verdict(heartbeat({ fix: signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, radio.deviceId, { cell: CELL, validatedAtMs: at + 1n }) }))).toBe('FIX_AFTER_HEARTBEAT')
  })

  it('refuses speedtests made up, inflated, or measured outside the epoch', () => {
    expect(verdict(speedtest(signSpeedtest(NOT_LISTED, radio.deviceId, measured)))).toBe('UNTRUSTED_SPEEDTEST_SERVER')
    expect(verdict(speedtest({ ...signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, radio.deviceId, measured), downloadBps: 900_000_000n }))).toBe('BAD_SPEEDTEST_SIGNATURE')
    expect(verdict(speedtest(signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, radio.deviceId, { ...measured, measuredAtMs: DAY_EPOCH.startMs - 1n })))).toBe('OUTSIDE_EPOCH')
  })

  it('refuses data sessions no listed carrier signed, altered, empty, or outside the epoch', () => {
    expect(verdict(session(signDataSession(DEVNET_LOCATION_VALIDATOR_KEY, radio.deviceId, carried)))).toBe('UNTRUSTED_CARRIER')
    expect(verdict(session({ ...signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, carried), uploadBytes: 10n ** 9n }))).toBe('BAD_CARRIER_SIGNATURE')
    expect(verdict(session(signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, { ...carried, uploadBytes: 0n, downloadBytes: 0n })))).toBe('IMPLAUSIBLE_DATA_SESSION')
    expect(verdict(session(signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, { ...carried, endedAtMs: carried.startedAtMs - 1n })))).toBe('IMPLAUSIBLE_DATA_SESSION')
    expect(verdict(session(signDataSession(DEVNET_CARRIER_KEY, radio.deviceId, { ...carried, startedAtMs: DAY_EPOCH.startMs - 1n })))).toBe('OUTSIDE_EPOCH')
    expect(verdict(session(undefined, DAY_EPOCH.endMs))).toBe('OUTSIDE_EPOCH')
  })
})
