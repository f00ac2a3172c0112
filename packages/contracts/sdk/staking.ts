/**
 * Staking's messages and encodings: the EIP-712 `SlashOrder` a quorum of oracles signs, its digest,
 * the id Staking keys it by (one per subject and epoch), and how subjects and reason codes are written
 * into it. Pure: no I/O.
 */
import { type Address, type Hex, encodeAbiParameters, hashTypedData, hexToString, isAddress, keccak256, numberToHex, pad, size, stringToHex, trim } from 'viem'

/** What a stake is bonded for, as Staking numbers them (`IStaking.SubjectType`). */
export const SubjectType = { Device: 0, Operator: 1, Oracle: 2 } as const
export type SubjectType = (typeof SubjectType)[keyof typeof SubjectType]

/** Where a slash order stands (`IStaking.SlashStatus`), by number. */
export const SLASH_STATUSES = ['none', 'pending', 'appealed', 'upheld', 'vetoed', 'rejected', 'executed'] as const
export type SlashStatus = (typeof SLASH_STATUSES)[number]

/** A slash order, as the oracles sign it and `Staking.proposeSlash` takes it. */
export type SlashOrder = {
  /** The epoch whose work the punishment is for. */
  epoch: bigint
  /** The distributor's `oracleSetVersion()` when signed: an order signed under another version is refused. */
  version: number
  /** SubjectType.Device or SubjectType.Operator. */
  subjectType: number
  /** deviceSubject(id) or addressSubject(operator). */
  subject: Hex
  /** The most to take, in token base units. */
  amount: bigint
  /** reasonCode('wireless.BEACON_REPLAY'). */
  reason: Hex
  /** A hash of the published evidence; never zero. */
  evidenceHash: Hex
}

/** The EIP-712 message every oracle signs to slash a device or an operator (see `Staking.proposeSlash`). */
export function slashOrderTypedData(chainId: number, staking: Address, order: SlashOrder) {
  return {
    domain: { name: 'Pinion Staking', version: '1', chainId, verifyingContract: staking },
    types: {
      SlashOrder: [
        { name: 'epoch', type: 'uint64' },
        { name: 'version', type: 'uint32' },
        { name: 'subjectType', type: 'uint8' },
        { name: 'subject', type: 'bytes32' },
        { name: 'amount', type: 'uint256' },
        { name: 'reason', type: 'bytes32' },
        { name: 'evidenceHash', type: 'bytes32' },
      ],
    },
    primaryType: 'SlashOrder',
    message: order,
  } as const
}

/** What the oracles sign for a slash order: its EIP-712 digest, as `Staking.slashOrderDigest` computes it. */
export function slashOrderDigest(chainId: number, staking: Address, order: SlashOrder): Hex {
  return hashTypedData(slashOrderTypedData(chainId, staking, order))
}

/**
 * A slash order's id, as `Staking.slashOrderId` computes it: one per subject and epoch, whatever the
 * order's version, amount or reason (a subject is slashed at most once for an epoch's work).
 */
export function slashOrderId(order: Pick<SlashOrder, 'epoch' | 'subjectType' | 'subject'>): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint64' }, { type: 'uint8' }, { type: 'bytes32' }], [order.epoch, order.subjectType, order.subject]))
}

/** A device as a subject: its id (the registry's uint256) as 32 bytes. */
export function deviceSubject(deviceId: bigint): Hex {
  return numberToHex(deviceId, { size: 32 })
}

/** An operator or oracle as a subject: its address left-padded to 32 bytes (as a uint256). */
export function addressSubject(account: Address): Hex {
  if (!isAddress(account, { strict: false })) throw new TypeError(`"${account}" is not an address`)
  return pad(account.toLowerCase() as Hex, { size: 32 })
}

/** The longest reason code a bytes32 holds. */
const REASON_BYTES = 32

/** A qualified reason code (`"wireless.BEACON_REPLAY"`) as a left-aligned bytes32 string. */
export function reasonCode(reason: string): Hex {
  const hex = stringToHex(reason)
  if (reason.length === 0 || size(hex) > REASON_BYTES) throw new RangeError(`reason code "${reason}" is ${size(hex)} bytes, expected 1 to ${REASON_BYTES}`)
  return pad(hex, { dir: 'right', size: REASON_BYTES })
}

/** The reason code a bytes32 holds, as reasonCode wrote it. */
export function reasonText(reason: Hex): string {
  return hexToString(trim(reason, { dir: 'right' }))
}

/**
 * The fewest shares of a pool holding `tokens` for `shares` that are worth at least `amount`
 * (rounded up), capped at `held`: what to unbond to take `amount` out of a delegation. Staking pays
 * what shares are worth rounded down; rounding the shares up makes them worth at least `amount`.
 */
export function sharesForAmount(amount: bigint, pool: { tokens: bigint; shares: bigint }, held: bigint): bigint {
  if (pool.tokens === 0n) return 0n
  const shares = (amount * pool.shares + pool.tokens - 1n) / pool.tokens
  return shares < held ? shares : held
}
