// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";

/**
 * @dev Transferable shares of one device's rewards: an ERC-20 whose fixed supply is minted once, when
 * {DeviceSharesFactory} creates it for the device's owner. Each device's shares are a minimal clone
 * (EIP-1167) of one implementation, with the device id as the clone's immutable argument (OpenZeppelin
 * `Clones.cloneDeterministicWithImmutableArgs`): the name and symbol are derived from it, and the
 * token, distributor and factory are the implementation's immutables, shared by every clone.
 *
 * The owner points the device's rewards here (`DeviceRegistry.setRecipient`); the rewards arrive as
 * token transfers (`RewardDistributor.claimFor`, or {claimAndSync}), and every holder claims its part
 * ({claim}).
 *
 * Accounting: reward per share (as in SushiSwap's MasterChef and Synthetix's StakingRewards), with no
 * loop over holders. {sync} turns the tokens that arrived since the last sync into a rise of
 * `accPerShare`, the rewards per share ever accrued, scaled by {ACC_PRECISION}. Each holder has a
 * checkpoint: the `accPerShare` up to which its rewards were counted, and what it was owed then. Every
 * balance change syncs and checkpoints both sides first (in `_update`), so shares carry no past
 * rewards when they move: the seller keeps what accrued while it held them, the buyer earns from then
 * on. A holder's claimable amount is `owed + balance * (accPerShare - checkpoint) / ACC_PRECISION`.
 *
 * Rewards count from when they arrive here (are synced), not from when the device earned them: shares
 * held when a claim is paid in earn that claim's rewards. A seller who wants the rewards its device
 * earned while it held the shares has them paid in and synced before selling ({claimAndSync}).
 *
 * Rounding is toward zero everywhere, so nothing is ever paid that did not arrive:
 * - a sync raises `accPerShare` by `floor(arrived * ACC_PRECISION / supply)` and counts as accrued
 *   only what that rise pays out in all (`ceil(rise * supply / ACC_PRECISION)`, at most what arrived);
 *   the rest waits for the next sync, added to what arrives by then;
 * - each checkpoint credits a holder `floor(balance * rise / ACC_PRECISION)`; the fraction of a unit it
 *   loses stays in this contract for good (at most one unit per holder per checkpoint).
 * Hence the sum of all claims and claimable amounts never exceeds everything that arrived here.
 *
 * What arrived is measured as `balance + totalClaimed`: tokens sent here directly, rather than by a
 * claim, are rewards like any others. Holding its own shares would make this contract earn rewards
 * nobody can claim, so shares cannot be sent to it.
 *
 * No reentrancy guard: the only external calls go to the network's token, which calls nobody back,
 * and to the distributor, which pays through that token; state is written before every transfer.
 */
