import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type KeyType, deviceIdOf, generateDeviceKey, openSignedReport, signReport, verifyReportSignature } from '@pinion/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DeviceError } from '../errors.ts'
import { createDeviceKeyFile, loadDeviceKey } from './keyFile.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pinion-key-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The stable code of what `action` throws. */
async function codeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action()
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceError)
    return (error as DeviceError).code
  }
  throw new Error('expected an error')
}

describe.each<KeyType>(['ed25519', 'p256'])('a %s key file', (type) => {
  it('round-trips, owner-only, and the loaded key signs reports that verify', async () => {
    const path = join(dir, 'nested', 'device.key.json')
    const created = await createDeviceKeyFile(path, type)
    const loaded = await loadDeviceKey(path)

    expect(loaded).toEqual(created)
    expect(loaded.deviceId).toBe(deviceIdOf(loaded.publicKey))
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8'))).sort()).toEqual(['deviceId', 'privateKey', 'publicKey', 'type'])
    const report = signReport(loaded, {
      networkId: `0x${'11'.repeat(32)}`,
      sequence: 1n,
      timestampMs: 1n,
      kind: 'uptime',
      payloadType: 'heartbeat',
      payload: new Uint8Array(),
    })
    expect(verifyReportSignature(type, created.publicKey, openSignedReport(report))).toBe(true)
  })

  it('refuses to replace an existing key, leaving it as it was', async () => {
    const path = join(dir, 'device.key.json')
    const first = await createDeviceKeyFile(path, type)
    expect(await codeOf(() => createDeviceKeyFile(path, type))).toBe('PINION_ERR_KEY_FILE_EXISTS')
    expect(await loadDeviceKey(path)).toEqual(first)
  })
})

describe('loadDeviceKey errors', () => {
  const write = (content: string) => {
    const path = join(dir, 'device.key.json')
    writeFileSync(path, content, { mode: 0o600 })
    return path
  }
  const valid = () => {
    const key = generateDeviceKey('ed25519')
    return { ...key, deviceId: deviceIdOf(key.publicKey) }
  }

  it('PINION_ERR_KEY_FILE_MISSING for a path with no file', async () => {
    expect(await codeOf(() => loadDeviceKey(join(dir, 'absent.json')))).toBe('PINION_ERR_KEY_FILE_MISSING')
  })

  it.each([
    ['an empty file', ''],
    ['a truncated file', '{"type":"ed25519","publicKey":"0x'],
    ['JSON that is not an object', '[1,2]'],
    ['an unknown key type', JSON.stringify({ ...valid(), type: 'rsa' })],
    ['a public key of the wrong length', JSON.stringify({ ...valid(), publicKey: '0x1234' })],
    ['a private key that is not hex', JSON.stringify({ ...valid(), privateKey: `0x${'zz'.repeat(32)}` })],
    ['a missing device id', JSON.stringify({ ...valid(), deviceId: undefined })],
  ])('PINION_ERR_KEY_FILE_CORRUPT for %s', async (_, content) => {
    expect(await codeOf(() => loadDeviceKey(write(content)))).toBe('PINION_ERR_KEY_FILE_CORRUPT')
  })

  it('PINION_ERR_KEY_FILE_MISMATCH when the public key or device id is not the private key’s', async () => {
    const file = valid()
    const other = generateDeviceKey('ed25519')
    expect(await codeOf(() => loadDeviceKey(write(JSON.stringify({ ...file, publicKey: other.publicKey }))))).toBe('PINION_ERR_KEY_FILE_MISMATCH')
    expect(await codeOf(() => loadDeviceKey(write(JSON.stringify({ ...file, deviceId: deviceIdOf(other.publicKey) }))))).toBe('PINION_ERR_KEY_FILE_MISMATCH')
  })
})
