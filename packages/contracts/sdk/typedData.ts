import { type Address, type Hex, concatHex, parseSignature, serializeCompactSignature, signatureToCompactSignature } from 'viem'

/** Key types as the registry numbers them. */
export const KeyType = { Ed25519: 1, P256: 2 } as const
export type KeyType = (typeof KeyType)[keyof typeof KeyType]

export type Registration = {
  keyType: KeyType
  key: Hex
  deviceClass: number
  serial: Hex
  owner: Address
  /**
   * At or above the maker's nonce floor (`makerNonceFloor`) when the registration lands; the maker
   * revokes its outstanding signatures by raising the floor. Ignored on the permissionless path.
   */
  nonce: bigint
  /** Unix seconds (chain time) after which the maker's signature is void. Ignored on the permissionless path. */
  deadline: bigint
}

export type RewardRoot = {
  epoch: bigint
  /** The distributor's `oracleSetVersion()` when signed: a root signed under another version is refused. */
  version: number
  root: Hex
  totalCumulative: bigint
  inputsHash: Hex
  paramsHash: Hex
}

/** The EIP-712 message a maker signs to vouch for a device (see `DeviceRegistry.registerDevice`). */
export function registrationTypedData(chainId: number, registry: Address, registration: Registration) {
  return {
    domain: { name: 'Pinion DeviceRegistry', version: '1', chainId, verifyingContract: registry },
    types: {
      Registration: [
        { name: 'keyType', type: 'uint8' },
        { name: 'key', type: 'bytes' },
        { name: 'deviceClass', type: 'uint32' },
        { name: 'serial', type: 'bytes32' },
        { name: 'owner', type: 'address' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Registration',
    message: registration,
  } as const
}

/** The EIP-712 message every oracle signs for an epoch's root (see `RewardDistributor.commitRoot`). */
export function rewardRootTypedData(chainId: number, distributor: Address, root: RewardRoot) {
  return {
    domain: { name: 'Pinion RewardDistributor', version: '1', chainId, verifyingContract: distributor },
    types: {
      RewardRoot: [
        { name: 'epoch', type: 'uint64' },
        { name: 'version', type: 'uint32' },
        { name: 'root', type: 'bytes32' },
        { name: 'totalCumulative', type: 'uint256' },
        { name: 'inputsHash', type: 'bytes32' },
        { name: 'paramsHash', type: 'bytes32' },
      ],
    },
    primaryType: 'RewardRoot',
    message: root,
  } as const
}

/**
 * Packs oracle signatures the way `commitRoot` reads them: EIP-2098 compact (64 bytes each),
 * ordered by ascending signer address.
 */
export function packOracleSignatures(signatures: readonly { signer: Address; signature: Hex }[]): Hex {
  const ordered = [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
  return concatHex(ordered.map(({ signature }) => serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)))))
}
