import { type Hex, encodeAbiParameters, keccak256, toBytes } from 'viem'

/**
 * A usage receipt: service a device gave a customer, counter-signed by the customer's service key
 * (for wireless, the router that received the traffic), which the network charges in credits. The
 * credits come out of the escrow the customer delegated to that service key on chain (the Credits
 * contract); the oracles settle each epoch's receipts there in one quorum-signed batch, and what
 * the receipts consumed is the served devices' revenue.
 */
export type KindReceipt = {
  /** The report that carried it. */
  readonly reportId: Hex
  readonly deviceId: Hex
  /** Whose escrow pays: a bytes32 service key (lower-case hex), as delegated to on chain. */
  readonly serviceKey: Hex
  /** receiptId(): unique per receipt, settled at most once on chain. */
  readonly receiptId: Hex
  /** What the service costs, in whole credits; above zero. */
  readonly credits: bigint
}

const RECEIPT_DOMAIN = keccak256(toBytes('pinion/receipt/v1'))

/**
 * A receipt's id: keccak256(abi.encode(keccak256("pinion/receipt/v1"), kind, deviceId, serviceKey,
 * keccak256(session))). The session is the customer's own id for what it was served (a router's
 * session id); with the kind, device and service key it names one piece of service, whatever report
 * or epoch carries it, so a receipt replayed in another report or epoch has the same id and the
 * Credits contract refuses to settle it twice.
 */
export function receiptId(kind: string, deviceId: Hex, serviceKey: Hex, session: Uint8Array): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'string' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [RECEIPT_DOMAIN, kind, deviceId, serviceKey, keccak256(session)],
    ),
  )
}
