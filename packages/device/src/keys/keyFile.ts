import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type DeviceKey, type KeyType, PUBLIC_KEY_LENGTHS, deviceIdOf, generateDeviceKey, parseKeyType, signWithDeviceKey, verifyDeviceSignature } from '@pinion/protocol'
import { type Hex, isHex, size } from 'viem'
import { DeviceError } from '../errors.ts'
import { createFileAtomic } from '../fs/durable.ts'

/** A device key as stored on disk, with its id so operators can read it without tools. */
export type DeviceKeyFile = DeviceKey & { deviceId: Hex }

/** Owner read/write only: the file holds the device's private key. */
const KEY_FILE_MODE = 0o600
const PRIVATE_KEY_LENGTH = 32
/** Signed to check that the stored public key belongs to the stored private key. */
const PROBE = new TextEncoder().encode('pinion/key-file/probe')

/**
 * Generates a device key and writes it to `path` as JSON {type, publicKey, privateKey, deviceId},
 * mode 0600, atomically. Refuses to replace an existing file (PINION_ERR_KEY_FILE_EXISTS): a key
 * is a registered device's identity, and overwriting it would orphan the device.
 */
export async function createDeviceKeyFile(path: string, type: KeyType): Promise<DeviceKeyFile> {
  const key = generateDeviceKey(type)
  const file: DeviceKeyFile = { ...key, deviceId: deviceIdOf(key.publicKey) }
  mkdirSync(dirname(path), { recursive: true })
  try {
    createFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, KEY_FILE_MODE)
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new DeviceError('PINION_ERR_KEY_FILE_EXISTS', `key file ${path} already exists; refusing to replace a device key`, { cause })
    }
    throw cause
  }
  return file
}

/** Reads and checks a key file written by `createDeviceKeyFile`. */
export async function loadDeviceKey(path: string): Promise<DeviceKeyFile> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DeviceError('PINION_ERR_KEY_FILE_MISSING', `key file ${path} does not exist; create one with createDeviceKeyFile`, { cause })
    }
    throw cause
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new DeviceError('PINION_ERR_KEY_FILE_CORRUPT', `key file ${path} is not JSON`, { cause })
  }
  return parseKeyFile(path, json)
}

function parseKeyFile(path: string, json: unknown): DeviceKeyFile {
  const corrupt = (what: string, cause?: unknown) => new DeviceError('PINION_ERR_KEY_FILE_CORRUPT', `key file ${path}: ${what}`, cause === undefined ? {} : { cause })
  if (typeof json !== 'object' || json === null) throw corrupt('expected a JSON object')
  const { type: rawType, publicKey, privateKey, deviceId } = json as Record<string, unknown>

  let type: KeyType
  try {
    type = parseKeyType(String(rawType))
  } catch (cause) {
    throw corrupt(`type ${JSON.stringify(rawType)} is not "ed25519" or "p256"`, cause)
  }
  const hexOf = (name: string, value: unknown, bytes: number): Hex => {
    if (typeof value !== 'string' || !isHex(value, { strict: true }) || size(value) !== bytes) {
      throw corrupt(`${name} must be ${bytes} bytes of 0x-prefixed hex, got ${JSON.stringify(value)}`)
    }
    return value
  }
  const key: DeviceKey = {
    type,
    publicKey: hexOf('publicKey', publicKey, PUBLIC_KEY_LENGTHS[type]),
    privateKey: hexOf('privateKey', privateKey, PRIVATE_KEY_LENGTH),
  }
  const storedId = hexOf('deviceId', deviceId, 32)

  let probeSignature: Uint8Array
  try {
    probeSignature = signWithDeviceKey(key, PROBE)
  } catch (cause) {
    throw corrupt(`privateKey is not a usable ${type} private key`, cause)
  }
  if (!verifyDeviceSignature(type, key.publicKey, PROBE, probeSignature)) {
    throw new DeviceError('PINION_ERR_KEY_FILE_MISMATCH', `key file ${path}: publicKey ${key.publicKey} is not the public key of privateKey`)
  }
  const expectedId = deviceIdOf(key.publicKey)
  if (storedId.toLowerCase() !== expectedId) {
    throw new DeviceError('PINION_ERR_KEY_FILE_MISMATCH', `key file ${path}: deviceId ${storedId} is not keccak256(publicKey) = ${expectedId}`)
  }
  return { ...key, deviceId: expectedId }
}
