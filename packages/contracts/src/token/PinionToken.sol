// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/**
 * @dev The network's token: ERC-20 with EIP-2612 permits, governance votes and a hard cap.
 *
 * New tokens come from the emissions schedule: `mint` is restricted to one minter fixed at
 * construction (the {Emissions} contract). An optional genesis allocation, minted at construction and
 * counted against the cap, lets a network govern from its first day (emissions go to the reward pool,
 * which never votes). Holders may burn, which is how service credits are bought (burn-and-mint) and
 * how fees are paid; burnt supply frees room under the cap.
 *
 * Votes are checkpointed by timestamp (ERC-6372 `mode=timestamp`), so governance works the same on
 * chains with irregular block times (most L2s). Voting power counts only once a holder delegates.
 *
 * The reward pool (the {RewardDistributor}) may never delegate: undistributed rewards must not vote,
 * and knowing its delegate is always zero lets every claim skip a cold storage read (2,100 gas).
 */
contract PinionToken is ERC20, ERC20Burnable, ERC20Capped, ERC20Permit, ERC20Votes {
    /// @dev `caller` is not the minter.
    error PinionTokenUnauthorizedMinter(address caller);
    /// @dev The minter given at construction was the zero address.
    error PinionTokenInvalidMinter(address minter);
    /// @dev The cap given at construction exceeds {MAX_CAP}.
    error PinionTokenCapTooLarge(uint256 cap, uint256 maxCap);
    /// @dev The genesis holders and amounts given at construction differ in length.
    error PinionTokenInvalidGenesis(uint256 holders, uint256 amounts);
    /// @dev The reward pool tried to delegate its votes.
    error PinionTokenRewardPoolCannotDelegate(address rewardPool);
    /// @dev `caller` is not the reward pool, the only account that may {payOut}.
    error PinionTokenUnauthorizedPayout(address caller);

    /**
     * @dev The largest cap: 2^192 - 1. The reward distributor packs root totals and the emissions
     * schedule packs releases in 192 bits (below the 2^208 - 1 vote checkpoints hold).
     */
    uint256 public constant MAX_CAP = type(uint192).max;

    address private immutable _minter;
    address private immutable _rewardPool;

    /**
     * @param cap_ the most that may ever be in circulation (at most {MAX_CAP})
     * @param minter_ the only address allowed to mint: the emissions schedule
     * @param rewardPool_ the reward distributor, whose balance never votes
     * @param genesisHolders receive `genesisAmounts` at construction (counted against the cap)
     */
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        address minter_,
        address rewardPool_,
        address[] memory genesisHolders,
        uint256[] memory genesisAmounts
    ) ERC20(name_, symbol_) ERC20Capped(cap_) ERC20Permit(name_) {
        if (minter_ == address(0)) revert PinionTokenInvalidMinter(minter_);
        if (cap_ > MAX_CAP) revert PinionTokenCapTooLarge(cap_, MAX_CAP);
        if (genesisHolders.length != genesisAmounts.length) {
            revert PinionTokenInvalidGenesis(genesisHolders.length, genesisAmounts.length);
        }
        _minter = minter_;
        _rewardPool = rewardPool_;
        for (uint256 i = 0; i < genesisHolders.length; ++i) {
            _mint(genesisHolders[i], genesisAmounts[i]);
        }
    }

    /// @dev The only address allowed to mint.
    function minter() external view returns (address) {
        return _minter;
    }

    /// @dev The reward distributor, whose balance never votes.
    function rewardPool() external view returns (address) {
        return _rewardPool;
    }

    /// @dev The reward pool's delegate is always zero (see {_delegate}), so it is not read from storage.
    function delegates(address account) public view override returns (address) {
        if (account == _rewardPool) return address(0);
        return super.delegates(account);
    }

    /**
     * @dev The reward pool's transfer: moves `amount` from the reward pool (the caller) to `to`, as
     * {transfer} does, and returns true. It exists for gas alone: its selector (0x0221038a) sorts
     * below every other function's, so the dispatcher finds it first, where a claim's `transfer`
     * would pass 24 other functions first (about 530 gas, every claim).
     *
     * Requirements: the caller is the reward pool.
     */
    function payOut(address to, uint256 amount) external returns (bool) {
        if (msg.sender != _rewardPool) revert PinionTokenUnauthorizedPayout(msg.sender);
        _transfer(msg.sender, to, amount);
        return true;
    }

    /**
     * @dev Mints `amount` to `to`.
     *
     * Requirements:
     * - the caller is the minter;
     * - the total supply stays at or below the cap.
     */
    function mint(address to, uint256 amount) external {
        if (msg.sender != _minter) revert PinionTokenUnauthorizedMinter(msg.sender);
        _mint(to, amount);
    }

    /// @dev ERC-6372 clock: votes are checkpointed by timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @dev ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _delegate(address account, address delegatee) internal override {
        if (account == _rewardPool) revert PinionTokenRewardPoolCannotDelegate(account);
        super._delegate(account, delegatee);
    }

    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Capped, ERC20Votes)
    {
        super._update(from, to, value);
    }

    /// @dev The next permit nonce of `owner`.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
