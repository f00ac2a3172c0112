// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {MerkleProofLib} from "solady/src/utils/MerkleProofLib.sol";
import {Guarded} from "../access/Guarded.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRewardToken} from "../interfaces/IRewardToken.sol";

/**
 * @dev Cumulative Merkle rewards. See {IRewardDistributor}.
 *
 * Each epoch the oracles compute, for every recipient, the total it has earned since genesis, and
 * build an OpenZeppelin `StandardMerkleTree` over `(address recipient, uint256 cumulativeAmount)`.
 * A root is committed once a quorum of the current oracle set signed the same
 * `(epoch, version, root, totalCumulative, inputsHash, paramsHash)`. A claim pays the difference
 * between the proven cumulative amount and what the recipient already took, so one claim collects
 * any number of past epochs, and claiming again pays nothing.
 *
 * Lifecycle of a root: committed (pending) → after {disputeWindow} seconds, promoted (claimable),
 * unless vetoed first by the guardian or governance, or by anyone proving that one of its oracles
 * signed two different roots for the epoch ({proveEquivocation}). Promotion happens inside
 * {commitRoot} and in the permissionless {promoteRoots}.
 *
 * Safety, each enforced at commit:
 * - epochs follow one another exactly (no jumps, so no root can use up the epoch space);
 * - a root is signed under the current oracle-set version, which changes with every change of the
 *   set or quorum and with every veto, so no signature outlives the set that made it;
 * - `totalCumulative` never decreases, never exceeds what was funded, and never falls below what was
 *   already claimed ({totalClaimed}), so the pool can always pay every root's promises.
 * Payments come out of this contract's balance, which only funding fills, so even a dishonest
 * quorum can never pay out more than was funded, and not before the dispute window.
 *
 * Claims: the newest claimable root lives in one storage slot, read exactly as the single root of a
 * plain Merkle distributor; a proof of any of the three claimable roots before it is still accepted
 * (at extra cost only then), so a claim racing a promotion does not fail. Claims are never paused,
 * and cost no more than before the dispute window existed. A claim emits no event of its own: the
 * token's `Transfer` from this contract is the record.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (governance: the timelock) grants roles and sets the dispute window;
 * `ORACLE_MANAGER_ROLE` (also governance) changes the oracle set and quorum. The guardian may pause
 * commits and promotions, and veto pending roots; nothing else. Posting a root needs no role, only
 * the signatures.
 */
