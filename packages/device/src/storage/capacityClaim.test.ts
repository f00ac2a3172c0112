import { deviceIdOf, generateDeviceKey, signWithDeviceKey } from '@pinion/protocol'
import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { type CapacityClaim, capacityClaimMessage, verifyCapacityClaim } from './capacityClaim.ts'

describe('capacity claims', () => {
  const claim: CapacityClaim = { deviceId: `0x${'ab'.repeat(32)}`, quotaBytes: 10 * 2 ** 30, usedBytes: 1_234_567, pieces: 3, atMs: 1_700_000_000_123 }

  it('encode the domain, the device and four big-endian 64-bit numbers, in 90 bytes', () => {
    expect(bytesToHex(capacityClaimMessage(claim))).toBe(
      `0x${Buffer.from('pinion-storage-capacity-v1').toString('hex')}${'ab'.repeat(32)}${'0000000280000000'}${'000000000012d687'}${'0000000000000003'}${'0000018bcfe5687b'}`,
    )
    expect(capacityClaimMessage(claim)).toHaveLength(90)
    for (const bad of [{ usedBytes: -1 }, { pieces: 1.5 }, { atMs: 2 ** 53 }, { deviceId: '0x12' as const }]) {
      expect(() => capacityClaimMessage({ ...claim, ...bad })).toThrow(TypeError)
    }
  })

  it.each(['ed25519', 'p256'] as const)('verify under the %s key of the claimed device, and no other claim or key', (type) => {
    const key = generateDeviceKey(type)
    const own = { ...claim, deviceId: deviceIdOf(key.publicKey) }
    const signature = bytesToHex(signWithDeviceKey(key, capacityClaimMessage(own)))
    expect(verifyCapacityClaim(own, signature, key)).toBe(true)
    for (const changed of [{ quotaBytes: own.quotaBytes + 1 }, { usedBytes: 0 }, { pieces: 4 }, { atMs: own.atMs + 1 }]) {
      expect(verifyCapacityClaim({ ...own, ...changed }, signature, key)).toBe(false)
    }
    // Another device's key, even one whose signature is good, does not speak for this device.
    const other = generateDeviceKey(type)
    expect(verifyCapacityClaim(own, bytesToHex(signWithDeviceKey(other, capacityClaimMessage(own))), other)).toBe(false)
    expect(verifyCapacityClaim(own, '0x1234', key)).toBe(false)
    expect(verifyCapacityClaim({ ...own, usedBytes: -1 }, signature, key)).toBe(false)
  })
})