contract DeviceShares is ERC20 {
    using SafeERC20 for IERC20;

    /**
     * @dev The scale of `accPerShare`: 1e18, the usual choice (MasterChef uses 1e12, Synthetix 1e18).
     * `accPerShare` stays below `everything ever received * 1e18 / supply`, below 2^252 for any supply
     * while the token's amounts fit in 192 bits (PinionToken.MAX_CAP); and an arrival too small to raise
     * it is not lost but waits for the next sync.
     */
    uint256 public constant ACC_PRECISION = 1e18;

    /// @dev `caller` is not the factory that created this clone.
    error NotFactory(address caller);
    /// @dev The shares were already minted.
    error AlreadyMinted();
    /// @dev No holders were given.
    error NoHolders();
    /// @dev `holders` holders were given with `amounts` amounts.
    error LengthMismatch(uint256 holders, uint256 amounts);
    /// @dev `holder` was given no shares.
    error ZeroAmount(address holder);
    /// @dev `holder` has nothing to claim.
    error NothingToClaim(address holder);

    /**
     * @notice Emitted when a sync accrued `amount` of the tokens that arrived to the holders, raising
     * the rewards per share ever accrued to `accPerShare` (scaled by {ACC_PRECISION}).
     */
    event RewardsAccrued(uint256 amount, uint256 accPerShare);
    /// @notice Emitted when `holder` claimed `amount`.
    event RewardsClaimed(address indexed holder, uint256 amount);

    /// @dev A holder's checkpoint: `accPerShare` when its rewards were last counted, and what it was owed then.
    struct Holder {
        uint256 accPerSharePaid;
        uint256 owed;
    }

    IERC20 private immutable _token;
    IRewardDistributor private immutable _distributor;
    address private immutable _factory;
    /// @dev The implementation's own address: a clone's differs.
    address private immutable _self;

    uint256 private _accPerShare;
    /// @dev What arrived and was accrued to the holders (see {sync}): at most `balance + totalClaimed`.
    uint256 private _accrued;
    uint256 private _totalClaimed;
    mapping(address holder => Holder) private _holders;

    /**
     * @dev Deploys the implementation (the factory does, once): every clone shares these immutables.
     * ERC-20 name and symbol storage stay empty: {name} and {symbol} come from each clone's device id.
     *
     * @param token_ the network's PinionToken: the rewards
     * @param distributor_ the network's RewardDistributor, which {claimAndSync} claims from
     */
    constructor(IERC20 token_, IRewardDistributor distributor_) ERC20("", "") {
        _token = token_;
        _distributor = distributor_;
        _factory = msg.sender;
        _self = address(this);
    }

    /**
     * @dev Mints the whole supply, once: `amounts[i]` shares to `holders[i]` (a holder may appear more
     * than once). Only the factory calls it, right after creating this clone. Rewards that reached
     * this address before (a claim paid to the predicted address) are accrued to these holders by the
     * first sync.
     *
     * Requirements: the caller is the factory; nothing was minted yet; at least one holder, as many
     * amounts, none zero; no holder is the zero address or this contract (`ERC20InvalidReceiver`).
     */
    function mintShares(address[] calldata holders, uint256[] calldata amounts) external {
        if (msg.sender != _factory) revert NotFactory(msg.sender);
        if (totalSupply() != 0) revert AlreadyMinted();
        uint256 count = holders.length;
        if (count == 0) revert NoHolders();
        if (amounts.length != count) revert LengthMismatch(count, amounts.length);
        for (uint256 i = 0; i < count; ++i) {
            if (amounts[i] == 0) revert ZeroAmount(holders[i]);
            _mint(holders[i], amounts[i]);
        }
    }

    /**
     * @dev Accrues the tokens that arrived since the last sync to the holders, in proportion to their
     * shares now. Anyone may call it; every transfer of shares and every claim calls it first.
     */
    function sync() public {
        uint256 supply = totalSupply();
        // Before the shares are minted, whatever arrived waits for them.
        if (supply == 0) return;
        (uint256 rise, uint256 accrued) = _pending(supply);
        if (rise == 0) return;
        uint256 accPerShare_ = _accPerShare + rise;
        _accPerShare = accPerShare_;
        _accrued += accrued;
        emit RewardsAccrued(accrued, accPerShare_);
    }

    /**
     * @dev Pays the caller everything it is owed, synced first; returns the amount.
     *
     * Requirements: the caller is owed something.
     */
    function claim() external returns (uint256 amount) {
        sync();
        _checkpoint(msg.sender);
        Holder storage holder = _holders[msg.sender];
        amount = holder.owed;
        if (amount == 0) revert NothingToClaim(msg.sender);
        holder.owed = 0;
        _totalClaimed += amount;
        emit RewardsClaimed(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /**
     * @dev Claims this contract's rewards from the distributor (`claimFor(this, cumulativeAmount,
     * proof)`, which reverts on a proof that matches no claimable root) and accrues them to the holders
     * of now. Anyone may call it, e.g. a holder about to sell.
     */
    function claimAndSync(uint256 cumulativeAmount, bytes32[] calldata proof) external {
        _distributor.claimFor(address(this), cumulativeAmount, proof);
        sync();
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @notice What `holder` could claim now, counting tokens that arrived and are not synced yet.
    function claimable(address holder) external view returns (uint256) {
        uint256 supply = totalSupply();
        if (supply == 0) return 0;
        (uint256 rise,) = _pending(supply);
        Holder memory checkpoint = _holders[holder];
        return checkpoint.owed
            + Math.mulDiv(balanceOf(holder), _accPerShare + rise - checkpoint.accPerSharePaid, ACC_PRECISION);
    }

    /// @notice The rewards per share ever accrued, scaled by {ACC_PRECISION}, as of the last sync.
    function accPerShare() external view returns (uint256) {
        return _accPerShare;
    }

    /// @notice Everything that ever arrived here: the balance plus everything claimed.
    function totalReceived() public view returns (uint256) {
        return _token.balanceOf(address(this)) + _totalClaimed;
    }

    /// @notice What was accrued to the holders so far (the rest of {totalReceived} waits for a sync).
    function totalAccrued() external view returns (uint256) {
        return _accrued;
    }

    /// @notice Everything the holders claimed so far.
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed;
    }

    /// @notice The device whose rewards these shares divide (zero for the implementation itself).
    function deviceId() public view returns (uint256) {
        if (address(this) == _self) return 0;
        return abi.decode(Clones.fetchCloneArgs(address(this)), (uint256));
    }

    /// @notice "Device 0x<the device id's 64 hex digits> shares".
    function name() public view override returns (string memory) {
        return string.concat("Device ", Strings.toHexString(deviceId(), 32), " shares");
    }

    /// @notice "DEV-" and the device id's first 8 hex digits.
    function symbol() public view override returns (string memory) {
        bytes memory digits = bytes(Strings.toHexString(deviceId() >> 224, 4));
        bytes memory symbol_ = new bytes(8);
        for (uint256 i = 0; i < 8; ++i) {
            symbol_[i] = digits[i + 2];
        }
        return string.concat("DEV-", string(symbol_));
    }

    /// @notice The rewards token: the network's PinionToken.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The reward distributor {claimAndSync} claims from.
    function distributor() external view returns (address) {
        return address(_distributor);
    }

    /// @notice The factory that created this clone and minted its shares.
    function factory() external view returns (address) {
        return _factory;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /**
     * @dev Every balance change (the mint aside) syncs, then checkpoints sender and receiver at the
     * new `accPerShare`, so that what accrued until now is credited at the old balances. A transfer to
     * oneself or of zero shares changes no balance and so no one's rewards.
     */
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this)) revert ERC20InvalidReceiver(to);
        // The mint (from the zero address) happens once, before any sync: every checkpoint is at zero.
        if (from != address(0)) {
            sync();
            _checkpoint(from);
            _checkpoint(to);
        }
        super._update(from, to, value);
    }

    /// @dev Credits `account` what its balance earned since its checkpoint, and moves the checkpoint to now.
    function _checkpoint(address account) private {
        uint256 accPerShare_ = _accPerShare;
        Holder storage holder = _holders[account];
        uint256 paid = holder.accPerSharePaid;
        if (paid == accPerShare_) return;
        uint256 balance = balanceOf(account);
        if (balance != 0) holder.owed += Math.mulDiv(balance, accPerShare_ - paid, ACC_PRECISION);
        holder.accPerSharePaid = accPerShare_;
    }

    /**
     * @dev For what arrived since the last sync: the rise of `accPerShare`, rounded down, and the amount
     * that rise pays out over `supply` shares, rounded up (at most what arrived: `rise * supply` is at
     * most `arrived * ACC_PRECISION`, and `arrived` is whole).
     */
    function _pending(uint256 supply) private view returns (uint256 rise, uint256 accrued) {
        uint256 arrived = totalReceived() - _accrued;
        rise = Math.mulDiv(arrived, ACC_PRECISION, supply);
        accrued = Math.mulDiv(rise, supply, ACC_PRECISION, Math.Rounding.Ceil);
    }
}
