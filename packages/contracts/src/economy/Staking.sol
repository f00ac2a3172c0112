// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {DoubleEndedQueue} from "@openzeppelin/contracts/utils/structs/DoubleEndedQueue.sol";
import {Guarded} from "../access/Guarded.sol";
import {IOracleSet} from "../interfaces/IOracleSet.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {OracleQuorum} from "../libraries/OracleQuorum.sol";
import {SharePool} from "./staking/SharePool.sol";

/// @dev The RewardDistributor's digest of a root, which its oracles sign.
interface IRewardRootDigest {
    function rewardRootDigest(IRewardDistributor.RewardRoot calldata rewardRoot) external view returns (bytes32);
}

/**
 * @dev The network's stake, for devices, operators and oracles, and its slashing. See {IStaking}.
 *
 * Devices. Stake belongs to the device, not to whoever bonded it (as in the ping kind's PingMarket):
 * the device's current owner (its ERC-721 owner in the DeviceRegistry) bonds and unbonds it, and a
 * device sold keeps its stake. What an owner unbonded stays its own and is paid to it ({withdraw})
 * whoever owns the device by then. Nobody owns a burnt device, so a device's owner unbonds before
 * retiring it.
 *
 * Operators. An operator bonds stake of its own ({bondOperator}), and token holders delegate to it
 * ({delegate}); the operator's self-bond is simply its own delegation. All of it is one pool held
 * for shares (SharePool), so a slash of the operator takes from the self-bond and every delegation
 * pro rata, in O(1), without a loop over delegators. Pro rata rather than self-bond first: it is
 * Cosmos x/staking's and Streamr's rule, delegators choose whom to back and are paid for that risk
 * (the operator's commission is what it charges for it), and one pool keeps slashing and the
 * oracle's reward split to a single share price. Governance may require operators to hold a minimum
 * self-bond through {setMinimumStake} (the oracle pays nothing below it).
 *
 * Rewards are not paid here: the oracles split an operator's rewards between it (its commission, then
 * its shares) and its delegators (their shares) from this contract's events, which carry the shares
 * and the pool's totals after every change. A commission raise takes effect one unbonding period
 * after it is announced, so delegators can leave first; a cut takes effect at once.
 *
 * Oracles bond too ({bondOracle}). An oracle proven to have signed two different roots for one epoch
 * under one oracle-set version loses its whole stake at once ({slashOracleForEquivocation}): the
 * proof is cryptographic, so there is nothing to dispute.
 *
 * Unbonding. Unbonded tokens leave the counted stake at once but stay here, slashable, for the
 * unbonding period, and for as long after as a slash order against their subject is pending: stake
 * cannot escape the consequences of the work it was counted for. Each subject's unbonding tokens are
 * a pool of their own (SharePool), so a slash takes from every unbonding of the subject pro rata —
 * including an earlier owner's of a device, whose stake was counted for the device's work too.
 *
 * Slashing. A quorum of the current oracle set signs a {SlashOrder} (EIP-712) naming a device or an
 * operator, the most to take, a reason code and the hash of the published evidence; anyone proposes
 * it ({proposeSlash}). During the slash dispute window the subject's owner may appeal (governance
 * then decides, {resolveAppeal}) and the guardian or governance may veto. After it, anyone executes
 * it ({executeSlash}): it takes what it names, as far as the subject has stake, bonded first, then
 * unbonding, and sends it to the treasury, or burns it when governance chose so.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (governance, the timelock) sets the unbonding period, the slash dispute
 * window, the treasury, whether slashed stake is burnt, the minimum stakes, and decides appeals. The
 * guardian may pause bonding and slash executions, and veto slash orders in their window; nothing
 * else. Unbonding and withdrawals are never paused. Nobody can take stake but a quorum-signed order
 * after its window, or an equivocation proof.
 *
 * No reentrancy guard: the only external calls go to the network's own token, registry and reward
 * distributor, which call nobody back, and every function changes its state before calling them.
 */
