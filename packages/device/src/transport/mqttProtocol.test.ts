import { deviceIdOf, generateDeviceKey, verifyDeviceSignature } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { batchIdOf, mqttTokenMessage, mqttTopicsOf, parseDeviceTopic, parseMqttToken, signMqttToken } from './mqttProtocol.ts'

const NETWORK = `0x${'ab'.repeat(32)}` as const

describe('MQTT connect tokens', () => {
  it.each(['ed25519', 'p256'] as const)('are <expiresAtMs>.<signature> and verify under the %s device key over domain ‖ network ‖ device ‖ expiry', (type) => {
    const key = generateDeviceKey(type)
    const deviceId = deviceIdOf(key.publicKey)
    const token = signMqttToken(key, NETWORK, 1_767_225_600_000)
    const parsed = parseMqttToken(token)!
    expect(parsed.expiresAtMs).toBe(1_767_225_600_000)
    expect(verifyDeviceSignature(type, key.publicKey, mqttTokenMessage(NETWORK, deviceId, 1_767_225_600_000), parsed.signature)).toBe(true)
    // Another expiry, device or network is another message.
    expect(verifyDeviceSignature(type, key.publicKey, mqttTokenMessage(NETWORK, deviceId, 1_767_225_600_001), parsed.signature)).toBe(false)
    expect(verifyDeviceSignature(type, key.publicKey, mqttTokenMessage(`0x${'cd'.repeat(32)}`, deviceId, 1_767_225_600_000), parsed.signature)).toBe(false)
  })

  it('lays the signed bytes out as documented', () => {
    const device = `0x${'01'.repeat(32)}` as const
    const message = mqttTokenMessage(NETWORK, device, 0x0102030405)
    expect(Buffer.from(message.subarray(0, 14)).toString()).toBe('pinion-mqtt-v1')
    expect(message.length).toBe(14 + 32 + 32 + 8)
    expect([...message.subarray(78)]).toEqual([0, 0, 0, 1, 2, 3, 4, 5])
  })

  it('reads nothing that is not a token', () => {
    for (const bad of ['', 'abc', '12.', `12.${'A'.repeat(85)}`, `-1.${'A'.repeat(86)}`, `${'9'.repeat(17)}.${'A'.repeat(86)}`]) expect(parseMqttToken(bad)).toBeUndefined()
  })
})

describe('MQTT topics', () => {
  it('name a device’s four topics, and only its reports and challenge requests parse as published by it', () => {
    const deviceId = `0x${'0F'.repeat(32)}` as const
    const topics = mqttTopicsOf(NETWORK, deviceId)
    const id = deviceId.toLowerCase()
    expect(topics).toEqual({
      reports: `pinion/${NETWORK}/devices/${id}/reports`,
      acks: `pinion/${NETWORK}/devices/${id}/acks`,
      challengeRequests: `pinion/${NETWORK}/devices/${id}/challenges/get`,
      challenges: `pinion/${NETWORK}/devices/${id}/challenges`,
    })
    expect(parseDeviceTopic(NETWORK, topics.reports)).toEqual({ deviceId: id, type: 'reports' })
    expect(parseDeviceTopic(NETWORK, topics.challengeRequests)).toEqual({ deviceId: id, type: 'challengeRequests' })
    expect(parseDeviceTopic(NETWORK, topics.acks)).toBeUndefined()
    expect(parseDeviceTopic(`0x${'cd'.repeat(32)}`, topics.reports)).toBeUndefined()
  })

  it('name a batch by the sha256 of its bytes', () => {
    expect(batchIdOf(new Uint8Array())).toBe('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
