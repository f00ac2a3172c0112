// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @dev The emission schedule: how many new tokens each epoch pays out.
interface IEmissions {
    /// @notice The schedule's parameters, fixed at deployment.
    struct Schedule {
        /// Start of epoch 0 (unix seconds).
        uint64 genesisTime;
        /// Length of an epoch in seconds.
        uint64 epochDuration;
        /// Tokens emitted in each epoch before the first halving.
        uint256 initialEpochEmission;
        /// Epochs between halvings (e.g. two years of daily epochs = 730), 0 for no halving.
        uint64 halvingInterval;
    }

    /// @notice Thrown when a schedule parameter is out of range.
    error InvalidSchedule(string parameter);
    /// @notice Thrown when asking what `epoch` was paid before it was released (`[0, releasedEpochs)` are).
    error EpochNotReleased(uint64 epoch, uint64 releasedEpochs);

    /// @notice Emitted when the emission of epochs `[fromEpoch, toEpoch)`, net emission included, was
    /// minted and funded. `amount` may be below what was due when the token's cap leaves less room.
    event EmissionReleased(uint64 fromEpoch, uint64 toEpoch, uint256 amount);

    /// @notice Mints and funds the emission of every epoch that has ended and was not yet released.
    function release() external returns (uint256);

    /// @notice The scheduled emission of `epoch` (before the cap), net emission excluded.
    function emissionOf(uint64 epoch) external view returns (uint256);

    /// @notice What was actually minted for `epoch` (net emission included, after the cap): what an
    /// epoch's rewards are sized from.
    function emissionReleasedFor(uint64 epoch) external view returns (uint256);
}
