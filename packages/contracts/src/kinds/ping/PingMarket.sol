// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {DoubleEndedQueue} from "@openzeppelin/contracts/utils/structs/DoubleEndedQueue.sol";
import {IDeviceRegistry} from "../../interfaces/IDeviceRegistry.sol";
import {IFeeToken} from "../../interfaces/IFeeToken.sol";

/**
 * @dev The market of the example `ping` kind: operators bond stake for their devices, and customers
 * pay for a device's service. The oracle's follower indexes its events, and the kind folds them into
 * each epoch's inputs (stake per device and operator, revenue per device).
 *
 * Like every kind contract, it is deployed by `deploy()` through the network's PinionDeployer with
 * the constructor arguments `(token, registry)`: the network's PinionToken and DeviceRegistry.
 *
 * Stake belongs to the device, not to whoever bonded it: the device's current owner (its ERC-721
 * owner in the registry) bonds and unbonds it, and a device sold keeps its stake, which passes to
 * the buyer with the token. A seller who wants its stake back unbonds before selling; what it
 * unbonded stays its own and is paid to it ({withdraw}) whoever owns the device by then. An owner
 * retiring a device unbonds first: once the device's token is burnt nobody owns it, so nobody can
 * unbond its stake (what happens to such stake is for the economy issue, below).
 *
 * Unbonded tokens leave the stake at once (the oracle stops counting them) but stay in this contract
 * for {UNBONDING_DELAY}, so that stake cannot escape the consequences of the work it was counted
 * for. Slashing — a quorum-signed order with evidence, after its dispute window — is a later issue
 * (the economy issue) and is not implemented here: nothing can take bonded or unbonding stake yet.
 *
 * Payments are burnt (burn-and-mint): the customer's tokens are destroyed with `burnFrom`, so
 * revenue never sits in this contract and nobody can take it; the oracle reads {ServicePaid} as
 * the device's revenue.
 *
 * No reentrancy guard: the only external calls go to the network's own token and registry, which
 * call nobody back, and every function changes its state before calling them.
 */
