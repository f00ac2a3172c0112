import { describe, expect, it } from 'vitest'
import { PinionError } from '../errors.ts'
import { type KeyType, deviceIdOf, generateDeviceKey } from '../keys/deviceKey.ts'
import { decodeReportBody, openSignedReport, signReport, verifyReportSignature } from './envelope.ts'
import { networkIdOf } from './networkId.ts'

const networkId = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
const fields = {
  networkId,
  sequence: 7n,
  timestampMs: 1_767_225_600_000n,
  kind: 'uptime',
  payloadType: 'heartbeat',
  payload: new Uint8Array([8, 1]),
}

describe.each<KeyType>(['ed25519', 'p256'])('a %s report', (type) => {
  const key = generateDeviceKey(type)

  it('verifies over the bytes as signed and decodes to the fields it was made from', () => {
    const sealed = openSignedReport(signReport(key, fields))
    expect(verifyReportSignature(type, key.publicKey, sealed)).toBe(true)
    expect(decodeReportBody(sealed.body)).toEqual({ ...fields, deviceId: deviceIdOf(key.publicKey) })
  })

  it('fails verification when any byte of the body or signature changes, or with another key', () => {
    const sealed = openSignedReport(signReport(key, fields))
    for (const index of [0, Math.floor(sealed.body.length / 2), sealed.body.length - 1]) {
      const body = sealed.body.slice()
      body[index]! ^= 0x01
      expect(verifyReportSignature(type, key.publicKey, { body, signature: sealed.signature })).toBe(false)
    }
    const signature = sealed.signature.slice()
    signature[10]! ^= 0x80
    expect(verifyReportSignature(type, key.publicKey, { body: sealed.body, signature })).toBe(false)
    expect(verifyReportSignature(type, generateDeviceKey(type).publicKey, sealed)).toBe(false)
  })
})

describe('openSignedReport', () => {
  it('rejects bytes that are not a signed report with PINION_ERR_MALFORMED_REPORT', () => {
    for (const bytes of [new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array(0), new Uint8Array([10, 0])]) {
      expect(() => openSignedReport(bytes)).toThrow(PinionError)
      try {
        openSignedReport(bytes)
      } catch (error) {
        expect((error as PinionError).code).toBe('PINION_ERR_MALFORMED_REPORT')
      }
    }
  })
})

describe('verifyReportSignature', () => {
  it('returns false, never throws, for keys of the wrong length or off the curve', () => {
    const sealed = openSignedReport(signReport(generateDeviceKey('p256'), fields))
    expect(verifyReportSignature('p256', `0x${'00'.repeat(64)}`, sealed)).toBe(false)
    expect(verifyReportSignature('ed25519', `0x${'11'.repeat(31)}`, sealed)).toBe(false)
  })
})
