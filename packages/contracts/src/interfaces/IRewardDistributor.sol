// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev Pays rewards against Merkle roots of cumulative amounts. Each root is signed by a quorum of
 * the current (versioned) oracle set, waits out a dispute window during which it can be vetoed, and
 * only then becomes claimable.
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
        /// The oracle set's version the signatures were made under (see `oracleSetVersion`).
        uint32 version;
        bytes32 root;
        uint256 totalCumulative;
        bytes32 inputsHash;
        bytes32 paramsHash;
    }

    /// @notice A root claims may be proven against.
    struct ClaimableRoot {
        uint64 epoch;
        bytes32 root;
    }

    /// @notice Thrown when a root is posted for an epoch other than the next one.
    error EpochNotNext(uint64 epoch, uint64 nextEpoch);
    /// @notice Thrown when a root was signed under another oracle-set version than the current one.
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @notice Thrown when a root's total cumulative amount is below the last committed one.
    error CumulativeDecreased(uint256 totalCumulative, uint256 previousTotalCumulative);
    /// @notice Thrown when a root's total cumulative amount is below what has already been claimed.
    error CumulativeBelowClaimed(uint256 totalCumulative, uint256 totalClaimed);
    /// @notice Thrown when a root would let more be claimed than was ever funded.
    error RootExceedsFunding(uint256 totalCumulative, uint256 funded);
    /// @notice Thrown when every pending slot holds a root still inside its dispute window.
    error TooManyPendingRoots(uint256 pending, uint64 oldestClaimableAt);
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
    /// @notice Thrown when a Merkle proof leads to none of the claimable roots.
    error InvalidProof(address recipient, uint256 cumulativeAmount);
    /// @notice Thrown when no root has been committed yet.
    error NoRootCommitted();
    /// @notice Thrown when `epoch` has no pending root: it was never committed, was vetoed, or is
    /// already claimable. Pending epochs are `[firstPending, nextEpoch)`.
    error RootNotPending(uint64 epoch, uint64 firstPending, uint64 nextEpoch);
    /// @notice Thrown when the zero address is given as an oracle.
    error InvalidOracle(address oracle);
    /// @notice Thrown when an announced URL is empty or longer than MAX_URL_LENGTH bytes.
    error InvalidUrl(uint256 length);
    /// @notice Thrown when adding an oracle that is already in the set.
    error OracleAlreadyAdded(address oracle);
    /// @notice Thrown when removing an address that is not an oracle.
    error OracleNotFound(address oracle);
    /// @notice Thrown when a quorum is not a strict majority of the oracle set (`n/2 < quorum <= n`).
    error InvalidQuorum(uint256 quorum, uint256 oracleCount);
    /// @notice Thrown when a dispute window is longer than the longest allowed.
    error InvalidDisputeWindow(uint64 disputeWindow, uint64 maxDisputeWindow);
    /// @notice Thrown when two roots offered as an equivocation are for different epochs.
    error EquivocationEpochsDiffer(uint64 epochA, uint64 epochB);
    /// @notice Thrown when two roots offered as an equivocation were signed under different versions.
    error EquivocationVersionsDiffer(uint32 versionA, uint32 versionB);
    /// @notice Thrown when the two roots offered as an equivocation are the same values.
    error EquivocationRootsIdentical(bytes32 digest);
    /// @notice Thrown when the two signatures offered as an equivocation are by different signers.
    error EquivocationSignersDiffer(address signerA, address signerB);

    /**
     * @notice Emitted when a quorum-signed root was committed for `epoch`; it becomes claimable at
     * `claimableAt` unless vetoed first.
     */
    event RootCommitted(
        uint64 indexed epoch,
        uint32 version,
        bytes32 root,
        uint256 totalCumulative,
        bytes32 inputsHash,
        bytes32 paramsHash,
        uint64 claimableAt
    );
    /// @notice Emitted when every pending root up to `latestClaimableEpoch` became claimable.
    event RootsPromoted(uint64 latestClaimableEpoch);
    /// @notice Emitted when `by` vetoed the pending root of `epoch` (and every later pending root).
    event RootVetoed(uint64 indexed epoch, address by, uint32 newVersion);
    /// @notice Emitted when an oracle was proven to have signed two different roots for `epoch`.
    event OracleEquivocated(address indexed oracle, uint64 indexed epoch);
    /// @notice Emitted by {IRewardDistributor-claimMany} for a claim whose proof matched no claimable root.
    event ClaimSkipped(address indexed recipient, uint256 cumulativeAmount);
    /// @notice Emitted when `funder` added `amount` to the rewards, making `totalFunded`.
    event Funded(address indexed funder, uint256 amount, uint256 totalFunded);
    /// @notice Emitted when an oracle joined the set.
    event OracleAdded(address indexed oracle);
    /// @notice Emitted when `oracle` announced where it serves its peers.
    event OracleUrlAnnounced(address indexed oracle, string url);
    /// @notice Emitted when an oracle left the set.
    event OracleRemoved(address indexed oracle);
    /// @notice Emitted on every change of the oracle set or quorum, and on every veto.
    event OracleSetChanged(uint32 version, uint256 oracleCount, uint256 quorum);
    /// @notice Emitted when the dispute window changed.
    event DisputeWindowChanged(uint64 disputeWindow);

    /// @notice Pays the caller `cumulativeAmount` minus what it already claimed.
    function claim(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256);

    /// @notice Pays `recipient` (anyone may send it, and pay its gas).
    function claimFor(address recipient, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256);

    /// @notice Pays several recipients in one transaction, skipping claims whose proof matches no root.
    function claimMany(Claim[] calldata claims) external returns (uint256);
}