contract PingMarket {
    using SafeERC20 for IERC20;
    using DoubleEndedQueue for DoubleEndedQueue.Bytes32Deque;

    /**
     * @dev How long unbonded tokens wait before they can be withdrawn: 7 days. Stake must outlast the
     * time in which its device's misbehaviour can be found and punished: the epoch it was counted in
     * (a day in production), that epoch's root's dispute window (PRODUCTION_DISPUTE_WINDOW_SECONDS,
     * a day), and a slash order's own dispute window, with room to spare. Seven days is also
     * Fluence's withdrawal challenge, within Streamr's 30-day undelegation limit (SIP-16).
     */
    uint64 public constant UNBONDING_DELAY = 7 days;

    /// @dev `caller` is not the current owner of `deviceId`.
    error NotDeviceOwner(uint256 deviceId, address caller);
    /// @dev An amount of zero was given.
    error ZeroAmount();
    /// @dev `requested` exceeds the `staked` tokens of `deviceId`.
    error InsufficientStake(uint256 deviceId, uint256 staked, uint256 requested);
    /// @dev `operator` has nothing that finished unbonding from `deviceId`.
    error NothingToWithdraw(uint256 deviceId, address operator);
    /// @dev `deviceId` does not exist or is suspended: nobody can be paid for its service.
    error DeviceNotActive(uint256 deviceId);
    /// @dev A constructor argument is not a contract.
    error NotAContract(address account);

    /// @notice Emitted when `operator` bonded `amount` for `deviceId`, whose stake is now `total`.
    event StakeBonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total);
    /**
     * @notice Emitted when `operator` unbonded `amount` of `deviceId`'s stake, which is now `total`;
     * the tokens can be withdrawn from `availableAt` (unix seconds).
     */
    event StakeUnbonded(
        uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total, uint64 availableAt
    );
    /// @notice Emitted when `operator` withdrew `amount` that finished unbonding from `deviceId`.
    event StakeWithdrawn(uint256 indexed deviceId, address indexed operator, uint256 amount);
    /// @notice Emitted when `customer` paid (burnt) `amount` for `deviceId`'s service.
    event ServicePaid(uint256 indexed deviceId, address indexed customer, uint256 amount);

    IERC20 private immutable _token;
    IDeviceRegistry private immutable _registry;

    mapping(uint256 deviceId => uint256) private _stakes;
    /// @dev Each operator's unbondings of a device, oldest first: `amount << 64 | availableAt`.
    /// The delay is constant, so they mature in order.
    mapping(uint256 deviceId => mapping(address operator => DoubleEndedQueue.Bytes32Deque)) private _unbondings;

    /**
     * @param token_ the network's PinionToken: what is bonded, and what customers pay (and burn)
     * @param registry_ the network's DeviceRegistry: who owns each device, and whether it is active
     */
    constructor(address token_, address registry_) {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (registry_.code.length == 0) revert NotAContract(registry_);
        _token = IERC20(token_);
        _registry = IDeviceRegistry(registry_);
    }

    /**
     * @dev Bonds `amount` tokens, pulled from the caller with `transferFrom` (approve this contract
     * first), to `deviceId`'s stake.
     *
     * Requirements: the caller owns the device; `amount` is not zero.
     */
    function bond(uint256 deviceId, uint256 amount) external {
        _checkOwner(deviceId);
        if (amount == 0) revert ZeroAmount();
        uint256 total = _stakes[deviceId] + amount;
        _stakes[deviceId] = total;
        emit StakeBonded(deviceId, msg.sender, amount, total);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /**
     * @dev Takes `amount` out of `deviceId`'s stake at once; the caller can {withdraw} it after
     * {UNBONDING_DELAY}.
     *
     * Requirements: the caller owns the device; `amount` is not zero and at most the device's stake.
     */
    function unbond(uint256 deviceId, uint256 amount) external {
        _checkOwner(deviceId);
        if (amount == 0) revert ZeroAmount();
        uint256 staked = _stakes[deviceId];
        if (amount > staked) revert InsufficientStake(deviceId, staked, amount);
        uint256 total = staked - amount;
        _stakes[deviceId] = total;
        uint64 availableAt = SafeCast.toUint64(block.timestamp) + UNBONDING_DELAY;
        // The token's cap is at most 2^192 - 1 (PinionToken.MAX_CAP), so any amount fits in 192 bits.
        _unbondings[deviceId][msg.sender].pushBack(
            bytes32((uint256(SafeCast.toUint192(amount)) << 64) | availableAt)
        );
        emit StakeUnbonded(deviceId, msg.sender, amount, total, availableAt);
    }

    /**
     * @dev Pays the caller everything it unbonded from `deviceId` whose delay has passed. The caller
     * need not own the device any more.
     *
     * Requirements: something finished unbonding.
     */
    function withdraw(uint256 deviceId) external {
        DoubleEndedQueue.Bytes32Deque storage queue = _unbondings[deviceId][msg.sender];
        uint256 amount = 0;
        while (!queue.empty()) {
            uint256 entry = uint256(queue.front());
            if (uint64(entry) > block.timestamp) break;
            queue.popFront();
            amount += entry >> 64;
        }
        if (amount == 0) revert NothingToWithdraw(deviceId, msg.sender);
        emit StakeWithdrawn(deviceId, msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /**
     * @dev Pays `amount` for `deviceId`'s service: the tokens are burnt from the caller (approve
     * this contract first), never kept.
     *
     * Requirements: the device exists and is not suspended; `amount` is not zero.
     */
    function pay(uint256 deviceId, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        if (!_registry.isActive(deviceId)) revert DeviceNotActive(deviceId);
        emit ServicePaid(deviceId, msg.sender, amount);
        IFeeToken(address(_token)).burnFrom(msg.sender, amount);
    }

    /// @notice The tokens bonded for `deviceId` now (unbonding tokens excluded).
    function stakeOf(uint256 deviceId) external view returns (uint256) {
        return _stakes[deviceId];
    }

    /**
     * @notice What `operator` unbonded from `deviceId` and has not withdrawn: in all (`pending`), and
     * the part whose delay has passed (`withdrawable`).
     */
    function unbondingOf(uint256 deviceId, address operator)
        external
        view
        returns (uint256 pending, uint256 withdrawable)
    {
        DoubleEndedQueue.Bytes32Deque storage queue = _unbondings[deviceId][operator];
        uint256 length = queue.length();
        for (uint256 i = 0; i < length; ++i) {
            uint256 entry = uint256(queue.at(i));
            pending += entry >> 64;
            if (uint64(entry) <= block.timestamp) withdrawable += entry >> 64;
        }
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The network's device registry.
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @dev Reverts unless the caller owns `deviceId`; nobody owns a device that does not exist (any more).
    function _checkOwner(uint256 deviceId) private view {
        try IERC721(address(_registry)).ownerOf(deviceId) returns (address owner) {
            if (owner == msg.sender) return;
        } catch {}
        revert NotDeviceOwner(deviceId, msg.sender);
    }
}
