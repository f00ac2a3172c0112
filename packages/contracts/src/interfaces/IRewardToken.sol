// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @dev The part of the network token that the reward distributor uses to pay claims.
interface IRewardToken is IERC20 {
    /// @notice Transfers `amount` from the reward pool (the caller) to `to`; only the reward pool may call it.
    function payOut(address to, uint256 amount) external returns (bool);
}
