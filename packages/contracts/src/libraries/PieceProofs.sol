// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title PieceProofs
 * @notice Filecoin's PDP (proof of data possession) checks, for a storage network's disputes: that a
 * 32-byte leaf sits at a position under a piece's committed root, and which leaves a data set must
 * prove for a seed. The same rules as FilOzone's PDPVerifier (`MerkleVerify`, `provePossession`) and
 * as the protocol package's pdp module, which the differential test holds them to.
 * @dev Nodes are SHA254: SHA-256 (precompile 0x02) of `left ‖ right` with the two top bits of the
 * last byte cleared, so that each is a BLS12-381 field element as in Filecoin's piece commitments.
 */
library PieceProofs {
    /// @dev SHA-256 with the last byte's two top bits cleared.
    uint256 private constant SHA254_MASK = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF3F;

    /// @notice A proof carries `length` siblings for a tree of `height` levels above its leaves.
    error ProofLengthMismatch(uint256 length, uint256 height);

    /// @notice The parent of `left` and `right` in a piece's tree.
    function node(bytes32 left, bytes32 right) internal view returns (bytes32 parent) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            if iszero(staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)) { revert(0, 0) }
            parent := and(mload(0x00), SHA254_MASK)
        }
    }

    /**
     * @notice Whether `proof` leads from `leaf` at `position` to `root` in a tree of `height` levels
     * above its leaves; reverts with {ProofLengthMismatch} unless the proof has one sibling a level.
     * A position past the tree's last leaf fails (PDP's own check takes it modulo the tree; its
     * positions come from pieceAt-style lookups inside the piece, so it never meets one).
     */
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf, uint256 position, uint256 height)
        internal
        view
        returns (bool)
    {
        if (proof.length != height) revert ProofLengthMismatch(proof.length, height);
        if (height < 256 && position >> height != 0) return false;
        bytes32 computed = leaf;
        for (uint256 i = 0; i < proof.length; ++i) {
            computed = position & 1 == 0 ? node(computed, proof[i]) : node(proof[i], computed);
            position >>= 1;
        }
        return computed == root;
    }

    /**
     * @notice Challenge `index` of a data set for `seed`: a leaf among its first `challengeRange`,
     * `uint256(keccak256(abi.encodePacked(seed, dataSetId, index))) % challengeRange` as PDP draws it
     * (a bias of at most challengeRange / 2^256, accepted).
     */
    function challengedLeaf(uint256 seed, uint256 dataSetId, uint64 index, uint256 challengeRange)
        internal
        pure
        returns (uint256)
    {
        return uint256(keccak256(abi.encodePacked(seed, dataSetId, index))) % challengeRange;
    }
}
