import { type Receipt, receiptsHash } from '@pinion/contracts'
import { type Hex, encodeAbiParameters, keccak256, toBytes } from 'viem'
import type { Db } from '../store/db.ts'

const SETTLEMENT_DOMAIN = keccak256(toBytes('pinion/settlement/v1'))

/**
 * The on-chain receipt one epoch's charges settle as, for one service key and device: id
 * keccak256(abi.encode(keccak256("pinion/settlement/v1"), epoch, serviceKey, deviceId)). The epoch
 * charged each of the device's receipts for that key once (chargeReceipts), and the Credits contract
 * settles each id once, so one aggregate per pair settles everything at a fraction of the gas of one
 * entry per receipt (each settled id costs a storage slot).
 */
export function settlementReceiptId(epoch: bigint, serviceKey: Hex, deviceId: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }], [SETTLEMENT_DOMAIN, epoch, serviceKey, deviceId]))
}

/**
 * An epoch's settlement batch from the receipts it charged, in charge order: one aggregate per
 * (service key, device), in the order of each pair's first receipt. Every oracle that computed the
 * epoch builds the same batch, byte for byte.
 */
export function settlementBatch(epoch: bigint, charged: readonly { serviceKey: Hex; deviceId: Hex; credits: bigint }[]): Receipt[] {
  const byPair = new Map<string, Receipt>()
  for (const { serviceKey, deviceId, credits } of charged) {
    const key = `${serviceKey.toLowerCase()}${deviceId.toLowerCase()}`
    const known = byPair.get(key)
    if (known !== undefined) known.credits += credits
    else byPair.set(key, { id: settlementReceiptId(epoch, serviceKey, deviceId), serviceKey, deviceId, credits })
  }
  return [...byPair.values()]
}

/** The settlement batch of a stored epoch (its credit_receipts, in charge order), and the hash its signature covers. */
export async function storedSettlement(db: Db, epoch: bigint): Promise<{ receipts: Receipt[]; receiptsHash: Hex }> {
  const { rows } = await db.query<{ service_key: Hex; device_id: Hex; credits: string }>(
    'select service_key, device_id, credits from credit_receipts where epoch = $1 order by position',
    [epoch.toString()],
  )
  const receipts = settlementBatch(
    epoch,
    rows.map((row) => ({ serviceKey: row.service_key, deviceId: row.device_id, credits: BigInt(row.credits) })),
  )
  return { receipts, receiptsHash: receiptsHash(receipts) }
}
