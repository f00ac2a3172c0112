/**
 * Fractional ownership from TypeScript: where a reward split or a device's shares live (computed
 * offline, exactly as the factories' CREATE2 does), and what a payee or a holder can be paid.
 */
import { type Address, type Client, type Hex, concatHex, encodeAbiParameters, encodeDeployData, getContractAddress, keccak256, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import { deviceSharesAbi, deviceSharesBytecode, rewardSplitAbi, rewardSplitFactoryAbi } from '../generated/artifacts.ts'

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

/**
 * The address of the split `factory` creates (or created) for `terms`, computed offline.
 * `implementation` is the factory's `implementation()`: the first contract the factory created, so
 * it defaults to the factory's CREATE address at nonce 1 (EIP-161 starts a contract's nonce at 1).
 */
export function splitAddress(factory: Address, terms: SplitTerms, implementation: Address = getContractAddress({ from: factory, nonce: 1n })): Address {
  return getContractAddress({ opcode: 'CREATE2', from: factory, salt: splitCloneSalt(terms), bytecode: cloneCreationCode(implementation) })
}

/** The address of the split for `terms`, as `factory` predicts it on chain. */
export function predictSplit(client: Client, factory: Address, { payees, shares, salt = zeroHash }: SplitTerms): Promise<Address> {
  return readContract(client, { address: factory, abi: rewardSplitFactoryAbi, functionName: 'predictSplit', args: [[...payees], [...shares], salt] })
}

/** The address of `deviceId`'s DeviceShares, computed offline from the factory and the contracts it names. */
export function deviceSharesAddress(sharesFactory: Address, deployment: { token: Address; distributor: Address }, deviceId: bigint): Address {
  const initCode = encodeDeployData({ abi: deviceSharesAbi, bytecode: deviceSharesBytecode, args: [deployment.token, deployment.distributor, deviceId] })
  return getContractAddress({ opcode: 'CREATE2', from: sharesFactory, salt: `0x${deviceId.toString(16).padStart(64, '0')}`, bytecode: initCode })
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
