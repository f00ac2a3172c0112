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
 * New tokens come only from the emissions schedule: `mint` is restricted to one minter fixed at
 * construction (the {Emissions} contract). Holders may burn, which is how service credits are bought
 * (burn-and-mint) and how fees are paid; burnt supply frees room under the cap.
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
    /// @dev The cap given at construction exceeds what vote checkpoints can hold (2^208 - 1).
    error PinionTokenCapTooLarge(uint256 cap, uint256 maxSupply);
    /// @dev The reward pool tried to delegate its votes.
    error PinionTokenRewardPoolCannotDelegate(address rewardPool);

    address private immutable _minter;
    address private immutable _rewardPool;

    constructor(string memory name_, string memory symbol_, uint256 cap_, address minter_, address rewardPool_)
        ERC20(name_, symbol_)
        ERC20Capped(cap_)
        ERC20Permit(name_)
    {
        if (minter_ == address(0)) revert PinionTokenInvalidMinter(minter_);
        if (cap_ > _maxSupply()) revert PinionTokenCapTooLarge(cap_, _maxSupply());
        _minter = minter_;
        _rewardPool = rewardPool_;
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

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
