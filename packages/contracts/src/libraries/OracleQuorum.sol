// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IOracleSet} from "../interfaces/IOracleSet.sol";

/**
 * @dev Checks that a quorum of the network's current oracles signed a digest, in the format the
 * RewardDistributor takes for roots: 64-byte compact (EIP-2098) signatures, concatenated in strictly
 * ascending order of signer address (so no signer counts twice, without a loop over the others).
 * Its errors have the RewardDistributor's names and arguments, so their selectors are the same.
 */
library OracleQuorum {
    /// @dev EIP-2098 compact signatures: r, then yParity folded into the top bit of s.
    uint256 internal constant COMPACT_SIGNATURE_LENGTH = 64;

    /// @dev `length` bytes of signatures is not a whole number of 64-byte compact signatures.
    error MalformedSignatures(uint256 length);
    /// @dev `given` signatures, where the quorum is `quorum`.
    error InsufficientSignatures(uint256 given, uint256 quorum);
    /// @dev The signature at `index` does not recover to an address.
    error InvalidSignature(uint256 index);
    /// @dev `signer` is not in the current oracle set.
    error SignerNotOracle(address signer);
    /// @dev Signatures must come in strictly ascending signer order: `signer` follows `previous`.
    error SignersNotAscending(address previous, address signer);

    /// @dev Reverts unless at least `oracles.quorum()` distinct current oracles signed `digest`.
    function check(IOracleSet oracles, bytes32 digest, bytes calldata signatures) internal view {
        if (signatures.length % COMPACT_SIGNATURE_LENGTH != 0) revert MalformedSignatures(signatures.length);
        uint256 count = signatures.length / COMPACT_SIGNATURE_LENGTH;
        uint256 quorum = oracles.quorum();
        if (count < quorum) revert InsufficientSignatures(count, quorum);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            uint256 offset = i * COMPACT_SIGNATURE_LENGTH;
            address signer = recover(digest, signatures[offset:offset + COMPACT_SIGNATURE_LENGTH], i);
            if (signer <= previous) revert SignersNotAscending(previous, signer);
            if (!oracles.isOracle(signer)) revert SignerNotOracle(signer);
            previous = signer;
        }
    }

    /// @dev The signer of the 64-byte compact `signature` of `digest` (the `index`-th of a list, for the error).
    function recover(bytes32 digest, bytes calldata signature, uint256 index) internal pure returns (address) {
        if (signature.length != COMPACT_SIGNATURE_LENGTH) revert MalformedSignatures(signature.length);
        (address signer, ECDSA.RecoverError failure,) =
            ECDSA.tryRecover(digest, bytes32(signature[0:32]), bytes32(signature[32:64]));
        if (failure != ECDSA.RecoverError.NoError) revert InvalidSignature(index);
        return signer;
    }
}
