// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/**
 * @dev FOR TESTS ONLY — never deploy it on a network: anyone can set its answer. A stand-in for a
 * Chainlink feed, so that ChainlinkPrice can be tested on anvil: whatever round was set last is the
 * latest, and it answers {getRoundData} for that round only.
 */
contract TestAggregator is AggregatorV3Interface {
    /// @dev No round `roundId` is stored (Chainlink's aggregators revert likewise).
    error NoDataPresent(uint80 roundId);

    uint8 private _decimals;
    uint80 private _roundId;
    int256 private _answer;
    uint256 private _updatedAt;

    constructor(uint8 decimals_) {
        _decimals = decimals_;
    }

    /// @dev Makes (`roundId`, `answer`, `updatedAt`) the latest round; `updatedAt` 0 is an incomplete round.
    function setRound(uint80 roundId, int256 answer, uint256 updatedAt) external {
        _roundId = roundId;
        _answer = answer;
        _updatedAt = updatedAt;
    }

    /// @dev Changes the decimals, as an aggregator swapped behind a proxy could.
    function setDecimals(uint8 decimals_) external {
        _decimals = decimals_;
    }

    function decimals() external view returns (uint8) {
        return _decimals;
    }

    function description() external pure returns (string memory) {
        return "TEST / USD";
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        if (roundId != _roundId) revert NoDataPresent(roundId);
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }
}