contract Staking is IStaking, Guarded, EIP712 {
    using SafeERC20 for IERC20;
    using DoubleEndedQueue for DoubleEndedQueue.Bytes32Deque;

    /**
     * @dev The longest unbonding period governance may set: 30 days, the longest of the networks we
     * learn from (Cosmos Hub 21 days, Polkadot 28 days, Streamr's 30-day undelegation limit, SIP-16).
     * Longer locks capital for a punishment process nobody is running.
     */
    uint64 public constant MAX_UNBONDING_PERIOD = 30 days;
    /// @dev The longest slash dispute window governance may set: 30 days, as the distributor's MAX_DISPUTE_WINDOW.
    uint64 public constant MAX_SLASH_DISPUTE_WINDOW = 30 days;
    /// @dev A commission is in basis points of the operator's rewards: at most all of them.
    uint256 public constant MAX_COMMISSION_BPS = 10_000;
    /// @dev The longest kind name a minimum stake is kept for, in bytes (kind names are short words).
    uint256 public constant MAX_KIND_LENGTH = 32;

    bytes32 private constant _SLASH_ORDER_TYPEHASH = keccak256(
        "SlashOrder(uint64 epoch,uint32 version,uint8 subjectType,bytes32 subject,uint256 amount,bytes32 reason,bytes32 evidenceHash)"
    );

    /// @dev A subject's stake: bonded (for operators, a pool for shares), and unbonding (a pool for shares).
    struct Stake {
        /// Bonded tokens: what the oracle counts.
        uint256 bonded;
        /// Operators: the shares of `bonded` held by the operator and its delegators.
        uint256 bondedShares;
        /// Unbonding tokens, slashable until withdrawn.
        uint256 unbonding;
        /// The shares of `unbonding` held by the subject's unbonding entries.
        uint256 unbondingShares;
        /// Bumped when a slash empties the bonded pool: every delegation of an earlier generation is void.
        uint24 bondedGeneration;
        /// Bumped when a slash empties the unbonding pool: every entry of an earlier generation is void.
        uint24 unbondingGeneration;
        /// Slash orders against the subject proposed and not yet settled: withdrawals wait for them.
        uint32 pendingSlashes;
    }

    /// @dev A delegator's shares of an operator's pool, of the pool's generation `generation`.
    struct Delegation {
        uint232 shares;
        uint24 generation;
    }

    IERC20 private immutable _token;
    IERC721 private immutable _registry;
    IOracleSet private immutable _oracles;

    address private _treasury;
    bool private _burnSlashed;
    uint64 private _slashDisputeWindow;
    uint64 private _unbondingPeriod;

    mapping(SubjectType => mapping(bytes32 subject => Stake)) private _stakes;
    mapping(address operator => mapping(address delegator => Delegation)) private _delegations;
    /**
     * @dev Each account's unbondings from a subject, oldest first: `shares << 64 | generation << 40 |
     * availableAt`. They mature in order (a shortened period never lets a later one overtake).
     */
    mapping(SubjectType => mapping(bytes32 subject => mapping(address account => DoubleEndedQueue.Bytes32Deque)))
        private _unbondings;
    mapping(address operator => Commission) private _commissions;
    mapping(string kind => uint256) private _minimums;
    mapping(bytes32 id => Slash) private _slashes;
    mapping(address oracle => bool) private _equivocators;

    /**
     * @param token_ the network's PinionToken: what is bonded (and burnt, when slashed stake is)
     * @param registry_ the network's DeviceRegistry: who owns each device
     * @param oracles_ the RewardDistributor: the oracle set that signs slash orders, and the digest of roots
     * @param admin governance (the timelock): receives `DEFAULT_ADMIN_ROLE`
     * @param guardian_ may pause, and veto slash orders (zero: no guardian)
     * @param config the treasury, the unbonding period, the slash dispute window, and whether to burn
     * @param minimumKinds kinds with a minimum stake from the start, with `minimumAmounts`
     */
    constructor(
        address token_,
        address registry_,
        address oracles_,
        address admin,
        address guardian_,
        Config memory config,
        string[] memory minimumKinds,
        uint256[] memory minimumAmounts
    ) Guarded(guardian_) EIP712("Pinion Staking", "1") {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (registry_.code.length == 0) revert NotAContract(registry_);
        if (oracles_.code.length == 0) revert NotAContract(oracles_);
        if (minimumKinds.length != minimumAmounts.length) {
            revert MinimumsLengthMismatch(minimumKinds.length, minimumAmounts.length);
        }
        _token = IERC20(token_);
        _registry = IERC721(registry_);
        _oracles = IOracleSet(oracles_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setTreasury(config.treasury);
        _setUnbondingPeriod(config.unbondingPeriod);
        _setSlashDisputeWindow(config.slashDisputeWindow);
        _burnSlashed = config.burnSlashed;
        emit BurnSlashedChanged(config.burnSlashed);
        for (uint256 i = 0; i < minimumKinds.length; ++i) {
            _setMinimumStake(minimumKinds[i], minimumAmounts[i]);
        }
    }

    // ───────────────────────────── devices ─────────────────────────────

    /**
     * @dev Bonds `amount` tokens, pulled from the caller (approve this contract first), to `deviceId`'s stake.
     *
     * Requirements: not paused; the caller owns the device; `amount` is not zero.
     */
    function bondDevice(uint256 deviceId, uint256 amount) external whenNotPaused {
        _checkDeviceOwner(deviceId);
        if (amount == 0) revert ZeroAmount();
        Stake storage stake = _stakes[SubjectType.Device][bytes32(deviceId)];
        uint256 total = stake.bonded + amount;
        stake.bonded = total;
        emit DeviceBonded(deviceId, msg.sender, amount, total);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /**
     * @dev Takes `amount` out of `deviceId`'s bonded stake at once; the caller can {withdraw} it
     * after the unbonding period, as far as no slash took it meanwhile.
     *
     * Requirements: the caller owns the device; `amount` is not zero and at most the bonded stake.
     */
    function unbondDevice(uint256 deviceId, uint256 amount) external {
        _checkDeviceOwner(deviceId);
        if (amount == 0) revert ZeroAmount();
        bytes32 subject = bytes32(deviceId);
        Stake storage stake = _stakes[SubjectType.Device][subject];
        uint256 bonded = stake.bonded;
        if (amount > bonded) revert InsufficientStake(SubjectType.Device, subject, bonded, amount);
        uint256 total = bonded - amount;
        stake.bonded = total;
        uint64 availableAt = _startUnbonding(stake, SubjectType.Device, subject, amount);
        emit DeviceUnbonded(deviceId, msg.sender, amount, total, availableAt);
    }

    // ───────────────────────────── operators and delegators ─────────────────────────────

    /**
     * @dev Bonds `amount` tokens, pulled from the caller, as the caller's own stake as an operator:
     * its self-bond, held as shares of its pool like any delegation.
     *
     * Requirements: not paused; `amount` is not zero.
     */
    function bondOperator(uint256 amount) external whenNotPaused {
        _delegate(msg.sender, amount);
    }

    /**
     * @dev Delegates `amount` tokens, pulled from the caller, to `operator`'s pool, for shares at the
     * pool's price (rounded down).
     *
     * Requirements: not paused; `operator` has a self-bond (or is the caller); `amount` is not zero.
     */
    function delegate(address operator, uint256 amount) external whenNotPaused {
        if (operator != msg.sender && _sharesOf(operator, operator) == 0) revert NotAnOperator(operator);
        _delegate(operator, amount);
    }

    /**
     * @dev Unbonds `shares` of the caller's shares of `operator`'s pool: what they are worth (rounded
     * down) leaves the pool at once and can be withdrawn ({withdraw}) after the unbonding
     * period, as far as no slash of the operator took it meanwhile.
     *
     * Requirements: `shares` is not zero, at most the caller's, and worth something.
     */
    function undelegate(address operator, uint256 shares) external {
        _undelegate(operator, shares);
    }

    /// @dev Unbonds `shares` of the caller's self-bond as an operator: {undelegate} from itself.
    function unbondOperator(uint256 shares) external {
        _undelegate(msg.sender, shares);
    }

    /**
     * @dev Sets the caller's commission as an operator, in basis points of its rewards. A cut (or no
     * change) takes effect at once; a raise one unbonding period from now, so that delegators can
     * leave before it applies. Either replaces a change not yet in effect.
     *
     * Requirements: `commissionBps` is at most {MAX_COMMISSION_BPS}.
     */
    function setCommission(uint256 commissionBps) external {
        if (commissionBps > MAX_COMMISSION_BPS) revert InvalidCommission(commissionBps, MAX_COMMISSION_BPS);
        Commission memory commission = commissionOf(msg.sender);
        uint16 bps = uint16(commissionBps);
        uint64 effectiveAt = uint64(block.timestamp);
        if (bps <= commission.current) {
            commission = Commission(bps, 0, 0);
        } else {
            effectiveAt += _unbondingPeriod;
            commission.pending = bps;
            commission.pendingAt = effectiveAt;
        }
        _commissions[msg.sender] = commission;
        emit CommissionChanged(msg.sender, bps, effectiveAt);
    }

    // ───────────────────────────── oracles ─────────────────────────────

    /**
     * @dev Bonds `amount` tokens, pulled from the caller, as its stake as an oracle.
     *
     * Requirements: not paused; the caller was never proven to equivocate; `amount` is not zero.
     */
    function bondOracle(uint256 amount) external whenNotPaused {
        if (_equivocators[msg.sender]) revert EquivocationAlreadyProven(msg.sender);
        if (amount == 0) revert ZeroAmount();
        Stake storage stake = _stakes[SubjectType.Oracle][_addressSubject(msg.sender)];
        uint256 total = stake.bonded + amount;
        stake.bonded = total;
        emit OracleBonded(msg.sender, amount, total);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /**
     * @dev Takes `amount` out of the caller's oracle stake at once; it can be withdrawn
     * ({withdraw}) after the unbonding period, unless an equivocation proof takes it first.
     *
     * Requirements: `amount` is not zero and at most the caller's bonded oracle stake.
     */
    function unbondOracle(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        bytes32 subject = _addressSubject(msg.sender);
        Stake storage stake = _stakes[SubjectType.Oracle][subject];
        uint256 bonded = stake.bonded;
        if (amount > bonded) revert InsufficientStake(SubjectType.Oracle, subject, bonded, amount);
        uint256 total = bonded - amount;
        stake.bonded = total;
        uint64 availableAt = _startUnbonding(stake, SubjectType.Oracle, subject, amount);
        emit OracleUnbonded(msg.sender, amount, total, availableAt);
    }

    /**
     * @dev Proves that one key signed two different roots for the same epoch under the same
     * oracle-set version (`signatureA`, 64-byte compact, of the distributor's `rewardRootDigest(a)`,
     * and `signatureB` of `b`), and takes that key's whole oracle stake, bonded and unbonding, at
     * once: the proof is cryptographic, so there is nothing to dispute. The key may never bond again.
     * Anyone may call it; the key need not be an oracle any more (the distributor's
     * `proveEquivocation` removes it from the set).
     *
     * Requirements: the roots differ but share epoch and version; both signatures recover to one
     * key, not proven to equivocate before.
     */
    function slashOracleForEquivocation(
        IRewardDistributor.RewardRoot calldata a,
        bytes calldata signatureA,
        IRewardDistributor.RewardRoot calldata b,
        bytes calldata signatureB
    ) external {
        if (a.epoch != b.epoch) revert EquivocationEpochsDiffer(a.epoch, b.epoch);
        if (a.version != b.version) revert EquivocationVersionsDiffer(a.version, b.version);
        IRewardRootDigest distributor = IRewardRootDigest(address(_oracles));
        bytes32 digestA = distributor.rewardRootDigest(a);
        bytes32 digestB = distributor.rewardRootDigest(b);
        if (digestA == digestB) revert EquivocationRootsIdentical(digestA);
        address signer = OracleQuorum.recover(digestA, signatureA, 0);
        address signerB = OracleQuorum.recover(digestB, signatureB, 1);
        if (signer != signerB) revert EquivocationSignersDiffer(signer, signerB);
        if (_equivocators[signer]) revert EquivocationAlreadyProven(signer);
        _equivocators[signer] = true;

        Stake storage stake = _stakes[SubjectType.Oracle][_addressSubject(signer)];
        uint256 fromBonded = stake.bonded;
        uint256 fromUnbonding = stake.unbonding;
        stake.bonded = 0;
        if (stake.unbondingShares != 0) _emptyUnbonding(stake);
        bool burnt = _burnSlashed;
        emit OracleSlashed(signer, a.epoch, fromBonded, fromUnbonding, burnt);
        _dispose(fromBonded + fromUnbonding, burnt);
    }

    // ───────────────────────────── withdrawals ─────────────────────────────

    /**
     * @dev Pays the caller everything it unbonded from a subject that finished unbonding, as far as
     * no slash took it meanwhile: from a device (`subject` its id; the caller need not own it any
     * more), from an operator's pool (`subject` the operator's address as a uint256; its self-bond
     * when the caller is the operator), or its own oracle stake. Returns the amount.
     *
     * Requirements: no slash order against the subject is pending; the caller's oldest unbonding from
     * it has finished, and what finished is worth something.
     */
    function withdraw(SubjectType subjectType, bytes32 subject) external returns (uint256 amount) {
        Stake storage stake = _stakes[subjectType][subject];
        if (stake.pendingSlashes != 0) revert WithdrawalFrozen(subjectType, subject, stake.pendingSlashes);
        DoubleEndedQueue.Bytes32Deque storage queue = _unbondings[subjectType][subject][msg.sender];
        if (queue.empty()) revert NothingToWithdraw(subjectType, subject, msg.sender);
        uint256 first = uint256(queue.front());
        if (uint40(first) > block.timestamp) {
            revert UnbondingNotFinished(subjectType, subject, msg.sender, uint40(first));
        }
        uint24 generation = stake.unbondingGeneration;
        uint256 shares = 0;
        while (!queue.empty()) {
            uint256 entry = uint256(queue.front());
            if (uint40(entry) > block.timestamp) break;
            queue.popFront();
            // An entry of an earlier generation was emptied by a slash: it is worth nothing.
            if (uint24(entry >> 40) == generation) shares += entry >> 64;
        }
        uint256 tokens = stake.unbonding;
        uint256 totalShares = stake.unbondingShares;
        amount = SharePool.tokensFor(shares, tokens, totalShares);
        if (amount == 0) revert NothingToWithdraw(subjectType, subject, msg.sender);
        stake.unbonding = tokens - amount;
        stake.unbondingShares = totalShares - shares;
        emit StakeWithdrawn(subjectType, subject, msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ───────────────────────────── slashing ─────────────────────────────

    /**
     * @dev Proposes `order` with `signatures`: 64-byte compact (EIP-2098) signatures of
     * {slashOrderDigest}, by at least a quorum of the current oracle set, concatenated in strictly
     * ascending order of signer address. The order is executable after the slash dispute window,
     * unless appealed or vetoed first; meanwhile nobody withdraws the subject's unbonding stake.
     * Anyone may propose; returns its id, {slashOrderId}: one order per subject and epoch, whatever
     * its version, amount or reason, so that an epoch's work is punished once — a later oracle set
     * cannot re-sign an order already proposed (or vetoed, or rejected on appeal) and take again.
     *
     * Requirements: the subject is a device (0) or an operator (1, a left-padded address); `amount`,
     * `reason` and `evidenceHash` are not zero; `version` is the oracle set's current one; no order
     * for the subject and epoch was ever proposed; the signatures are a quorum's.
     */
    function proposeSlash(SlashOrder calldata order, bytes calldata signatures) external returns (bytes32 id) {
        if (order.subjectType > uint8(SubjectType.Operator)) revert InvalidSubjectType(order.subjectType);
        if (order.subjectType == uint8(SubjectType.Operator) && uint256(order.subject) >> 160 != 0) {
            revert InvalidSubject(order.subjectType, order.subject);
        }
        if (order.amount == 0) revert ZeroAmount();
        if (order.reason == 0) revert SlashWithoutReason();
        if (order.evidenceHash == 0) revert SlashWithoutEvidence();
        uint32 currentVersion = _oracles.oracleSetVersion();
        if (order.version != currentVersion) revert StaleOracleSetVersion(order.version, currentVersion);
        id = slashOrderId(order.epoch, order.subjectType, order.subject);
        if (_slashes[id].status != SlashStatus.None) revert SlashAlreadyProposed(id);
        OracleQuorum.check(_oracles, slashOrderDigest(order), signatures);

        SubjectType subjectType = SubjectType(order.subjectType);
        // Cannot overflow: block timestamps are far below 2^64 - MAX_SLASH_DISPUTE_WINDOW.
        uint64 executableAt = uint64(block.timestamp) + _slashDisputeWindow;
        // Two slots: an amount above 2^176 - 1 (more than any real supply) is kept as that.
        uint176 amount = order.amount > type(uint176).max ? type(uint176).max : uint176(order.amount);
        _slashes[id] = Slash(SlashStatus.Pending, subjectType, executableAt, amount, order.subject);
        _stakes[subjectType][order.subject].pendingSlashes += 1;
        emit SlashProposed(
            id, subjectType, order.subject, order.epoch, order.amount, order.reason, order.evidenceHash, executableAt
        );
    }

    /**
     * @dev Appeals the order `id`: it waits for governance's {resolveAppeal} instead of executing
     * after its window.
     *
     * Requirements: the order is pending and inside its window; the caller owns its subject (the
     * device's current owner, or the operator).
     */
    function appeal(bytes32 id) external {
        Slash storage slash = _slashes[id];
        if (slash.status != SlashStatus.Pending) revert SlashNotPending(id);
        if (block.timestamp >= slash.executableAt) revert SlashWindowClosed(id, slash.executableAt);
        if (!_ownsSubject(slash.subjectType, slash.subject, msg.sender)) revert NotSubjectOwner(id, msg.sender);
        slash.status = SlashStatus.Appealed;
        emit SlashAppealed(id, msg.sender);
    }

    /**
     * @dev Vetoes the order `id`: it never executes.
     *
     * Requirements: the caller is the guardian or governance; the order is under appeal, or pending
     * inside its window (or past it while paused: a pause holds orders back so they can be vetoed).
     */
    function veto(bytes32 id) external onlyGuardianOrGovernance {
        Slash storage slash = _slashes[id];
        SlashStatus status = slash.status;
        if (status == SlashStatus.Pending) {
            if (!paused() && block.timestamp >= slash.executableAt) revert SlashWindowClosed(id, slash.executableAt);
        } else if (status != SlashStatus.Appealed) {
            revert SlashNotPending(id);
        }
        slash.status = SlashStatus.Vetoed;
        _stakes[slash.subjectType][slash.subject].pendingSlashes -= 1;
        emit SlashVetoed(id, msg.sender);
    }

    /**
     * @dev Decides the appeal of the order `id`: `uphold` lets it execute (once its window has
     * passed); otherwise it never executes.
     *
     * Requirements: the caller is governance; the order is under appeal.
     */
    function resolveAppeal(bytes32 id, bool uphold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Slash storage slash = _slashes[id];
        if (slash.status != SlashStatus.Appealed) revert SlashNotAppealed(id);
        if (uphold) {
            slash.status = SlashStatus.Upheld;
        } else {
            slash.status = SlashStatus.Rejected;
            _stakes[slash.subjectType][slash.subject].pendingSlashes -= 1;
        }
        emit SlashAppealResolved(id, uphold);
    }

    /**
     * @dev Executes the order `id`: takes its amount from the subject's stake, as far as there is
     * stake — bonded first, then unbonding (pro rata over every unbonding of the subject) — and sends
     * it to the treasury, or burns it. Anyone may call it. A slash that leaves an operator's pool (or
     * a subject's unbonding tokens) with shares worth under a billionth of a token each takes that
     * dust too (SharePool).
     *
     * Requirements: not paused; the order is pending or upheld, and its window has passed.
     */
    function executeSlash(bytes32 id) external whenNotPaused {
        Slash memory slash = _slashes[id];
        if (slash.status == SlashStatus.Appealed) revert SlashUnderAppeal(id);
        if (slash.status != SlashStatus.Pending && slash.status != SlashStatus.Upheld) revert SlashNotPending(id);
        if (block.timestamp < slash.executableAt) revert SlashNotReady(id, slash.executableAt);
        _slashes[id].status = SlashStatus.Executed;

        Stake storage stake = _stakes[slash.subjectType][slash.subject];
        stake.pendingSlashes -= 1;
        uint256 fromBonded = Math.min(slash.amount, stake.bonded);
        uint256 bonded = stake.bonded - fromBonded;
        if (slash.subjectType == SubjectType.Operator && fromBonded != 0 && SharePool.exhausted(bonded, stake.bondedShares)) {
            fromBonded += bonded;
            bonded = 0;
            stake.bondedShares = 0;
            stake.bondedGeneration += 1;
        }
        stake.bonded = bonded;
        uint256 fromUnbonding = 0;
        if (slash.amount > fromBonded) {
            fromUnbonding = Math.min(slash.amount - fromBonded, stake.unbonding);
            uint256 unbonding = stake.unbonding - fromUnbonding;
            if (fromUnbonding != 0 && SharePool.exhausted(unbonding, stake.unbondingShares)) {
                fromUnbonding += unbonding;
                _emptyUnbonding(stake);
            } else {
                stake.unbonding = unbonding;
            }
        }
        bool burnt = _burnSlashed;
        emit SlashExecuted(
            id, slash.subjectType, slash.subject, fromBonded, fromUnbonding, bonded, stake.unbonding, burnt
        );
        _dispose(fromBonded + fromUnbonding, burnt);
    }

    /// @dev The id of the one slash order a subject may get for an epoch's work.
    function slashOrderId(uint64 epoch, uint8 subjectType, bytes32 subject) public pure returns (bytes32) {
        return keccak256(abi.encode(epoch, subjectType, subject));
    }

    /// @dev The EIP-712 digest the oracles sign for `order`.
    function slashOrderDigest(SlashOrder calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _SLASH_ORDER_TYPEHASH,
                    order.epoch,
                    order.version,
                    order.subjectType,
                    order.subject,
                    order.amount,
                    order.reason,
                    order.evidenceHash
                )
            )
        );
    }

    // ───────────────────────────── governance ─────────────────────────────

    /// @dev Sets the minimum stake of `kind` (the oracle pays nothing to stake below it); zero for none.
    function setMinimumStake(string calldata kind, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinimumStake(kind, amount);
    }

    /// @dev Sets the unbonding period of unbondings (and commission raises) from now on, at most {MAX_UNBONDING_PERIOD}.
    function setUnbondingPeriod(uint64 unbondingPeriod_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setUnbondingPeriod(unbondingPeriod_);
    }

    /// @dev Sets the dispute window of slash orders proposed from now on, at most {MAX_SLASH_DISPUTE_WINDOW}.
    function setSlashDisputeWindow(uint64 slashDisputeWindow_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSlashDisputeWindow(slashDisputeWindow_);
    }

    /// @dev Chooses whether slashed stake is burnt (true) or sent to the treasury (false).
    function setBurnSlashed(bool burnSlashed_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _burnSlashed = burnSlashed_;
        emit BurnSlashedChanged(burnSlashed_);
    }

    /// @dev Sets where slashed stake goes when it is not burnt.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @notice `deviceId`'s bonded stake (what the oracle counts) and its unbonding tokens (still slashable).
    function deviceStake(uint256 deviceId) external view returns (uint256 bonded, uint256 unbonding) {
        Stake storage stake = _stakes[SubjectType.Device][bytes32(deviceId)];
        return (stake.bonded, stake.unbonding);
    }

    /// @notice `operator`'s pool: its tokens and shares, the operator's own part, and what is unbonding.
    function operatorStake(address operator) external view returns (OperatorStake memory) {
        Stake storage stake = _stakes[SubjectType.Operator][_addressSubject(operator)];
        uint256 selfShares = _sharesOf(operator, operator);
        return OperatorStake({
            tokens: stake.bonded,
            shares: stake.bondedShares,
            selfShares: selfShares,
            selfTokens: SharePool.tokensFor(selfShares, stake.bonded, stake.bondedShares),
            unbonding: stake.unbonding
        });
    }

    /// @notice `delegator`'s shares of `operator`'s pool, and what they are worth now (rounded down).
    function delegationOf(address operator, address delegator) external view returns (uint256 shares, uint256 tokens) {
        Stake storage stake = _stakes[SubjectType.Operator][_addressSubject(operator)];
        shares = _sharesOf(operator, delegator);
        tokens = SharePool.tokensFor(shares, stake.bonded, stake.bondedShares);
    }

    /// @notice `oracle`'s bonded stake and its unbonding tokens.
    function oracleStake(address oracle) external view returns (uint256 bonded, uint256 unbonding) {
        Stake storage stake = _stakes[SubjectType.Oracle][_addressSubject(oracle)];
        return (stake.bonded, stake.unbonding);
    }

    /**
     * @notice `account`'s unbondings from a subject (a device's id, or an operator's or oracle's
     * address as a uint256), oldest first, each with what it is worth now (zero once a slash emptied
     * the subject's unbonding tokens) and when it can be withdrawn.
     */
    function unbondingsOf(SubjectType subjectType, bytes32 subject, address account)
        external
        view
        returns (Unbonding[] memory unbondings)
    {
        Stake storage stake = _stakes[subjectType][subject];
        DoubleEndedQueue.Bytes32Deque storage queue = _unbondings[subjectType][subject][account];
        uint256 length = queue.length();
        unbondings = new Unbonding[](length);
        for (uint256 i = 0; i < length; ++i) {
            uint256 entry = uint256(queue.at(i));
            uint256 amount = uint24(entry >> 40) == stake.unbondingGeneration
                ? SharePool.tokensFor(entry >> 64, stake.unbonding, stake.unbondingShares)
                : 0;
            unbondings[i] = Unbonding(amount, uint40(entry));
        }
    }

    /// @notice How many slash orders against a subject are proposed and not yet settled (withdrawals wait for them).
    function pendingSlashesOf(SubjectType subjectType, bytes32 subject) external view returns (uint256) {
        return _stakes[subjectType][subject].pendingSlashes;
    }

    /// @notice `operator`'s commission in basis points now, and a raise not yet in effect (if any).
    function commissionOf(address operator) public view returns (Commission memory commission) {
        commission = _commissions[operator];
        if (commission.pendingAt != 0 && commission.pendingAt <= block.timestamp) {
            commission = Commission(commission.pending, 0, 0);
        }
    }

    /// @notice The minimum stake governance set for `kind` (zero: none).
    function minimumStakeOf(string calldata kind) external view returns (uint256) {
        return _minimums[kind];
    }

    /// @notice The slash order `id` as proposed, and where it stands.
    function slashOf(bytes32 id) external view returns (Slash memory) {
        return _slashes[id];
    }

    /// @notice Whether `oracle` was proven to have equivocated (its stake was taken; it may not bond again).
    function isEquivocator(address oracle) external view returns (bool) {
        return _equivocators[oracle];
    }

    /// @notice Seconds between an unbonding and its withdrawal (and between a commission raise and its effect).
    function unbondingPeriod() external view returns (uint64) {
        return _unbondingPeriod;
    }

    /// @notice Seconds between a slash order's proposal and its execution.
    function slashDisputeWindow() external view returns (uint64) {
        return _slashDisputeWindow;
    }

    /// @notice Whether slashed stake is burnt (rather than sent to the treasury).
    function burnSlashed() external view returns (bool) {
        return _burnSlashed;
    }

    /// @notice Where slashed stake goes when it is not burnt.
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The network's device registry.
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @notice The oracle set (the RewardDistributor).
    function oracleSet() external view returns (address) {
        return address(_oracles);
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _delegate(address operator, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        Stake storage stake = _stakes[SubjectType.Operator][_addressSubject(operator)];
        uint256 tokens = stake.bonded;
        uint256 totalShares = stake.bondedShares;
        uint256 shares = SharePool.sharesFor(amount, tokens, totalShares);
        tokens += amount;
        totalShares += shares;
        stake.bonded = tokens;
        stake.bondedShares = totalShares;
        uint256 held = _sharesOf(operator, msg.sender) + shares;
        _delegations[operator][msg.sender] = Delegation(SafeCast.toUint232(held), stake.bondedGeneration);
        emit Delegated(operator, msg.sender, amount, shares, held, tokens, totalShares);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _undelegate(address operator, uint256 shares) private {
        if (shares == 0) revert ZeroAmount();
        bytes32 subject = _addressSubject(operator);
        Stake storage stake = _stakes[SubjectType.Operator][subject];
        uint256 held = _sharesOf(operator, msg.sender);
        if (shares > held) revert InsufficientShares(operator, msg.sender, held, shares);
        uint256 tokens = stake.bonded;
        uint256 totalShares = stake.bondedShares;
        uint256 amount = SharePool.tokensFor(shares, tokens, totalShares);
        if (amount == 0) revert SharesWorthNothing(operator, shares);
        tokens -= amount;
        totalShares -= shares;
        stake.bonded = tokens;
        stake.bondedShares = totalShares;
        held -= shares;
        // Fits: held was at most what was stored in 232 bits.
        _delegations[operator][msg.sender] = Delegation(uint232(held), stake.bondedGeneration);
        uint64 availableAt = _startUnbonding(stake, SubjectType.Operator, subject, amount);
        emit Undelegated(operator, msg.sender, shares, amount, held, tokens, totalShares, availableAt);
    }

    /// @dev `delegator`'s shares of `operator`'s pool: zero when they are of a generation a slash voided.
    function _sharesOf(address operator, address delegator) private view returns (uint256) {
        Delegation memory delegation = _delegations[operator][delegator];
        uint24 generation = _stakes[SubjectType.Operator][_addressSubject(operator)].bondedGeneration;
        return delegation.generation == generation ? delegation.shares : 0;
    }

    /**
     * @dev Moves `amount` (already taken out of the bonded stake) into the subject's unbonding pool
     * for the caller, withdrawable from the returned time: one unbonding period from now, or when the
     * caller's previous unbonding from the subject matures if that is later (so they mature in order
     * even after the period was shortened).
     */
    function _startUnbonding(Stake storage stake, SubjectType subjectType, bytes32 subject, uint256 amount)
        private
        returns (uint64 availableAt)
    {
        uint256 shares = SharePool.sharesFor(amount, stake.unbonding, stake.unbondingShares);
        stake.unbonding += amount;
        stake.unbondingShares += shares;
        DoubleEndedQueue.Bytes32Deque storage queue = _unbondings[subjectType][subject][msg.sender];
        availableAt = uint64(block.timestamp) + _unbondingPeriod;
        if (!queue.empty()) {
            uint64 previous = uint40(uint256(queue.back()));
            if (previous > availableAt) availableAt = previous;
        }
        queue.pushBack(
            bytes32(
                (uint256(SafeCast.toUint192(shares)) << 64) | (uint256(stake.unbondingGeneration) << 40)
                    | uint256(SafeCast.toUint40(availableAt))
            )
        );
    }

    /// @dev Empties a subject's unbonding pool: every entry so far is void (a new generation starts).
    function _emptyUnbonding(Stake storage stake) private {
        stake.unbonding = 0;
        stake.unbondingShares = 0;
        stake.unbondingGeneration += 1;
    }

    /// @dev Burns `amount` of slashed stake, or sends it to the treasury.
    function _dispose(uint256 amount, bool burnt) private {
        if (amount == 0) return;
        if (burnt) ERC20Burnable(address(_token)).burn(amount);
        else _token.safeTransfer(_treasury, amount);
    }

    /// @dev Whether `account` owns the subject: the device's current owner, or the operator itself.
    function _ownsSubject(SubjectType subjectType, bytes32 subject, address account) private view returns (bool) {
        if (subjectType == SubjectType.Operator) return _addressSubject(account) == subject;
        try _registry.ownerOf(uint256(subject)) returns (address owner) {
            return owner == account;
        } catch {
            return false;
        }
    }

    /// @dev Reverts unless the caller owns `deviceId`; nobody owns a device that does not exist (any more).
    function _checkDeviceOwner(uint256 deviceId) private view {
        if (!_ownsSubject(SubjectType.Device, bytes32(deviceId), msg.sender)) revert NotDeviceOwner(deviceId, msg.sender);
    }

    /// @dev An operator's or oracle's address as a subject: the address as a uint256 (left-padded).
    function _addressSubject(address account) private pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    function _setMinimumStake(string memory kind, uint256 amount) private {
        uint256 length = bytes(kind).length;
        if (length == 0 || length > MAX_KIND_LENGTH) revert InvalidKind(kind);
        _minimums[kind] = amount;
        emit MinimumStakeSet(kind, amount);
    }

    function _setUnbondingPeriod(uint64 unbondingPeriod_) private {
        if (unbondingPeriod_ > MAX_UNBONDING_PERIOD) {
            revert InvalidUnbondingPeriod(unbondingPeriod_, MAX_UNBONDING_PERIOD);
        }
        _unbondingPeriod = unbondingPeriod_;
        emit UnbondingPeriodChanged(unbondingPeriod_);
    }

    function _setSlashDisputeWindow(uint64 slashDisputeWindow_) private {
        if (slashDisputeWindow_ > MAX_SLASH_DISPUTE_WINDOW) {
            revert InvalidSlashDisputeWindow(slashDisputeWindow_, MAX_SLASH_DISPUTE_WINDOW);
        }
        _slashDisputeWindow = slashDisputeWindow_;
        emit SlashDisputeWindowChanged(slashDisputeWindow_);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert InvalidTreasury(treasury_);
        _treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }
}
