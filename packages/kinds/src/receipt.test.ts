import { type Hex, encodeAbiParameters, keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { receiptId } from './receipt.ts'

const DEVICE = `0x${'11'.repeat(32)}` as Hex
const ROUTER = `0x${'22'.repeat(32)}` as Hex

describe('receiptId', () => {
  it('is keccak256 of the documented ABI encoding', () => {
    const session = toBytes('session-1')
    const expected = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'string' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
        [keccak256(toBytes('pinion/receipt/v1')), 'wireless', DEVICE, ROUTER, keccak256(session)],
      ),
    )
    expect(receiptId('wireless', DEVICE, ROUTER, session)).toBe(expected)
  })

  it('differs by kind, device, service key and session', () => {
    const base = receiptId('wireless', DEVICE, ROUTER, toBytes('s'))
    expect(receiptId('mobile', DEVICE, ROUTER, toBytes('s'))).not.toBe(base)
    expect(receiptId('wireless', ROUTER, ROUTER, toBytes('s'))).not.toBe(base)
    expect(receiptId('wireless', DEVICE, DEVICE, toBytes('s'))).not.toBe(base)
    expect(receiptId('wireless', DEVICE, ROUTER, toBytes('t'))).not.toBe(base)
  })
})