contract RewardDistributor is IRewardDistributor, Guarded, EIP712 {
    using SafeERC20 for IRewardToken;
    using EnumerableSet for EnumerableSet.AddressSet;

    bytes32 public constant ORACLE_MANAGER_ROLE = keccak256("ORACLE_MANAGER_ROLE");

    /**
     * @dev How many roots a claim may be proven against: the newest claimable root and the three
     * promoted before it. A claimant who built its proof from the root claimable when it looked still
     * gets paid after up to three promotions land first.
     */
    uint256 public constant CLAIMABLE_ROOTS = 4;
    /// @dev The longest URL an oracle may announce, in bytes: any real URL, and no log bombs.
    uint256 public constant MAX_URL_LENGTH = 256;
    /**
     * @dev Ring slots for committed roots, indexed by `epoch % PENDING_ROOT_SLOTS`. One slot always
     * keeps the newest claimable root's record (a veto of every pending root restores its total), so
     * at most `PENDING_ROOT_SLOTS - 1` roots can be pending at once. With a one-day window and daily
     * epochs, one or two are.
     */
    uint256 private constant PENDING_ROOT_SLOTS = 16;
    /**
     * @dev The longest dispute window governance may set: 30 days. Longer, and operators' rewards
     * would wait on a process nobody is running; shorter windows keep the ring above from filling.
     */
    uint64 public constant MAX_DISPUTE_WINDOW = 30 days;

    bytes32 private constant _REWARD_ROOT_TYPEHASH = keccak256(
        "RewardRoot(uint64 epoch,uint32 version,bytes32 root,uint256 totalCumulative,bytes32 inputsHash,bytes32 paramsHash)"
    );
    /// @dev EIP-2098 compact signatures: r, then yParity folded into the top bit of s.
    uint256 private constant _COMPACT_SIGNATURE_LENGTH = 64;
    /**
     * @dev Written into every root slot at construction, so that later writes overwrite a non-zero
     * slot (5,000 gas) instead of filling an empty one (22,100), as Uniswap v3's `Oracle.grow` does for
     * its observations. No proof can lead to it: that would take a keccak256 preimage of 1.
     */
    bytes32 private constant _UNUSED_ROOT = bytes32(uint256(1));

    /// @dev Everything {commitRoot} reads and writes besides the ring, in one slot.
    struct State {
        /// The epoch the next root must have.
        uint64 nextEpoch;
        /// Epochs `[firstPending, nextEpoch)` are pending; the newest claimable one is `firstPending - 1`.
        uint64 firstPending;
        uint64 disputeWindow;
        uint32 version;
        uint16 quorum;
        /// How many of the claimable-root slots hold a root (at most {CLAIMABLE_ROOTS}).
        uint8 claimableCount;
        /// The older-root slot the next promotion moves the newest claimable root into.
        uint8 nextOlderSlot;
    }

    /// @dev A committed root, in two slots.
    struct Committed {
        bytes32 root;
        uint64 claimableAt;
        uint192 totalCumulative;
    }

    IRewardToken private immutable _token;

    /// @dev The newest claimable root: the one slot a claim reads on the happy path.
    bytes32 private _claimableRoot;
    bytes32[3] private _olderRoots;
    uint64[3] private _olderEpochs;
    State private _state;
    uint256 private _funded;
    Committed[16] private _committed;
    EnumerableSet.AddressSet private _oracles;
    mapping(address recipient => uint256) private _claimed;

    /**
     * @param token_ the reward token: a {PinionToken} whose reward pool is this contract
     * @param admin governance: receives `DEFAULT_ADMIN_ROLE` and `ORACLE_MANAGER_ROLE`
     * @param guardian_ may pause and veto (zero: no guardian)
     * @param oracles_ the initial oracle set
     * @param quorum_ how many distinct oracles must sign a root: a strict majority of `oracles_`
     * @param disputeWindow_ seconds between a root's commit and its promotion. A network runs with
     * 86,400 (one day: a watcher replaying the published inputs and a guardian multisig across time
     * zones can react, and a daily epoch's root is claimable the day after it is committed); the
     * devnet with a few seconds, so that a local network pays within one epoch.
     */
    constructor(
        IRewardToken token_,
        address admin,
        address guardian_,
        address[] memory oracles_,
        uint16 quorum_,
        uint64 disputeWindow_
    ) Guarded(guardian_) EIP712("Pinion RewardDistributor", "1") {
        _token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORACLE_MANAGER_ROLE, admin);
        for (uint256 i = 0; i < oracles_.length; ++i) {
            _addOracle(oracles_[i]);
        }
        State memory state = _state;
        _setDisputeWindow(state, disputeWindow_);
        _setOracleSet(state, quorum_);
        _state = state;

        _claimableRoot = _UNUSED_ROOT;
        for (uint256 i = 0; i < CLAIMABLE_ROOTS - 1; ++i) {
            _olderRoots[i] = _UNUSED_ROOT;
            _olderEpochs[i] = type(uint64).max;
        }
        for (uint256 i = 0; i < PENDING_ROOT_SLOTS; ++i) {
            _committed[i] = Committed(_UNUSED_ROOT, type(uint64).max, 0);
        }
    }

    // ───────────────────────────── roots ─────────────────────────────

    /**
     * @dev Commits `rewardRoot` with `signatures`: 64-byte compact (EIP-2098) signatures of
     * {rewardRootDigest}, concatenated in strictly ascending order of signer address. The root becomes
     * claimable {disputeWindow} seconds later, unless vetoed. First promotes every pending root whose
     * window has passed.
     *
     * Requirements:
     * - not paused;
     * - `epoch` is {nextEpoch} and `version` is {oracleSetVersion};
     * - fewer than `PENDING_ROOT_SLOTS - 1` roots are still inside their dispute window;
     * - `totalCumulative` is at least the last committed one and at least {totalClaimed}, and at most
     *   what was funded;
     * - at least `quorum` signatures, every one by a distinct current oracle.
     */
    function commitRoot(RewardRoot calldata rewardRoot, bytes calldata signatures) external whenNotPaused {
        State memory state = _state;
        _promote(state);
        uint64 epoch = rewardRoot.epoch;
        if (epoch != state.nextEpoch) revert EpochNotNext(epoch, state.nextEpoch);
        if (rewardRoot.version != state.version) revert StaleOracleSetVersion(rewardRoot.version, state.version);
        uint64 pending = epoch - state.firstPending;
        if (pending >= PENDING_ROOT_SLOTS - 1) {
            revert TooManyPendingRoots(pending, _committed[state.firstPending % PENDING_ROOT_SLOTS].claimableAt);
        }

        uint256 total = rewardRoot.totalCumulative;
        uint256 previous = _lastTotal(epoch);
        if (total < previous) revert CumulativeDecreased(total, previous);
        uint256 funded_ = _funded;
        if (total > funded_) revert RootExceedsFunding(total, funded_);
        uint256 claimedTotal = _totalClaimed(funded_);
        if (total < claimedTotal) revert CumulativeBelowClaimed(total, claimedTotal);
        _checkQuorum(rewardRootDigest(rewardRoot), signatures, state.quorum);

        // Cannot overflow: block timestamps are far below 2^64 - MAX_DISPUTE_WINDOW.
        uint64 claimableAt = uint64(block.timestamp) + state.disputeWindow;
        _committed[epoch % PENDING_ROOT_SLOTS] = Committed(rewardRoot.root, claimableAt, SafeCast.toUint192(total));
        state.nextEpoch = epoch + 1;
        _state = state;
        emit RootCommitted(
            epoch,
            rewardRoot.version,
            rewardRoot.root,
            total,
            rewardRoot.inputsHash,
            rewardRoot.paramsHash,
            claimableAt
        );
    }

    /**
     * @dev Makes every pending root whose dispute window has passed claimable (the newest of them
     * becomes the root claims are proven against). Anyone may call it, so roots mature even when no
     * new root is committed. Returns whether anything was promoted.
     *
     * Requirements: not paused (a pause holds every pending root back, so governance can veto it).
     */
    function promoteRoots() external whenNotPaused returns (bool promoted) {
        State memory state = _state;
        promoted = _promote(state);
        if (promoted) _state = state;
    }

    /**
     * @dev Discards the pending root of `epoch` and every pending root after it (they build on it):
     * the next root must be for `epoch` again, against the total before it. Bumps the oracle-set
     * version, so the oracles sign the epoch afresh and no signature of the vetoed root can be reused
     * (an honest oracle re-signing the epoch is not equivocating: the version differs).
     *
     * Requirements: the caller is the guardian or governance; `epoch` is pending. Unless paused,
     * roots whose window has passed are promoted first, and so can no longer be vetoed.
     */
    function veto(uint64 epoch) external onlyGuardianOrGovernance {
        State memory state = _state;
        if (!paused()) _promote(state);
        if (epoch < state.firstPending || epoch >= state.nextEpoch) {
            revert RootNotPending(epoch, state.firstPending, state.nextEpoch);
        }
        state.nextEpoch = epoch;
        state.version += 1;
        _state = state;
        emit RootVetoed(epoch, msg.sender, state.version);
    }

    /**
     * @dev Proves that a current oracle signed two different roots for the same epoch under the same
     * oracle-set version: `signatureA` (64-byte compact) of `a` and `signatureB` of `b` recover to the
     * same oracle. Anyone may call it. The oracle is removed from the set (its bond will be slashed
     * once oracle staking exists; until then removal is the penalty), the quorum is lowered only as
     * far as the smaller set needs (`min(quorum, oracleCount)`, still a strict majority), the version
     * bumps, and if the epoch's root is pending it is vetoed with every later one.
     *
     * Removing the last oracle leaves the quorum as it was: no root can be committed until governance
     * adds oracles.
     */
    function proveEquivocation(
        RewardRoot calldata a,
        bytes calldata signatureA,
        RewardRoot calldata b,
        bytes calldata signatureB
    ) external {
        if (a.epoch != b.epoch) revert EquivocationEpochsDiffer(a.epoch, b.epoch);
        if (a.version != b.version) revert EquivocationVersionsDiffer(a.version, b.version);
        bytes32 digestA = rewardRootDigest(a);
        bytes32 digestB = rewardRootDigest(b);
        if (digestA == digestB) revert EquivocationRootsIdentical(digestA);
        address signer = _recoverOne(digestA, signatureA, 0);
        address signerB = _recoverOne(digestB, signatureB, 1);
        if (signer != signerB) revert EquivocationSignersDiffer(signer, signerB);
        if (!_oracles.remove(signer)) revert SignerNotOracle(signer);
        emit OracleRemoved(signer);
        emit OracleEquivocated(signer, a.epoch);

        State memory state = _state;
        uint256 count = _oracles.length();
        // Lowering the quorum to the set's size keeps it a strict majority: n > n/2 for n >= 1.
        if (count != 0 && state.quorum > count) state.quorum = uint16(count);
        state.version += 1;
        if (!paused()) _promote(state);
        if (a.epoch >= state.firstPending && a.epoch < state.nextEpoch) {
            state.nextEpoch = a.epoch;
            emit RootVetoed(a.epoch, msg.sender, state.version);
        }
        _state = state;
        emit OracleSetChanged(state.version, count, state.quorum);
    }

    /// @dev The EIP-712 digest the oracles sign for `rewardRoot`.
    function rewardRootDigest(RewardRoot calldata rewardRoot) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _REWARD_ROOT_TYPEHASH,
                    rewardRoot.epoch,
                    rewardRoot.version,
                    rewardRoot.root,
                    rewardRoot.totalCumulative,
                    rewardRoot.inputsHash,
                    rewardRoot.paramsHash
                )
            )
        );
    }

    // ───────────────────────────── claims ─────────────────────────────

    /// @inheritdoc IRewardDistributor
    function claim(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256) {
        return _claim(msg.sender, cumulativeAmount, proof, false);
    }

    /// @inheritdoc IRewardDistributor
    function claimFor(address recipient, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256)
    {
        return _claim(recipient, cumulativeAmount, proof, false);
    }

    /**
     * @inheritdoc IRewardDistributor
     * @dev Best effort: a claim whose proof leads to none of the claimable roots is skipped with
     * {ClaimSkipped} and the others are paid, so one stale or wrong entry never blocks a batch.
     */
    function claimMany(Claim[] calldata claims) external returns (uint256 total) {
        for (uint256 i = 0; i < claims.length; ++i) {
            total += _claim(claims[i].recipient, claims[i].cumulativeAmount, claims[i].proof, true);
        }
    }

    // ───────────────────────────── funding ─────────────────────────────

    /// @dev Adds `amount` of the reward token, pulled from the caller, to what roots may distribute.
    function fund(uint256 amount) external {
        uint256 totalFunded = _funded + amount;
        _funded = totalFunded;
        _token.safeTransferFrom(msg.sender, address(this), amount);
        emit Funded(msg.sender, amount, totalFunded);
    }

    // ───────────────────────────── governance ─────────────────────────────

    /// @dev Adds `oracle` to the set and sets the quorum to `newQuorum` (a strict majority of the new set).
    function addOracle(address oracle, uint16 newQuorum) external onlyRole(ORACLE_MANAGER_ROLE) {
        _addOracle(oracle);
        _changeOracleSet(newQuorum);
    }

    /// @dev Removes `oracle` from the set and sets the quorum to `newQuorum` (a strict majority of the new set).
    function removeOracle(address oracle, uint16 newQuorum) external onlyRole(ORACLE_MANAGER_ROLE) {
        _removeOracle(oracle);
        _changeOracleSet(newQuorum);
    }

    /**
     * @dev Announces where the calling oracle serves its peers (its sealing and read API). Only a
     * current oracle may announce, and only its own address: a URL is the oracle's own statement,
     * signed by its key, so governance adds an oracle by address and the oracle says where it is.
     * Peers follow {OracleUrlAnnounced}; nothing is stored.
     */
    function announceUrl(string calldata url) external {
        if (!_oracles.contains(msg.sender)) revert SignerNotOracle(msg.sender);
        if (bytes(url).length == 0 || bytes(url).length > MAX_URL_LENGTH) revert InvalidUrl(bytes(url).length);
        emit OracleUrlAnnounced(msg.sender, url);
    }

    /// @dev Replaces `oracle` with `replacement` in one step; the set's size and quorum stay.
    function replaceOracle(address oracle, address replacement) external onlyRole(ORACLE_MANAGER_ROLE) {
        _addOracle(replacement);
        _removeOracle(oracle);
        _changeOracleSet(_state.quorum);
    }

    /// @dev Sets how many oracles must sign a root: a strict majority of the set (`n/2 < quorum <= n`).
    function setQuorum(uint16 newQuorum) external onlyRole(ORACLE_MANAGER_ROLE) {
        _changeOracleSet(newQuorum);
    }

    /// @dev Sets the dispute window of roots committed from now on (at most {MAX_DISPUTE_WINDOW}).
    function setDisputeWindow(uint64 newDisputeWindow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        State memory state = _state;
        _setDisputeWindow(state, newDisputeWindow);
        _state = state;
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @dev The reward token.
    function token() external view returns (IRewardToken) {
        return _token;
    }

    /// @dev The epoch the next root must have.
    function nextEpoch() external view returns (uint64) {
        return _state.nextEpoch;
    }

    /**
     * @dev The latest committed root, pending or claimable. Reverts with {NoRootCommitted} before the
     * first one (or after every root was vetoed).
     * @return epoch the epoch it was committed for
     * @return root its Merkle root
     * @return totalCumulative the sum of every recipient's cumulative amount in it
     * @return claimableAt when its dispute window ends (it may already be claimable)
     */
    function latestRoot()
        external
        view
        returns (uint64 epoch, bytes32 root, uint256 totalCumulative, uint64 claimableAt)
    {
        uint64 next = _state.nextEpoch;
        if (next == 0) revert NoRootCommitted();
        epoch = next - 1;
        Committed storage committed = _committed[epoch % PENDING_ROOT_SLOTS];
        return (epoch, committed.root, committed.totalCumulative, committed.claimableAt);
    }

    /**
     * @dev The roots claims are proven against right now, newest first (at most {CLAIMABLE_ROOTS}).
     * A pending root whose window has passed is not among them until promoted ({promoteRoots}).
     */
    function claimableRoots() external view returns (ClaimableRoot[] memory roots) {
        State memory state = _state;
        roots = new ClaimableRoot[](state.claimableCount);
        if (state.claimableCount == 0) return roots;
        roots[0] = ClaimableRoot(state.firstPending - 1, _claimableRoot);
        uint256 slots = CLAIMABLE_ROOTS - 1;
        for (uint256 i = 1; i < state.claimableCount; ++i) {
            // Slot nextOlderSlot - 1 was written last; walk backwards from it.
            uint256 slot = (state.nextOlderSlot + slots - i) % slots;
            roots[i] = ClaimableRoot(_olderEpochs[slot], _olderRoots[slot]);
        }
    }

    /**
     * @dev The pending root of `epoch`. Reverts with {RootNotPending} unless `epoch` is pending (a
     * root whose window has passed stays pending until promoted).
     */
    function pendingRoot(uint64 epoch) external view returns (bytes32 root, uint64 claimableAt, uint256 totalCumulative) {
        State memory state = _state;
        if (epoch < state.firstPending || epoch >= state.nextEpoch) {
            revert RootNotPending(epoch, state.firstPending, state.nextEpoch);
        }
        Committed storage committed = _committed[epoch % PENDING_ROOT_SLOTS];
        return (committed.root, committed.claimableAt, committed.totalCumulative);
    }

    /// @dev The pending epochs are `[firstPending, nextEpoch_)`.
    function pendingEpochs() external view returns (uint64 firstPending, uint64 nextEpoch_) {
        return (_state.firstPending, _state.nextEpoch);
    }

    /// @dev The oracle set's version: roots must be signed under it. Changes with every change of the
    /// set or quorum, and with every veto.
    function oracleSetVersion() external view returns (uint32) {
        return _state.version;
    }

    /// @dev Seconds between a root's commit and its promotion.
    function disputeWindow() external view returns (uint64) {
        return _state.disputeWindow;
    }

    /// @dev What `recipient` has claimed in total.
    function claimed(address recipient) external view returns (uint256) {
        return _claimed[recipient];
    }

    /// @dev Everything ever funded through {fund}.
    function funded() external view returns (uint256) {
        return _funded;
    }

    /**
     * @dev Everything ever claimed, as `funded() - balance`: claims keep no shared counter (it would
     * cost every claim about 5,000 gas). Tokens sent here directly rather than through {fund} only
     * make this figure smaller (never below zero), that is the pool richer than roots assume.
     */
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed(_funded);
    }

    /// @dev Whether `account` is in the oracle set.
    function isOracle(address account) external view returns (bool) {
        return _oracles.contains(account);
    }

    /// @dev The oracle set.
    function oracles() external view returns (address[] memory) {
        return _oracles.values();
    }

    /// @dev How many oracles must sign a root.
    function quorum() external view returns (uint256) {
        return _state.quorum;
    }

    /// @dev How many oracles are in the set.
    function oracleCount() external view returns (uint256) {
        return _oracles.length();
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _claim(address recipient, uint256 cumulativeAmount, bytes32[] calldata proof, bool skipUnproven)
        private
        returns (uint256 amount)
    {
        bytes32 leaf = _leaf(recipient, cumulativeAmount);
        if (!MerkleProofLib.verifyCalldata(proof, _claimableRoot, leaf) && !_provesOlderRoot(proof, leaf)) {
            if (skipUnproven) {
                emit ClaimSkipped(recipient, cumulativeAmount);
                return 0;
            }
            revert InvalidProof(recipient, cumulativeAmount);
        }
        uint256 already = _claimed[recipient];
        if (cumulativeAmount <= already) return 0;
        // Underflow not possible: cumulativeAmount > already was checked just above.
        unchecked {
            amount = cumulativeAmount - already;
        }
        _claimed[recipient] = cumulativeAmount;
        // The token's payOut is its transfer for the reward pool, found first by its dispatcher.
        _token.payOut(recipient, amount);
    }

    /// @dev Whether `proof` leads from `leaf` to one of the claimable roots before the newest.
    function _provesOlderRoot(bytes32[] calldata proof, bytes32 leaf) private view returns (bool) {
        bytes32 computed = MerkleProof.processProofCalldata(proof, leaf);
        for (uint256 i = 0; i < CLAIMABLE_ROOTS - 1; ++i) {
            if (computed == _olderRoots[i]) return true;
        }
        return false;
    }

    /// @dev StandardMerkleTree leaf: keccak256(bytes.concat(keccak256(abi.encode(recipient, amount)))).
    /// Hashed in scratch space (0x00-0x3f), which Solidity reserves for exactly this.
    function _leaf(address recipient, uint256 cumulativeAmount) private pure returns (bytes32 leaf) {
        assembly ("memory-safe") {
            mstore(0x00, recipient)
            mstore(0x20, cumulativeAmount)
            mstore(0x00, keccak256(0x00, 0x40))
            leaf := keccak256(0x00, 0x20)
        }
    }

    /**
     * @dev Promotes every pending root whose window has passed, in epoch order, in `state` (the caller
     * stores it). Only the newest of them enters the claimable slots: the ones before it are superseded
     * (cumulative roots), and the claimable root it replaces moves to the oldest of the older slots.
     */
    function _promote(State memory state) private returns (bool) {
        uint64 first = state.firstPending;
        uint64 newest = first;
        while (newest < state.nextEpoch && _committed[newest % PENDING_ROOT_SLOTS].claimableAt <= block.timestamp) {
            ++newest;
        }
        if (newest == first) return false;
        if (state.claimableCount != 0) {
            uint8 slot = state.nextOlderSlot;
            _olderRoots[slot] = _claimableRoot;
            _olderEpochs[slot] = first - 1;
            state.nextOlderSlot = uint8((slot + 1) % (CLAIMABLE_ROOTS - 1));
        }
        if (state.claimableCount < CLAIMABLE_ROOTS) state.claimableCount += 1;
        uint64 latest = newest - 1;
        _claimableRoot = _committed[latest % PENDING_ROOT_SLOTS].root;
        state.firstPending = newest;
        emit RootsPromoted(latest);
        return true;
    }

    /**
     * @dev The total of the root before `epoch` (zero for epoch 0): pending or the newest claimable,
     * its ring slot is intact, as at most `PENDING_ROOT_SLOTS - 1` roots are ever pending.
     */
    function _lastTotal(uint64 epoch) private view returns (uint256) {
        if (epoch == 0) return 0;
        return _committed[(epoch - 1) % PENDING_ROOT_SLOTS].totalCumulative;
    }

    function _totalClaimed(uint256 funded_) private view returns (uint256) {
        uint256 balance = _token.balanceOf(address(this));
        return balance >= funded_ ? 0 : funded_ - balance;
    }

    function _checkQuorum(bytes32 digest, bytes calldata signatures, uint256 quorum_) private view {
        if (signatures.length % _COMPACT_SIGNATURE_LENGTH != 0) revert MalformedSignatures(signatures.length);
        uint256 count = signatures.length / _COMPACT_SIGNATURE_LENGTH;
        if (count < quorum_) revert InsufficientSignatures(count, quorum_);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            uint256 offset = i * _COMPACT_SIGNATURE_LENGTH;
            address signer = _recover(digest, signatures[offset:offset + _COMPACT_SIGNATURE_LENGTH], i);
            if (signer <= previous) revert SignersNotAscending(previous, signer);
            if (!_oracles.contains(signer)) revert SignerNotOracle(signer);
            previous = signer;
        }
    }

    /// @dev The signer of one 64-byte compact signature, given alone.
    function _recoverOne(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address) {
        if (signature.length != _COMPACT_SIGNATURE_LENGTH) revert MalformedSignatures(signature.length);
        return _recover(digest, signature, index);
    }

    function _recover(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address signer) {
        (address recovered, ECDSA.RecoverError failure,) =
            ECDSA.tryRecover(digest, bytes32(signature[0:32]), bytes32(signature[32:64]));
        if (failure != ECDSA.RecoverError.NoError) revert InvalidSignature(index);
        return recovered;
    }

    function _addOracle(address oracle) private {
        if (oracle == address(0)) revert InvalidOracle(oracle);
        if (!_oracles.add(oracle)) revert OracleAlreadyAdded(oracle);
        emit OracleAdded(oracle);
    }

    function _removeOracle(address oracle) private {
        if (!_oracles.remove(oracle)) revert OracleNotFound(oracle);
        emit OracleRemoved(oracle);
    }

    /// @dev Validates `newQuorum` against the set as it now is, bumps the version and stores both.
    function _changeOracleSet(uint16 newQuorum) private {
        State memory state = _state;
        state.version += 1;
        _setOracleSet(state, newQuorum);
        _state = state;
    }

    /// @dev Sets `newQuorum` in `state` (a strict majority of the current set) and announces the set.
    function _setOracleSet(State memory state, uint16 newQuorum) private {
        uint256 count = _oracles.length();
        if (newQuorum <= count / 2 || newQuorum > count) revert InvalidQuorum(newQuorum, count);
        state.quorum = newQuorum;
        emit OracleSetChanged(state.version, count, newQuorum);
    }

    function _setDisputeWindow(State memory state, uint64 newDisputeWindow) private {
        if (newDisputeWindow > MAX_DISPUTE_WINDOW) revert InvalidDisputeWindow(newDisputeWindow, MAX_DISPUTE_WINDOW);
        state.disputeWindow = newDisputeWindow;
        emit DisputeWindowChanged(newDisputeWindow);
    }
}
