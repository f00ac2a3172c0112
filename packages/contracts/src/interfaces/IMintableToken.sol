// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @dev The part of the network token that the emissions schedule uses.
interface IMintableToken is IERC20 {
    function mint(address to, uint256 amount) external;
    function cap() external view returns (uint256);
}
