import { deviceIdOf, generateDeviceKey, openSignedReport } from '@pinion/protocol'
import { envelope, tamper } from '@pinion/testkit/oracle/epochFixture'
import { testReport, testReportId } from '@pinion/testkit/oracle/sampleReports'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { isRetryableInOracle } from '../errors.ts'
import { InThreadVerifier } from '../ingest/inThreadVerifier.ts'
import type { DeviceLookup } from '../store/devices.ts'
import { admitReports } from './admitReports.ts'
import { PeerError } from './peerClient.ts'

/**
 * A lying peer: asked for report ids, it answers with forgeries, re-encodings, garbage and reports
 * nobody asked for. Only the genuine reports asked for are admitted; the rest are refused or
 * dropped, and nothing it sends can throw — so it can neither plant a report nor halt this oracle
 * (a thrown deterministic code would stop the epoch runner for good).
 */
describe('admitReports against a lying peer', () => {
  const device = generateDeviceKey('ed25519')
  const stranger = generateDeviceKey('p256')
  const lookup: DeviceLookup = async (id) => (id === deviceIdOf(device.publicKey) ? { keyType: device.type, publicKey: device.publicKey, active: true } : undefined)
  const context = { deviceLookup: lookup, verifier: new InThreadVerifier(), receivedMs: 1 }

  it('admits exactly the genuine reports asked for, and says why it refuses the others', async () => {
    const genuine = testReport(device, 1)
    const forged = tamper(testReport(device, 2, { kind: 'uptime', payloadType: 'heartbeat', payload: new Uint8Array([8, 1, 8, 2]) }))
    const unregistered = testReport(stranger, 1)
    const unasked = testReport(device, 3)
    const { body, signature } = openSignedReport(genuine)
    // The genuine report again, re-encoded with an unknown field in front: the same body, another encoding.
    const reencoded = new Uint8Array([0x78, 0x01, ...envelope(body, signature)])
    const garbage = new Uint8Array([0xff, 0x00, 0x13, 0x37])
    const wanted = new Set<Hex>([testReportId(genuine), testReportId(forged), testReportId(unregistered)])

    const { admitted, refused } = await admitReports([reencoded, garbage, forged, unasked, unregistered, genuine, genuine], wanted, context)

    expect(admitted.map((row) => row.reportId)).toEqual([testReportId(genuine)])
    expect(admitted[0]!.signed).toEqual(genuine)
    expect(refused).toEqual(
      new Map([
        [testReportId(forged), `its signature is not device ${deviceIdOf(device.publicKey)}'s`],
        [testReportId(unregistered), `device ${deviceIdOf(stranger.publicKey)} is not registered (here, yet)`],
      ]),
    )
  })

  it('throws nothing for any bytes a peer can send, so no answer can halt the runner', async () => {
    const genuine = testReport(device, 1)
    const answers = [new Uint8Array(), new Uint8Array(64 * 1024).fill(0x0a), genuine.slice(0, genuine.length - 1), new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])]
    const outcome = await admitReports(answers, new Set([testReportId(genuine)]), context).catch((error: unknown) => ({ thrown: error }))
    expect(outcome).toEqual({ admitted: [], refused: new Map() })
    // What a peer's failure does throw (the peer client's PeerError) is retryable: the runner backs off.
    expect(isRetryableInOracle(new PeerError('http://peer', 'invalid', 'answered bytes that are not a ReportBatch'))).toBe(true)
  })
})
