/**
 * Fractional ownership from TypeScript: where a reward split or a device's shares live (computed
 * offline, exactly as the factories' CREATE2 does), and what a payee or a holder can be paid.
 */
import { type Address, type Client, type Hex, concatHex, encodeAbiParameters, getContractAddress, keccak256, size, toHex, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import { deviceSharesAbi, rewardSplitAbi, rewardSplitFactoryAbi } from '../generated/artifacts.ts'

/** `RewardSplit.MAX_PAYEES`. */
export const MAX_SPLIT_PAYEES = 100
/** `RewardSplit.MAX_TOTAL_SHARES`: 2^64 - 1. */
export const MAX_SPLIT_TOTAL_SHARES = (1n << 64n) - 1n

/** The payees of a split and their shares, in the order they were given (the order is part of the address). */
export type SplitTerms = { payees: readonly Address[]; shares: readonly bigint[]; salt?: Hex }

/** The CREATE2 salt RewardSplitFactory clones a split with: `keccak256(abi.encode(payees, shares, salt))`. */
export function splitCloneSalt({ payees, shares, salt = zeroHash }: SplitTerms): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'bytes32' }], [payees, shares, salt]))
}

/** OpenZeppelin Clones' EIP-1167 creation code for a clone of `implementation`. */
const cloneCreationCode = (implementation: Address): Hex => concatHex(['0x3d602d80600a3d3981f3363d3d373d3d3d363d73', implementation, '0x5af43d82803e903d91602b57fd5bf3'])

/** …and for a clone carrying immutable `args` after its code (`Clones.cloneDeterministicWithImmutableArgs`). */
const cloneWithArgsCreationCode = (implementation: Address, args: Hex): Hex =>
  concatHex(['0x61', toHex(size(args) + 0x2d, { size: 2 }), '0x3d81600a3d39f3363d3d373d3d3d363d73', implementation, '0x5af43d82803e903d91602b57fd5bf3', args])

/** The first contract `factory` created (its implementation): its CREATE address at nonce 1 (EIP-161 starts a contract's nonce at 1). */
const firstCreatedBy = (factory: Address) => getContractAddress({ from: factory, nonce: 1n })

/**
 * The address of the split `factory` creates (or created) for `terms`, computed offline.
 * `implementation` is the factory's `implementation()`, by default the first contract it created.
 */
export function splitAddress(factory: Address, terms: SplitTerms, implementation: Address = firstCreatedBy(factory)): Address {
  return getContractAddress({ opcode: 'CREATE2', from: factory, salt: splitCloneSalt(terms), bytecode: cloneCreationCode(implementation) })
}

/** The address of the split for `terms`, as `factory` predicts it on chain. */
export function predictSplit(client: Client, factory: Address, { payees, shares, salt = zeroHash }: SplitTerms): Promise<Address> {
  return readContract(client, { address: factory, abi: rewardSplitFactoryAbi, functionName: 'predictSplit', args: [[...payees], [...shares], salt] })
}

/**
 * The address of `deviceId`'s DeviceShares, whether created yet or not, computed offline: a clone of the
 * factory's `implementation()` (by default the first contract it created) carrying the device id,
 * salted by the device id.
 */
export function deviceSharesAddress(sharesFactory: Address, deviceId: bigint, implementation: Address = firstCreatedBy(sharesFactory)): Address {
  const salt = toHex(deviceId, { size: 32 })
  const args = encodeAbiParameters([{ type: 'uint256' }], [deviceId])
  return getContractAddress({ opcode: 'CREATE2', from: sharesFactory, salt, bytecode: cloneWithArgsCreationCode(implementation, args) })
}

/** One payee of a split: its shares, what it was paid, and what it can be paid now. */
export type SplitPayee = { payee: Address; shares: bigint; released: bigint; releasable: bigint }
/** A split as read from the chain. */
export type SplitState = { address: Address; token: Address; totalShares: bigint; totalReceived: bigint; totalReleased: bigint; payees: SplitPayee[] }

/** Everything about the split at `split`: its payees, their shares, what each was paid and can be paid now. */
export async function readSplit(client: Client, split: Address): Promise<SplitState> {
  const contract = { address: split, abi: rewardSplitAbi } as const
  const [payees, token, totalShares, totalReceived, totalReleased] = await Promise.all([
    readContract(client, { ...contract, functionName: 'payees' }),
    readContract(client, { ...contract, functionName: 'token' }),
    readContract(client, { ...contract, functionName: 'totalShares' }),
    readContract(client, { ...contract, functionName: 'totalReceived' }),
    readContract(client, { ...contract, functionName: 'totalReleased' }),
  ])
  const rows = await Promise.all(
    payees.map(async (payee) => {
      const [shares, released, releasable] = await Promise.all([
        readContract(client, { ...contract, functionName: 'sharesOf', args: [payee] }),
        readContract(client, { ...contract, functionName: 'released', args: [payee] }),
        readContract(client, { ...contract, functionName: 'releasable', args: [payee] }),
      ])
      return { payee, shares, released, releasable }
    }),
  )
  return { address: split, token, totalShares, totalReceived, totalReleased, payees: rows }
}

/**
 * What `holder` can be paid now by the ownership contract at `contract`: a payee's `releasable` from a
 * RewardSplit, a holder's `claimable` from a DeviceShares (tokens that arrived but are not synced yet
 * included). Either is zero for an address that is neither payee nor holder.
 */
export async function claimableFrom(client: Client, contract: { kind: 'split' | 'shares'; address: Address }, holder: Address): Promise<bigint> {
  if (contract.kind === 'split') return readContract(client, { address: contract.address, abi: rewardSplitAbi, functionName: 'releasable', args: [holder] })
  return readContract(client, { address: contract.address, abi: deviceSharesAbi, functionName: 'claimable', args: [holder] })
}
