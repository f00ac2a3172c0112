// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";

/**
 * @dev A fixed split of a device's rewards between a few payees: the implementation behind the
 * minimal clones (EIP-1167) that {RewardSplitFactory} creates, each initialised once with its payees
 * and their shares, which never change.
 *
 * A split is a rewards recipient like any other: a device's owner points the device's rewards at it
 * (`DeviceRegistry.setRecipient`), the oracles put `(split, cumulative)` leaves in their reward roots,
 * and anyone pays the split with `RewardDistributor.claimFor` (or {claimAndRelease}). The split then
 * pays each payee its part of everything it ever received, whenever anyone asks ({release},
 * {releaseAll}): tokens sent here directly count as received too.
 *
 * Maths (OpenZeppelin's `PaymentSplitter`, for one ERC-20): a payee's part of everything received is
 * `received * shares / totalShares`, where `received = balance + totalReleased`; what it is due is
 * that part minus what it was already paid. Division rounds toward zero, so the sum of all parts never
 * exceeds `received`; the rounding dust (less than one unit per payee) stays in the split and is paid
 * out by later releases, as further tokens arrive and the parts grow.
 *
 * The token and the distributor are immutables of the implementation, shared by every clone: the
 * network's PinionToken and RewardDistributor. The implementation itself can never be initialised
 * (its constructor disables it), so it holds no payees and nothing can be paid through it.
 *
 * No reentrancy guard: the only external calls go to the network's token, which calls nobody back,
 * and to the distributor, which pays through that token; state is written before every transfer.
 */
