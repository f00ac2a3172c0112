import { describe, expect, it } from 'vitest'
import { type Hex, keccak256, toBytes } from 'viem'
import { DEFAULT_WIRELESS_PARAMS } from './params.ts'
import {
  type Beacon,
  type DataTransfer,
  type Witness,
  beaconData,
  decodeWirelessPayload,
  encodeBeacon,
  encodeDataTransfer,
  encodeWitness,
  expectedChannel,
  expectedDatarate,
  signDataTransfer,
  verifyDataTransferSignature,
} from './payload.ts'
import { DEVNET_ROUTER_KEY, routerKeyFromSeed } from './routerKey.ts'

const ENTROPY: Hex = `0x${'ab'.repeat(32)}`
const DEVICE: Hex = `0x${'01'.repeat(32)}`
const OTHER: Hex = `0x${'02'.repeat(32)}`

describe('wireless payloads', () => {
  it('round-trip a beacon, a witness and a data transfer', () => {
    const data = beaconData(ENTROPY, '0x01020304', DEVICE)
    const beacon: Beacon = {
      entropy: ENTROPY,
      localEntropy: '0x01020304',
      data,
      frequencyHz: expectedChannel(data, DEFAULT_WIRELESS_PARAMS),
      datarate: expectedDatarate(data, DEFAULT_WIRELESS_PARAMS),
      txPowerDeciDbm: 270,
      transmittedAtMs: 1_767_225_600_000n,
    }
    expect(decodeWirelessPayload('beacon', encodeBeacon(beacon))).toEqual({ type: 'beacon', ...beacon })
    const witness: Witness = {
      beaconerId: DEVICE,
      beaconData: data,
      frequencyHz: beacon.frequencyHz,
      datarate: beacon.datarate,
      rssiDeciDbm: -1012,
      snrDeciDb: -35,
      receivedAtMs: 1_767_225_600_020n,
    }
    expect(decodeWirelessPayload('witness', encodeWitness(witness))).toEqual({ type: 'witness', ...witness })
    const transfer = signDataTransfer(DEVNET_ROUTER_KEY, DEVICE, {
      sessionId: '0xdeadbeef',
      bytes: 1_000n,
      packets: 10n,
      startedAtMs: 1n,
      endedAtMs: 2n,
    })
    expect(decodeWirelessPayload('data_transfer', encodeDataTransfer(transfer))).toEqual({ type: 'data_transfer', ...transfer })
    // A secure concentrator's GPS times ride along; without one the bytes are as they always were.
    const stamped = { ...beacon, gpsTimeNs: 1_767_225_600_000_123_456n }
    expect(decodeWirelessPayload('beacon', encodeBeacon(stamped))).toEqual({ type: 'beacon', ...stamped })
    expect(decodeWirelessPayload('witness', encodeWitness({ ...witness, gpsTimeNs: 1_767_225_600_000_133_456n }))).toMatchObject({ gpsTimeNs: 1_767_225_600_000_133_456n })
    expect(encodeBeacon({ ...beacon, gpsTimeNs: 0n })).toEqual(encodeBeacon(beacon))
    expect(encodeBeacon(stamped).length).toBeGreaterThan(encodeBeacon(beacon).length)
  })

  it('build beacon data from entropy, local entropy and device id, and derive channel and datarate from it', () => {
    const data = beaconData(ENTROPY, '0x01020304', DEVICE)
    expect(data).toBe(keccak256(toBytes(`0x${Buffer.from('pinion/wireless/beacon/v1').toString('hex')}${'ab'.repeat(32)}01020304${'01'.repeat(32)}`)))
    expect(beaconData(ENTROPY, '0x01020304', OTHER)).not.toBe(data)
    const bytes = toBytes(data)
    const channels = DEFAULT_WIRELESS_PARAMS.channelsHz
    expect(expectedChannel(data, DEFAULT_WIRELESS_PARAMS)).toBe(channels[((bytes[0]! << 8) | bytes[1]!) % channels.length])
    expect(expectedDatarate(data, DEFAULT_WIRELESS_PARAMS)).toBe(DEFAULT_WIRELESS_PARAMS.datarates[bytes[2]! % 3])
    expect(expectedChannel(`0x0001${'00'.repeat(30)}` as Hex, { channelsHz: [10, 20, 30] })).toBe(20)
    expect(expectedDatarate(`0x0000ff${'00'.repeat(29)}` as Hex, { datarates: ['A', 'B'] })).toBe('B')
  })

  it("verify a router's signature only for the hotspot and values it signed", () => {
    const transfer = signDataTransfer(DEVNET_ROUTER_KEY, DEVICE, { sessionId: '0x01', bytes: 5n, packets: 1n, startedAtMs: 1n, endedAtMs: 2n })
    expect(verifyDataTransferSignature(DEVICE, transfer)).toBe(true)
    expect(verifyDataTransferSignature(OTHER, transfer)).toBe(false)
    expect(verifyDataTransferSignature(DEVICE, { ...transfer, bytes: 6n })).toBe(false)
    const other = routerKeyFromSeed(keccak256(toBytes('another router')))
    expect(verifyDataTransferSignature(DEVICE, { ...transfer, routerPublicKey: other.publicKey })).toBe(false)
  })

  it('answer a router signature checked before the same way, and never for another signature or message', () => {
    const transfer = signDataTransfer(DEVNET_ROUTER_KEY, DEVICE, { sessionId: '0x02', bytes: 7n, packets: 1n, startedAtMs: 1n, endedAtMs: 2n })
    const flipped = `${transfer.routerSignature.slice(0, -2)}${transfer.routerSignature.endsWith('00') ? '01' : '00'}` as Hex
    const answers = [transfer, { ...transfer, routerSignature: flipped }, transfer, { ...transfer, endedAtMs: 3n }, transfer].map((t) => verifyDataTransferSignature(DEVICE, t))
    expect(answers).toEqual([true, false, true, false, true])
    expect(verifyDataTransferSignature(OTHER, transfer)).toBe(false)
  })

  it('derive the devnet router key from its public seed', () => {
    expect(DEVNET_ROUTER_KEY.privateKey).toBe(keccak256(toBytes('pinion/wireless/devnet-router/v1')))
    expect(DEVNET_ROUTER_KEY.publicKey).toMatch(/^0x[0-9a-f]{64}$/)
    expect(routerKeyFromSeed(DEVNET_ROUTER_KEY.privateKey)).toEqual(DEVNET_ROUTER_KEY)
  })

  it('reject bytes that are not one of our payloads, with the field and what was expected', () => {
    expect(() => decodeWirelessPayload('heartbeat', new Uint8Array())).toThrow(/no payload type "heartbeat"/)
    expect(() => decodeWirelessPayload('beacon', new Uint8Array([0xff, 0xff]))).toThrow(/not a pinion.wireless.v1.Beacon/)
    expect(() => decodeWirelessPayload('beacon', new Uint8Array())).toThrow('entropy has 0 bytes; expected 32')
    const short: Witness = { beaconerId: '0x01', beaconData: ENTROPY, frequencyHz: 1, datarate: 'SF9BW125', rssiDeciDbm: 0, snrDeciDb: 0, receivedAtMs: 0n }
    expect(() => decodeWirelessPayload('witness', encodeWitness(short))).toThrow('beaconer_id has 1 bytes; expected 32')
    const transfer: DataTransfer = { routerPublicKey: DEVICE, sessionId: '0x', bytes: 0n, packets: 0n, startedAtMs: 0n, endedAtMs: 0n, routerSignature: `0x${'00'.repeat(64)}` }
    expect(() => decodeWirelessPayload('data_transfer', encodeDataTransfer(transfer))).toThrow('session_id has 0 bytes; expected 1 to 64')
  })
})
