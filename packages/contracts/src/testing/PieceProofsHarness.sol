// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {PieceProofs} from "../libraries/PieceProofs.sol";

/**
 * @dev FOR TESTS ONLY: exposes the PieceProofs library's internal functions, for the differential
 * test against the protocol package's pdp module and its gas snapshot. It holds no state and no funds.
 */
contract PieceProofsHarness {
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf, uint256 position, uint256 height)
        external
        view
        returns (bool)
    {
        return PieceProofs.verify(proof, root, leaf, position, height);
    }

    function challengedLeaf(uint256 seed, uint256 dataSetId, uint64 index, uint256 challengeRange)
        external
        pure
        returns (uint256)
    {
        return PieceProofs.challengedLeaf(seed, dataSetId, index, challengeRange);
    }

    /// @dev A period's proofs at once (PDP asks at least 5), reverting on the first that fails.
    function verifyAll(bytes32[][] calldata proofs, bytes32[] calldata leaves, bytes32 root, uint256[] calldata positions, uint256 height)
        external
        view
    {
        for (uint256 i = 0; i < proofs.length; ++i) {
            require(PieceProofs.verify(proofs[i], root, leaves[i], positions[i], height), "proof did not verify");
        }
    }
}
