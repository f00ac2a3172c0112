// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @dev The part of the network token that fee-charging contracts use: fees are burnt, not kept.
interface IFeeToken {
    function burnFrom(address account, uint256 value) external;
}
