import { receiptsHash } from '@pinion/contracts'
import { type Hex, encodeAbiParameters, keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { settlementBatch, settlementReceiptId } from './settlementBatch.ts'

const hex32 = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex
const [ROUTER_A, ROUTER_B, DEVICE_1, DEVICE_2] = [hex32(0xa1), hex32(0xb2), hex32(0x01), hex32(0x02)]

describe('settlementBatch', () => {
  it("adds up an epoch's charges per service key and device, in the order each pair was first charged", () => {
    const batch = settlementBatch(7n, [
      { serviceKey: ROUTER_A, deviceId: DEVICE_2, credits: 5n },
      { serviceKey: ROUTER_A, deviceId: DEVICE_1, credits: 3n },
      { serviceKey: ROUTER_B, deviceId: DEVICE_2, credits: 1n },
      { serviceKey: ROUTER_A, deviceId: DEVICE_2, credits: 10n },
    ])
    expect(batch.map((r) => [r.serviceKey, r.deviceId, r.credits])).toEqual([
      [ROUTER_A, DEVICE_2, 15n],
      [ROUTER_A, DEVICE_1, 3n],
      [ROUTER_B, DEVICE_2, 1n],
    ])
    expect(receiptsHash(batch)).toBe(receiptsHash(settlementBatch(7n, [...batch])))
  })

  it('names each aggregate by its epoch, service key and device, so it settles once', () => {
    const id = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
        [keccak256(toBytes('pinion/settlement/v1')), 7n, ROUTER_A, DEVICE_1],
      ),
    )
    expect(settlementReceiptId(7n, ROUTER_A, DEVICE_1)).toBe(id)
    expect(settlementReceiptId(8n, ROUTER_A, DEVICE_1)).not.toBe(id)
  })
})
