// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "../../interfaces/AggregatorV3Interface.sol";
import {ICreditPrice} from "../../interfaces/ICreditPrice.sol";

/**
 * @dev A credit price from a Chainlink token/USD feed and a fixed USD price per credit (Helium's
 * Data Credit: $0.00001, i.e. `usdPerCredit` = 10^13 in 18-decimal USD):
 * `creditsPerToken = answer · 10^18 / 10^decimals / usdPerCredit`, rounded toward zero (one
 * division, which equals the two in turn). `updatedAt` is the round's; {Credits} rejects it when older
 * than its `maxPriceAge`, so the feed's heartbeat should be shorter than that.
 *
 * Helium mints Data Credits at the Pyth EMA price minus twice its confidence interval, a price the
 * token is almost surely worth. Chainlink reports a median of its nodes' answers and no confidence
 * interval, so this adapter cannot be as conservative: it uses the answer as is. A network that wants
 * a margin can set `usdPerCredit` a little above the credit's nominal price.
 *
 * The feed's `decimals()` is read with each price, so that an aggregator swapped behind a Chainlink
 * proxy with other decimals cannot skew it. `answeredInRound`, deprecated by Chainlink, is not checked.
 */
contract ChainlinkPrice is ICreditPrice {
    /// @dev One whole token, and one USD in `usdPerCredit`'s 18-decimal units.
    uint256 private constant _UNIT = 1e18;
    /// @dev The most decimals a feed may have (Chainlink's USD feeds have 8, some 18).
    uint8 public constant MAX_FEED_DECIMALS = 38;
    /// @dev The largest USD price per credit, in 18-decimal USD ($10^18): far above any real one, low
    /// enough that `10^MAX_FEED_DECIMALS · usdPerCredit` cannot overflow.
    uint256 public constant MAX_USD_PER_CREDIT = 1e36;

    /// @dev The feed answered `answer`, which is not a positive price.
    error InvalidAnswer(int256 answer);
    /// @dev The feed's latest round `roundId` has no timestamp: it has not completed.
    error IncompleteRound(uint80 roundId);
    /// @dev The feed has `decimals` decimals, more than {MAX_FEED_DECIMALS}.
    error UnsupportedDecimals(uint8 decimals);
    /// @dev A USD price per credit of zero, or above {MAX_USD_PER_CREDIT}.
    error InvalidUsdPerCredit(uint256 usdPerCredit);
    /// @dev The feed given at construction is not a contract.
    error NotAContract(address account);

    AggregatorV3Interface private immutable _feed;
    uint256 private immutable _usdPerCredit;

    /**
     * @param feed_ a Chainlink token/USD feed (its proxy)
     * @param usdPerCredit_ what one credit costs, in USD with 18 decimals (10^13: $0.00001)
     */
    constructor(address feed_, uint256 usdPerCredit_) {
        if (feed_.code.length == 0) revert NotAContract(feed_);
        if (usdPerCredit_ == 0 || usdPerCredit_ > MAX_USD_PER_CREDIT) revert InvalidUsdPerCredit(usdPerCredit_);
        _feed = AggregatorV3Interface(feed_);
        _usdPerCredit = usdPerCredit_;
    }

    /// @inheritdoc ICreditPrice
    function creditsPerToken() external view returns (uint256 price, uint64 updatedAt) {
        (uint80 roundId, int256 answer,, uint256 roundUpdatedAt,) = _feed.latestRoundData();
        if (answer <= 0) revert InvalidAnswer(answer);
        if (roundUpdatedAt == 0) revert IncompleteRound(roundId);
        uint8 decimals = _feed.decimals();
        if (decimals > MAX_FEED_DECIMALS) revert UnsupportedDecimals(decimals);
        price = Math.mulDiv(uint256(answer), _UNIT, 10 ** decimals * _usdPerCredit);
        updatedAt = SafeCast.toUint64(roundUpdatedAt);
    }

    /// @notice The feed read.
    function feed() external view returns (address) {
        return address(_feed);
    }

    /// @notice What one credit costs, in USD with 18 decimals.
    function usdPerCredit() external view returns (uint256) {
        return _usdPerCredit;
    }
}
