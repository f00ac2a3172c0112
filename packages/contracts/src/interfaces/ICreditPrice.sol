// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev Where {Credits} gets the price at which burnt tokens become credits: how many credits one whole
 * token (10^18 base units) buys, and when that price was observed. {Credits} refuses a price of zero
 * and one older than its `maxPriceAge`, so a source need not judge staleness itself; it only has to
 * say truthfully when its price was last vouched for.
 *
 * Sources: GovernedPrice (set by governance), QuorumPrice (signed by a quorum of the oracles),
 * ChainlinkPrice (a token/USD feed and a fixed USD price per credit).
 */
interface ICreditPrice {
    /**
     * @notice Credits per whole token (10^18 base units), and when that price was observed or last
     * vouched for (unix seconds).
     */
    function creditsPerToken() external view returns (uint256 price, uint64 updatedAt);
}
