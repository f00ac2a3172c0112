import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindReport, ScoreContext } from '../src/kind.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'
import { receiptId } from '../src/receipt.ts'
import type { WirelessCarried } from './carry.ts'
import { DEFAULT_WIRELESS_PARAMS, type WirelessParams } from './params.ts'
import { type WirelessPayload, signDataTransfer } from './payload.ts'
import { transferCredits, wirelessReceipts } from './receipts.ts'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'

const DEVICE = `0x${'ab'.repeat(32)}` as Hex
const ctx = {
  epoch: { epoch: 0n, startMs: 0n, endMs: 1_000n, entropy: `0x${'00'.repeat(32)}` as Hex },
  devices: new Map(),
  params: DEFAULT_WIRELESS_PARAMS,
  carried: null,
  inputs: NO_KIND_INPUTS,
} as ScoreContext<WirelessParams, WirelessCarried>

describe('transferCredits (1 DC per 24-byte increment, at least one per packet)', () => {
  it('rounds bytes up to whole 24-byte increments', () => {
    expect(transferCredits({ bytes: 24n, packets: 1n })).toBe(1n)
    expect(transferCredits({ bytes: 25n, packets: 1n })).toBe(2n)
    expect(transferCredits({ bytes: 240_000n, packets: 10n })).toBe(10_000n)
  })
  it('charges each packet at least one credit', () => {
    expect(transferCredits({ bytes: 100n, packets: 50n })).toBe(50n)
  })
})

describe('wirelessReceipts', () => {
  it("gives one receipt per data transfer, paid by the router's key, and none for coverage reports", () => {
    const transfer = signDataTransfer(DEVNET_ROUTER_KEY, DEVICE, { sessionId: '0x0102', bytes: 4_800n, packets: 100n, startedAtMs: 10n, endedAtMs: 20n })
    const reports: KindReport<WirelessPayload>[] = [
      { reportId: `0x${'01'.repeat(32)}`, deviceId: DEVICE, sequence: 1n, timestampMs: 20n, payloadType: 'data_transfer', payload: { type: 'data_transfer', ...transfer } },
      {
        reportId: `0x${'02'.repeat(32)}`,
        deviceId: DEVICE,
        sequence: 2n,
        timestampMs: 30n,
        payloadType: 'beacon',
        payload: { type: 'beacon' } as WirelessPayload,
      },
    ]
    expect(wirelessReceipts(reports, ctx)).toEqual([
      {
        reportId: `0x${'01'.repeat(32)}`,
        deviceId: DEVICE,
        serviceKey: DEVNET_ROUTER_KEY.publicKey.toLowerCase(),
        receiptId: receiptId('wireless', DEVICE, DEVNET_ROUTER_KEY.publicKey.toLowerCase() as Hex, new Uint8Array([1, 2])),
        credits: 200n,
      },
    ])
  })
})