contract RewardSplit is Initializable {
    using SafeERC20 for IERC20;

    /**
     * @dev The most payees a split may have: 100. {releaseAll} and {claimAndRelease} pay every payee
     * in one loop (25,000 gas a payee, 40,000 for a payee's first payment: the gas snapshots), so at
     * most about 4 million gas for 100, well within a block; a split shared by more people is better
     * served by {DeviceShares}, which has no loop.
     */
    uint256 public constant MAX_PAYEES = 100;
    /**
     * @dev The most shares a split may have in all: 2^64 - 1, so that a payee's shares and what it was
     * paid share one storage slot. Room enough for any way of counting parts (percent, basis points,
     * parts per million, or 18-decimal fractions up to 18 whole units).
     */
    uint256 public constant MAX_TOTAL_SHARES = type(uint64).max;

    /// @dev No payees were given.
    error NoPayees();
    /// @dev `count` payees were given, more than `max` ({MAX_PAYEES}).
    error TooManyPayees(uint256 count, uint256 max);
    /// @dev `payees` payees were given with `shares` share counts.
    error LengthMismatch(uint256 payees, uint256 shares);
    /// @dev `payee` cannot be paid: the zero address (tokens sent there are lost) or the split itself.
    error InvalidPayee(address payee);
    /// @dev `payee` was given zero shares.
    error ZeroShares(address payee);
    /// @dev `payee` was given twice.
    error DuplicatePayee(address payee);
    /// @dev The shares add up to at least `total`, above `max` ({MAX_TOTAL_SHARES}).
    error TooManyShares(uint256 total, uint256 max);
    /// @dev `account` is not a payee of this split.
    error NotPayee(address account);
    /// @dev `payee` is due nothing now.
    error NothingDue(address payee);
    /// @dev No payee is due anything now.
    error NothingToRelease();

    /// @notice Emitted once, when the split was given its `payees` and their `shares`.
    event SplitInitialized(address[] payees, uint256[] shares);
    /// @notice Emitted when `payee` was paid `amount`.
    event PaymentReleased(address indexed payee, uint256 amount);

    /// @dev A payee's shares and what it was paid, in one slot. Paid amounts fit in 192 bits as every
    /// amount of the network's token does (PinionToken.MAX_CAP).
    struct Account {
        uint64 shares;
        uint192 released;
    }

    /// @dev The split's totals, in one slot.
    struct Totals {
        uint64 shares;
        uint192 released;
    }

    IERC20 private immutable _token;
    IRewardDistributor private immutable _distributor;

    address[] private _payees;
    mapping(address payee => Account) private _accounts;
    Totals private _totals;

    /**
     * @param token_ the network's PinionToken: what every clone receives and pays
     * @param distributor_ the network's RewardDistributor, which {claimAndRelease} claims from
     */
    constructor(IERC20 token_, IRewardDistributor distributor_) {
        _token = token_;
        _distributor = distributor_;
        _disableInitializers();
    }

    /**
     * @dev Sets the split's payees and their shares, once (the factory calls it when it creates the
     * clone, in the same transaction).
     *
     * Requirements: 1 to {MAX_PAYEES} payees, as many share counts; no payee twice, none the zero
     * address or the split itself, none with zero shares; at most {MAX_TOTAL_SHARES} in all.
     */
    function initialize(address[] calldata payees_, uint256[] calldata shares_) external initializer {
        uint256 count = payees_.length;
        if (count == 0) revert NoPayees();
        if (count > MAX_PAYEES) revert TooManyPayees(count, MAX_PAYEES);
        if (shares_.length != count) revert LengthMismatch(count, shares_.length);
        uint256 total = 0;
        for (uint256 i = 0; i < count; ++i) {
            address payee = payees_[i];
            uint256 shares = shares_[i];
            if (payee == address(0) || payee == address(this)) revert InvalidPayee(payee);
            if (shares == 0) revert ZeroShares(payee);
            if (_accounts[payee].shares != 0) revert DuplicatePayee(payee);
            // Each term is bounded before it is added, so the sum cannot overflow.
            if (shares > MAX_TOTAL_SHARES) revert TooManyShares(shares, MAX_TOTAL_SHARES);
            total += shares;
            if (total > MAX_TOTAL_SHARES) revert TooManyShares(total, MAX_TOTAL_SHARES);
            _accounts[payee] = Account(uint64(shares), 0);
            _payees.push(payee);
        }
        _totals = Totals(uint64(total), 0);
        emit SplitInitialized(payees_, shares_);
    }

    /**
     * @dev Pays `payee` what it is due now. Anyone may call it; the tokens go to the payee.
     *
     * Requirements: `payee` is a payee of this split and is due something.
     */
    function release(address payee) external returns (uint256 amount) {
        Account memory account = _accounts[payee];
        if (account.shares == 0) revert NotPayee(payee);
        Totals memory totals = _totals;
        amount = _due(account, totals, _received(totals));
        if (amount == 0) revert NothingDue(payee);
        _pay(payee, account, totals, amount);
    }

    /**
     * @dev Pays every payee what it is due now (payees due nothing are skipped) and returns the total
     * paid. Anyone may call it. It loops over the payees, at most {MAX_PAYEES} of them.
     *
     * Requirements: some payee is due something.
     */
    function releaseAll() public returns (uint256 total) {
        Totals memory totals = _totals;
        // Every part below is computed against what was received before this call: paying one payee
        // moves tokens from the balance to totalReleased, which leaves `received` as it was.
        uint256 received = _received(totals);
        uint256 count = _payees.length;
        for (uint256 i = 0; i < count; ++i) {
            address payee = _payees[i];
            Account memory account = _accounts[payee];
            uint256 amount = _due(account, totals, received);
            if (amount == 0) continue;
            _pay(payee, account, totals, amount);
            total += amount;
        }
        if (total == 0) revert NothingToRelease();
    }

    /**
     * @dev Claims this split's rewards from the distributor (`claimFor(this, cumulativeAmount, proof)`,
     * which reverts on a proof that matches no claimable root) and pays every payee what it is due, all
     * in one transaction; returns the total paid. Anyone may call it.
     *
     * Requirements: as {releaseAll}, after the claim: some payee is due something.
     */
    function claimAndRelease(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256) {
        _distributor.claimFor(address(this), cumulativeAmount, proof);
        return releaseAll();
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @notice What `payee` could be paid now (zero for an address that is not a payee).
    function releasable(address payee) external view returns (uint256) {
        Totals memory totals = _totals;
        return _due(_accounts[payee], totals, _received(totals));
    }

    /// @notice The payees, in the order they were given.
    function payees() external view returns (address[] memory) {
        return _payees;
    }

    /// @notice The shares of `payee` (zero for an address that is not a payee).
    function sharesOf(address payee) external view returns (uint256) {
        return _accounts[payee].shares;
    }

    /// @notice The shares of all payees together.
    function totalShares() external view returns (uint256) {
        return _totals.shares;
    }

    /// @notice What `payee` was paid so far.
    function released(address payee) external view returns (uint256) {
        return _accounts[payee].released;
    }

    /// @notice What all payees were paid so far.
    function totalReleased() external view returns (uint256) {
        return _totals.released;
    }

    /// @notice Everything this split ever received: its balance plus everything it paid.
    function totalReceived() external view returns (uint256) {
        return _received(_totals);
    }

    /// @notice The token this split receives and pays: the network's PinionToken.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The reward distributor {claimAndRelease} claims from.
    function distributor() external view returns (address) {
        return address(_distributor);
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _received(Totals memory totals) private view returns (uint256) {
        return _token.balanceOf(address(this)) + totals.released;
    }

    /// @dev The payee's part of `received`, rounded toward zero, minus what it was already paid.
    function _due(Account memory account, Totals memory totals, uint256 received) private pure returns (uint256) {
        if (account.shares == 0) return 0;
        // `received` only grows (the balance leaves only by payments, which add to totalReleased),
        // so the part never falls below what was already paid from a smaller `received`.
        return Math.mulDiv(received, account.shares, totals.shares) - account.released;
    }

    /**
     * @dev Records `amount` as paid to `payee` (in storage and in `totals`), then pays it. In
     * {releaseAll}'s loop every store of the totals after the first rewrites a slot already written
     * in the transaction (100 gas).
     */
    function _pay(address payee, Account memory account, Totals memory totals, uint256 amount) private {
        _accounts[payee].released = SafeCast.toUint192(account.released + amount);
        totals.released = SafeCast.toUint192(totals.released + amount);
        _totals = totals;
        emit PaymentReleased(payee, amount);
        _token.safeTransfer(payee, amount);
    }
}
