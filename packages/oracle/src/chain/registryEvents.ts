import { deviceRegistryAbi } from '@pinion/contracts'
import type { DeviceRecord, LocationAssertion } from '@pinion/kinds'
import { type Address, type Hex, type Log, parseEventLogs, zeroAddress } from 'viem'

/** A registry event reduced to what the oracle keeps: plain JSON, applied in chain order. */
type RegistryEvent =
  | { event: 'DeviceRegistered'; deviceId: Hex; owner: Address; deviceClass: number; keyType: 1 | 2; key: Hex; serial: Hex; maker: Address }
  | { event: 'Transfer'; deviceId: Hex; from: Address; to: Address }
  | { event: 'RecipientChanged'; deviceId: Hex; recipient: Address }
  | { event: 'LocationAsserted'; deviceId: Hex; cell: string; antennaGain: number; elevation: number; locationNonce: number }
  | { event: 'DeviceSuspensionChanged'; deviceId: Hex; suspended: boolean }
  | { event: 'DeviceRetired'; deviceId: Hex }
  | { event: 'KeyReleased'; deviceId: Hex }
  | { event: 'DeviceKeyProven'; deviceId: Hex }

export type PositionedEvent = RegistryEvent & { blockNumber: bigint; logIndex: number; blockTimeMs: bigint }

const idHex = (id: bigint): Hex => `0x${id.toString(16).padStart(64, '0')}`

/**
 * Decodes raw registry logs into the events the oracle tracks, in the order given. `blockTimesMs`
 * maps each log's block number to its timestamp in ms.
 */
export function decodeRegistryLogs(logs: readonly Log[], blockTimesMs: ReadonlyMap<bigint, bigint>): PositionedEvent[] {
  const events: PositionedEvent[] = []
  for (const log of parseEventLogs({ abi: deviceRegistryAbi, logs: logs as Log[], strict: true })) {
    const position = { blockNumber: log.blockNumber, logIndex: log.logIndex, blockTimeMs: blockTimesMs.get(log.blockNumber) ?? 0n }
    const a = log.args as Record<string, unknown>
    switch (log.eventName) {
      case 'DeviceRegistered':
        events.push({
          ...position,
          event: 'DeviceRegistered',
          deviceId: idHex(a.deviceId as bigint),
          owner: a.owner as Address,
          deviceClass: a.deviceClass as number,
          keyType: a.keyType as 1 | 2,
          key: a.key as Hex,
          serial: a.serial as Hex,
          maker: a.maker as Address,
        })
        break
      case 'Transfer':
        // Mints and burns are covered by DeviceRegistered, DeviceRetired and KeyReleased.
        if (a.from !== zeroAddress && a.to !== zeroAddress) {
          events.push({ ...position, event: 'Transfer', deviceId: idHex(a.tokenId as bigint), from: a.from as Address, to: a.to as Address })
        }
        break
      case 'RecipientChanged':
        events.push({ ...position, event: 'RecipientChanged', deviceId: idHex(a.deviceId as bigint), recipient: a.recipient as Address })
        break
      case 'LocationAsserted':
        events.push({
          ...position,
          event: 'LocationAsserted',
          deviceId: idHex(a.deviceId as bigint),
          cell: (a.cell as bigint).toString(),
          antennaGain: a.antennaGain as number,
          elevation: a.elevation as number,
          locationNonce: a.locationNonce as number,
        })
        break
      case 'DeviceSuspensionChanged':
        events.push({ ...position, event: 'DeviceSuspensionChanged', deviceId: idHex(a.deviceId as bigint), suspended: a.suspended as boolean })
        break
      case 'DeviceRetired':
        events.push({ ...position, event: 'DeviceRetired', deviceId: idHex(a.deviceId as bigint) })
        break
      case 'KeyReleased':
        events.push({ ...position, event: 'KeyReleased', deviceId: idHex(a.deviceId as bigint) })
        break
      case 'DeviceKeyProven':
        events.push({ ...position, event: 'DeviceKeyProven', deviceId: idHex(a.deviceId as bigint) })
        break
      default:
        break // role, maker and policy events do not change devices
    }
  }
  return events
}

/** Everything the registry's events say about a device. */
export type RegistryDevice = {
  deviceId: Hex
  owner: Address
  /** Set by the owner on chain; null means "the owner". Cleared on transfer. */
  explicitRecipient: Address | null
  deviceClass: number
  keyType: 'ed25519' | 'p256'
  publicKey: Hex
  maker: Address
  serial: Hex
  location: bigint | null
  /** Every location assertion so far, oldest first. */
  locations: LocationAssertion[]
  keyProven: boolean
  suspended: boolean
  retired: boolean
  registeredBlock: bigint
  registeredTimeMs: bigint
  updatedBlock: bigint
}

/**
 * Applies registry events, in chain order, to a device table (mutated and returned). A released key
 * (governance's `releaseKey`, for a squatted key) leaves its device retired; when the key registers
 * again, its DeviceRegistered starts a fresh record: new owner, class, serial and maker, no
 * locations, not retired.
 */
export function foldRegistryEvents(events: Iterable<PositionedEvent>, devices: Map<Hex, RegistryDevice> = new Map()): Map<Hex, RegistryDevice> {
  for (const e of events) {
    if (e.event === 'DeviceRegistered') {
      devices.set(e.deviceId, {
        deviceId: e.deviceId,
        owner: e.owner,
        explicitRecipient: null,
        deviceClass: e.deviceClass,
        keyType: e.keyType === 1 ? 'ed25519' : 'p256',
        publicKey: e.key,
        maker: e.maker,
        serial: e.serial,
        location: null,
        locations: [],
        keyProven: false,
        suspended: false,
        retired: false,
        registeredBlock: e.blockNumber,
        registeredTimeMs: e.blockTimeMs,
        updatedBlock: e.blockNumber,
      })
      continue
    }
    const device = devices.get(e.deviceId)
    if (device === undefined) continue
    device.updatedBlock = e.blockNumber
    switch (e.event) {
      case 'Transfer':
        device.owner = e.to
        device.explicitRecipient = null // the registry clears it on transfer
        break
      case 'RecipientChanged':
        device.explicitRecipient = e.recipient === zeroAddress ? null : e.recipient
        break
      case 'LocationAsserted':
        device.location = BigInt(e.cell)
        device.locations.push({ cell: device.location, atMs: e.blockTimeMs, antennaGain: e.antennaGain, elevation: e.elevation })
        break
      case 'DeviceSuspensionChanged':
        device.suspended = e.suspended
        break
      case 'DeviceRetired':
      case 'KeyReleased':
        device.retired = true
        break
      case 'DeviceKeyProven':
        device.keyProven = true
        break
    }
  }
  return devices
}

/** The device as kinds see it. */
export function toDeviceRecord(device: RegistryDevice): DeviceRecord {
  return {
    deviceId: device.deviceId,
    owner: device.owner,
    recipient: device.explicitRecipient ?? device.owner,
    deviceClass: device.deviceClass,
    keyType: device.keyType,
    publicKey: device.publicKey,
    location: device.location,
    locations: device.locations,
    active: !device.suspended && !device.retired,
  }
}
