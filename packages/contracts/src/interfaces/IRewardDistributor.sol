// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev Pays rewards against Merkle roots of cumulative amounts, each root signed by a quorum of the
 * network's oracles.
 */
interface IRewardDistributor {
    /// @notice One claim of a batch.
    struct Claim {
        address recipient;
        uint256 cumulativeAmount;
        bytes32[] proof;
    }

    /// @notice The values every oracle signs (EIP-712 `RewardRoot`) for an epoch.
    struct RewardRoot {
        uint64 epoch;
        bytes32 root;
        uint256 totalCumulative;
        bytes32 inputsHash;
        bytes32 paramsHash;
    }

    /// @notice Thrown when a root is posted for an epoch at or below the last committed one.
    error EpochNotIncreasing(uint64 epoch, uint64 nextEpoch);
    /// @notice Thrown when a root's total cumulative amount is below the last committed one.
    error CumulativeDecreased(uint256 totalCumulative, uint256 previousTotalCumulative);
    /// @notice Thrown when a root would let more be claimed than was ever funded.
    error RootExceedsFunding(uint256 totalCumulative, uint256 funded);
    /// @notice Thrown when the signature bytes are not a whole number of 64-byte compact signatures.
    error MalformedSignatures(uint256 length);
    /// @notice Thrown when fewer signatures than the quorum were given.
    error InsufficientSignatures(uint256 given, uint256 quorum);
    /// @notice Thrown when signature `index` does not recover to an address.
    error InvalidSignature(uint256 index);
    /// @notice Thrown when a signer is not in the oracle set.
    error SignerNotOracle(address signer);
    /// @notice Thrown when signers are not in strictly ascending address order (which also rules out
    /// the same oracle counted twice).
    error SignersNotAscending(address previous, address signer);
    /// @notice Thrown when a Merkle proof does not lead to the current root.
    error InvalidProof(address recipient, uint256 cumulativeAmount);
    /// @notice Thrown when no root has been committed yet.
    error NoRootCommitted();
    /// @notice Thrown when the zero address is given as an oracle.
    error InvalidOracle(address oracle);
    /// @notice Thrown when adding an oracle that is already in the set.
    error OracleAlreadyAdded(address oracle);
    /// @notice Thrown when removing an address that is not an oracle.
    error OracleNotFound(address oracle);
    /// @notice Thrown when a quorum is zero or larger than the oracle set.
    error InvalidQuorum(uint256 quorum, uint256 oracleCount);

    /// @notice Emitted when a quorum-signed root was committed for `epoch`.
    event RootCommitted(
        uint64 indexed epoch, bytes32 root, uint256 totalCumulative, bytes32 inputsHash, bytes32 paramsHash
    );
    /// @notice Emitted when `funder` added `amount` to the rewards, making `totalFunded`.
    event Funded(address indexed funder, uint256 amount, uint256 totalFunded);
    /// @notice Emitted when an oracle joined the set.
    event OracleAdded(address indexed oracle);
    /// @notice Emitted when an oracle left the set.
    event OracleRemoved(address indexed oracle);
    /// @notice Emitted when the quorum changed.
    event QuorumChanged(uint256 quorum);

    /// @notice Pays the caller `cumulativeAmount` minus what it already claimed.
    function claim(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256);

    /// @notice Pays `recipient` (anyone may send it, and pay its gas).
    function claimFor(address recipient, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256);

    /// @notice Pays several recipients in one transaction.
    function claimMany(Claim[] calldata claims) external returns (uint256);
}
