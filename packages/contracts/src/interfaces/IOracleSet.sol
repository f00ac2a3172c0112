// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev The network's oracle set as the RewardDistributor keeps it: who may sign, how many must, and
 * the set's version (bumped on every change). Contracts that accept quorum-signed messages besides
 * roots (receipt settlements, slash orders, prices) read it here, so one governance action changes
 * who signs everything.
 */
interface IOracleSet {
    /// @notice Whether `account` is in the current oracle set.
    function isOracle(address account) external view returns (bool);
    /// @notice How many distinct oracles of the current set must sign.
    function quorum() external view returns (uint256);
    /// @notice The current set's version.
    function oracleSetVersion() external view returns (uint32);
    /// @notice Seconds between a root's commit and its taking effect.
    function disputeWindow() external view returns (uint64);
}
